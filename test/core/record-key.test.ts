import { describe, expect, it } from 'vitest';
import { sequenceNumberOf, sourceKeyOf, sourceRecords } from '../../src/core/record-key.js';
import { ddb, kinesis } from '../support/records.js';

describe('reading records per source', () => {
  it('DynamoDB: the key attributes in name order, the sequence number, plain images', () => {
    const record = ddb('100000000000000000001', { key: 'order-1', eventName: 'INSERT' });
    expect(sourceKeyOf(record, 'dynamodb')).toEqual({ id: 'pk=order-1', values: ['order-1'] });
    expect(sequenceNumberOf(record, 'dynamodb')).toBe('100000000000000000001');
    expect(sourceRecords.dynamodb.readable(record)).toEqual({
      sequenceNumber: '100000000000000000001', eventName: 'INSERT', key: { pk: 'order-1' }, newImage: { pk: 'order-1', v: '100000000000000000001' },
    });
  });

  it('DynamoDB: a REMOVE written by TTL expiry is marked as one (its userIdentity is the DynamoDB service)', () => {
    const remove = ddb('100000000000000000002', { key: 'order-1', eventName: 'REMOVE' });
    const expired = { ...remove, userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } };
    expect(sourceRecords.dynamodb.readable(expired)).toMatchObject({ eventName: 'REMOVE', ttl: true });
    expect(sourceRecords.dynamodb.readable(remove)).not.toHaveProperty('ttl');
    expect(sourceRecords.dynamodb.readable({ ...remove, userIdentity: { type: 'Service', principalId: 'other.amazonaws.com' } })).not.toHaveProperty('ttl');
  });

  it('Kinesis: the partition key, the sequence number, the data decoded from base64', () => {
    const record = kinesis('49590000000000000000000000000000000000000000000000000001', { partitionKey: 'p-7' });
    expect(sourceKeyOf(record, 'kinesis')).toEqual({ id: 'p-7', values: ['p-7'] });
    expect(sequenceNumberOf(record, 'kinesis')).toBe('49590000000000000000000000000000000000000000000000000001');
    expect(sourceRecords.kinesis.readable(record)).toEqual({
      sequenceNumber: '49590000000000000000000000000000000000000000000000000001', eventName: 'aws:kinesis:record', key: 'p-7', newImage: { n: '49590000000000000000000000000000000000000000000000000001' },
    });
  });
});
