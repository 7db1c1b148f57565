import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { Source, StreamRecord } from '../../src/model/types.js';
import type { StaticContext } from '../evidence.js';

/** The shard a rule judged once puts its records in, named as the source names shards (Kinesis: as its records' eventID says). */
export function judgedShardId(source: Source, ordinal: number): string {
  return source === 'kinesis' ? 'shardId-000000000000' : `shardId-00000001767225600000-${String(ordinal).padStart(8, '0')}`;
}

/**
 * A record of the source for a rule judged once, shaped like the consumer's own (its key schema,
 * its sample item or payload): a DynamoDB INSERT of the item with this key, or a Kinesis record
 * with this partition key. `at` is its creation or arrival time (epoch seconds); `seq` its sequence
 * number's digits (Kinesis sequence numbers get the usual `4959` prefix).
 */
export function keyedRecord(source: Source, keyRecord: StaticContext['keyRecord'], key: string, index: number, at: number, seq: string): StreamRecord {
  if (source === 'kinesis') {
    const record: KinesisStreamRecord = {
      kinesis: { kinesisSchemaVersion: '1.0', partitionKey: key, sequenceNumber: `4959${seq}`, data: Buffer.from(JSON.stringify(keyRecord.payload(key))).toString('base64'), approximateArrivalTimestamp: at },
      eventSource: 'aws:kinesis', eventVersion: '1.0', eventID: `shardId-000000000000:4959${seq}`, eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/consumer', awsRegion: 'us-east-1', eventSourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/source',
    };
    return record;
  }
  const { keys: Keys, image } = keyRecord.item(key, index);
  const record: DynamoDBRecord = {
    eventID: seq.padStart(32, '0'), eventName: 'INSERT', eventVersion: '1.1', eventSource: 'aws:dynamodb', awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/source/stream/2026-01-01T00:00:00.000',
    dynamodb: { ApproximateCreationDateTime: at, Keys, NewImage: image, SequenceNumber: seq, SizeBytes: 10, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
  return record;
}
