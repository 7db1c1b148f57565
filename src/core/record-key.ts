import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { Source } from './source.js';

type StreamRecord = DynamoDBRecord | KinesisStreamRecord;

/** The source item key of a record: its identity, and the values a downstream effect would carry. */
export interface SourceKey {
  id: string;
  values: string[];
}

export function sourceKeyOf(record: StreamRecord, source: Source): SourceKey {
  if (source === 'kinesis') {
    const key = (record as KinesisStreamRecord).kinesis.partitionKey;
    return { id: key, values: [key] };
  }
  const keys = (record as DynamoDBRecord).dynamodb?.Keys ?? {};
  const names = Object.keys(keys).sort();
  const values = names.map((name) => {
    const value = keys[name] as unknown as Record<string, string>;
    return value.S ?? value.N ?? value.B ?? JSON.stringify(value);
  });
  return { id: names.map((name, i) => `${name}=${values[i]}`).join(','), values };
}

export function sequenceNumberOf(record: StreamRecord, source: Source): string {
  return source === 'kinesis' ? (record as KinesisStreamRecord).kinesis.sequenceNumber : (record as DynamoDBRecord).dynamodb!.SequenceNumber!;
}
