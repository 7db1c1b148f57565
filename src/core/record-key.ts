import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { plainItem } from './plain-item.js';
import type { Source } from './source.js';

type StreamRecord = DynamoDBRecord | KinesisStreamRecord;

/** The source item key of a record: its identity, and the values a downstream effect would carry. */
export interface SourceKey {
  id: string;
  values: string[];
}

/** A record as a person reads it: DynamoDB images as plain JSON, Kinesis data decoded. */
export interface ReadableRecord {
  sequenceNumber: string;
  eventName: string;
  key: unknown;
  newImage?: unknown;
  oldImage?: unknown;
  /** A REMOVE that DynamoDB wrote for a TTL expiry (its userIdentity is the DynamoDB service). */
  ttl?: true;
}

/** What the judging stages read from a record, which differs between DynamoDB Streams and Kinesis. */
export interface SourceRecords {
  keyOf(record: StreamRecord): SourceKey;
  sequenceNumberOf(record: StreamRecord): string;
  readable(record: StreamRecord): ReadableRecord;
  /** The names of the item key's attributes, sorted (none on Kinesis: a record has a partition key, not an item). */
  keyAttributeNames(record: StreamRecord | undefined): string[];
}

const dynamodb: SourceRecords = {
  keyOf(record) {
    const keys = (record as DynamoDBRecord).dynamodb?.Keys ?? {};
    const names = Object.keys(keys).sort();
    const values = names.map((name) => {
      const value = keys[name] as unknown as Record<string, string>;
      return value.S ?? value.N ?? value.B ?? JSON.stringify(value);
    });
    return { id: names.map((name, i) => `${name}=${values[i]}`).join(','), values };
  },
  sequenceNumberOf: (record) => (record as DynamoDBRecord).dynamodb!.SequenceNumber!,
  readable(record) {
    const { dynamodb: change, eventName, userIdentity } = record as DynamoDBRecord;
    return {
      sequenceNumber: change!.SequenceNumber!,
      eventName: eventName ?? '',
      key: plainItem(change!.Keys),
      ...(change!.NewImage && { newImage: plainItem(change!.NewImage) }),
      ...(change!.OldImage && { oldImage: plainItem(change!.OldImage) }),
      ...(isTtlIdentity(userIdentity) && { ttl: true as const }),
    };
  },
  keyAttributeNames: (record) => Object.keys((record as DynamoDBRecord | undefined)?.dynamodb?.Keys ?? {}).sort(),
};

const kinesis: SourceRecords = {
  keyOf(record) {
    const key = (record as KinesisStreamRecord).kinesis.partitionKey;
    return { id: key, values: [key] };
  },
  sequenceNumberOf: (record) => (record as KinesisStreamRecord).kinesis.sequenceNumber,
  readable(record) {
    const { kinesis: data } = record as KinesisStreamRecord;
    return { sequenceNumber: data.sequenceNumber, eventName: 'aws:kinesis:record', key: data.partitionKey, newImage: decode(data.data) };
  },
  keyAttributeNames: () => [],
};

/** The per-source reading of records, for the judge, the rules and the counterexample. */
export const sourceRecords: Record<Source, SourceRecords> = { dynamodb, kinesis };

export function sourceKeyOf(record: StreamRecord, source: Source): SourceKey {
  return sourceRecords[source].keyOf(record);
}

export function sequenceNumberOf(record: StreamRecord, source: Source): string {
  return sourceRecords[source].sequenceNumberOf(record);
}

/** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html */
function isTtlIdentity(identity: unknown): boolean {
  const { type, principalId } = (identity ?? {}) as { type?: unknown; principalId?: unknown };
  return type === 'Service' && principalId === 'dynamodb.amazonaws.com';
}

function decode(data: string): unknown {
  const text = Buffer.from(data, 'base64').toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
