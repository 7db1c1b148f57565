import type { AttributeValue, DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';

/** The record from the AWS "Using event filtering with a DynamoDB event source" page, with a numeric ApproximateCreationDateTime as Lambda delivers it. */
export function customerRecord(newImage: Record<string, AttributeValue> = {}, eventName: DynamoDBRecord['eventName'] = 'INSERT'): DynamoDBRecord {
  return {
    eventID: '1',
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/customers/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1678831218,
      Keys: { CustomerName: { S: 'AnyCompany Industries' } },
      NewImage: {
        AccountManager: { S: 'Pat Candella' },
        PaymentTerms: { S: '60 days' },
        CustomerName: { S: 'AnyCompany Industries' },
        ...newImage,
      },
      SequenceNumber: '111',
      SizeBytes: 26,
      StreamViewType: 'NEW_IMAGE',
    },
  };
}

/** A Kinesis record whose data is `payload` as JSON, or the raw text when `payload` is a Buffer. */
export function kinesisRecord(payload: unknown, partitionKey = '1'): KinesisStreamRecord {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload), 'utf8');
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber: '49590338271490256608559692538361571095921575989136588898',
      data: bytes.toString('base64'),
      approximateArrivalTimestamp: 1545084650.987,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: 'shardId-000000000006:49590338271490256608559692538361571095921575989136588898',
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: 'us-east-2',
    eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
  };
}

/** Whether `record` passes the filters written as plain JSON values. */
export function passes(source: 'dynamodb' | 'kinesis', record: DynamoDBRecord | KinesisStreamRecord, ...patterns: unknown[]): boolean {
  const filter = compileFilterCriteria({ Filters: patterns.map((p) => ({ Pattern: JSON.stringify(p) })) }, source);
  if (filter === undefined) throw new Error('no filter compiled');
  return filter(record);
}

export const ddbPasses = (record: DynamoDBRecord, ...patterns: unknown[]) => passes('dynamodb', record, ...patterns);
export const kinesisPasses = (record: KinesisStreamRecord, ...patterns: unknown[]) => passes('kinesis', record, ...patterns);
