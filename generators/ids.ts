import { createHash } from 'node:crypto';

export const DEFAULT_ACCOUNT_ID = '123456789012';
export const DEFAULT_REGION = 'us-east-1';
/** 2026-01-01T00:00:00Z */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1);

export function md5(text: string): Buffer {
  return createHash('md5').update(text, 'utf8').digest();
}

/** 32 lowercase hex characters, like DynamoDB stream eventIDs; derived so it is stable under shrinking. */
export function eventIdFor(...parts: string[]): string {
  return md5(parts.join('\u0000')).toString('hex');
}

/** The 128-bit MD5 of a key, the hash-key space Kinesis (and our DynamoDB model) partitions. */
export function hashKey(text: string): bigint {
  return BigInt(`0x${md5(text).toString('hex')}`);
}

/** DynamoDB stream label: the stream's creation time, ISO 8601 without the zone. */
export function streamLabel(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23);
}

export function dynamodbStreamArn(region: string, accountId: string, tableName: string, createdAtMs: number): string {
  return `arn:aws:dynamodb:${region}:${accountId}:table/${tableName}/stream/${streamLabel(createdAtMs)}`;
}

/** `shardId-<creation time, 20 digits>-<8 hex>`, 37 characters (DynamoDB allows 28–65). */
export function dynamodbShardId(createdAtMs: number, salt: string): string {
  return `shardId-${String(createdAtMs).padStart(20, '0')}-${md5(salt).toString('hex').slice(0, 8)}`;
}

export function kinesisStreamArn(region: string, accountId: string, streamName: string): string {
  return `arn:aws:kinesis:${region}:${accountId}:stream/${streamName}`;
}

/** `shardId-000000000000`, as Kinesis names shards. */
export function kinesisShardId(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}
