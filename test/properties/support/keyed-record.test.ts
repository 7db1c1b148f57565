import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { keyedRecord } from '../../../properties/support/keyed-record.js';
import { staticContext } from '../rule-tester.js';

const { keyRecord } = staticContext({});
const seq = '100000000000000000007';

describe('keyedRecord: a record of the source built from the consumer’s own key schema and sample', () => {
  it('DynamoDB: an INSERT of the item with this key, its sequence number and creation time', () => {
    const record = keyedRecord('dynamodb', keyRecord, 'k7', 7, 1_767_225_600, seq) as DynamoDBRecord;
    expect(record.eventName).toBe('INSERT');
    expect(record.eventID).toBe(seq.padStart(32, '0'));
    expect(record.dynamodb).toMatchObject({ Keys: { pk: { S: 'k7' } }, NewImage: { pk: { S: 'k7' }, v: { N: '1' } }, SequenceNumber: seq, ApproximateCreationDateTime: 1_767_225_600 });
  });

  it('Kinesis: the payload for this partition key, base64-encoded, with a Kinesis sequence number', () => {
    const record = keyedRecord('kinesis', keyRecord, 'k7', 7, 1_767_225_600, seq) as KinesisStreamRecord;
    expect(record.kinesis.partitionKey).toBe('k7');
    expect(record.kinesis.sequenceNumber).toBe(`4959${seq}`);
    expect(record.eventID).toBe(`shardId-000000000000:4959${seq}`);
    expect(JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'))).toEqual({ id: 'k7' });
    expect(record.kinesis.approximateArrivalTimestamp).toBe(1_767_225_600);
  });
});
