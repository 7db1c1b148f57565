import { describe, expect, it, vi } from 'vitest';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';
import { customerRecord, ddbPasses, kinesisPasses, kinesisRecord } from './records.js';

const withTotal = customerRecord({ total: { N: '5' }, status: { S: 'DONE' } });
const withoutStatus = customerRecord({ total: { N: '5' } });

describe('FilterCriteria traps AWS really has', () => {
  it('never matches a numeric operator on a DynamoDB N value, which is a string', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: [{ numeric: ['>', 1] }] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: [{ numeric: ['=', 5] }] } } } })).toBe(false);
  });

  it('matches an N value only as the string it is', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: ['5'] } } } })).toBe(true);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { total: { N: [5] } } } })).toBe(false);
  });

  it('never matches an attribute value without its type key', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: ['DONE'] } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: ['DONE'] } } } })).toBe(true);
  });

  it('matches an untyped exists:false even when the attribute is present (its value is an object)', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: [{ exists: false }] } } })).toBe(true);
    expect(ddbPasses(withoutStatus, { dynamodb: { NewImage: { status: [{ exists: false }] } } })).toBe(true);
  });

  it('never matches an untyped exists:true, even when the attribute is present', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: [{ exists: true }] } } })).toBe(false);
  });

  it('tells presence apart with a typed exists', () => {
    const present = { dynamodb: { NewImage: { status: { S: [{ exists: true }] } } } };
    const absent = { dynamodb: { NewImage: { status: { S: [{ exists: false }] } } } };
    expect([ddbPasses(withTotal, present), ddbPasses(withoutStatus, present)]).toEqual([true, false]);
    expect([ddbPasses(withTotal, absent), ddbPasses(withoutStatus, absent)]).toEqual([false, true]);
  });

  it('matches exists:false when the whole path is absent', () => {
    const removal = customerRecord({}, 'REMOVE');
    delete removal.dynamodb!.NewImage;
    expect(ddbPasses(removal, { dynamodb: { NewImage: { status: { S: [{ exists: false }] } } } })).toBe(true);
    expect(ddbPasses(removal, { dynamodb: { OldImage: [{ exists: false }] } })).toBe(true);
  });

  it('does not match anything-but on an absent field', () => {
    expect(ddbPasses(withoutStatus, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': ['NEW'] }] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': ['NEW'] }] } } } })).toBe(true);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': 'DONE' }] } } } })).toBe(false);
  });

  it('does not match anything-but where the event holds an object', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: [{ 'anything-but': ['NEW'] }] } } })).toBe(false);
  });

  it('matches anything-but prefix on values outside the prefix only', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': { prefix: 'DO' } }] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'anything-but': { prefix: 'N' } }] } } } })).toBe(true);
  });

  it('matches the null literal on a JSON null, not on an absent field', () => {
    const payload = kinesisRecord({ note: null });
    expect(kinesisPasses(payload, { data: { note: [null] } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({}), { data: { note: [null] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({ note: '' }), { data: { note: [null] } })).toBe(false);
  });

  it('matches the empty string literal on the empty string only', () => {
    expect(kinesisPasses(kinesisRecord({ note: '' }), { data: { note: [''] } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({ note: null }), { data: { note: [''] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({}), { data: { note: [''] } })).toBe(false);
  });

  it('matches numeric literals on numerically equal JSON numbers only', () => {
    expect(kinesisPasses(kinesisRecord({ n: 300.0 }), { data: { n: [300] } })).toBe(true);
    expect(kinesisPasses(kinesisRecord({ n: '300' }), { data: { n: [300] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({ n: 300 }), { data: { n: ['300'] } })).toBe(false);
  });

  it('is case-sensitive unless equals-ignore-case is asked for', () => {
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: ['done'] } } } })).toBe(false);
    expect(ddbPasses(withTotal, { dynamodb: { NewImage: { status: { S: [{ 'equals-ignore-case': 'done' }] } } } })).toBe(true);
  });

  it('matches a leaf against any element of an array in the event', () => {
    const record = kinesisRecord({ tags: ['a', 'b', ['c']] });
    expect(kinesisPasses(record, { data: { tags: ['b'] } })).toBe(true);
    expect(kinesisPasses(record, { data: { tags: ['c'] } })).toBe(true);
    expect(kinesisPasses(record, { data: { tags: ['z'] } })).toBe(false);
    expect(kinesisPasses(kinesisRecord({ tags: [] }), { data: { tags: [{ exists: false }] } })).toBe(true);
  });

  it('ignores inherited properties: "constructor" is absent from a record', () => {
    expect(ddbPasses(withTotal, { constructor: [{ exists: false }] })).toBe(true);
    expect(ddbPasses(withTotal, { dynamodb: { constructor: [{ exists: true }] } })).toBe(false);
  });
});

describe('FilterCriteria on Kinesis records', () => {
  const notJson = kinesisRecord(Buffer.from('temperature=35', 'utf8'));

  it('fails any data pattern for a record whose data is not JSON, even exists:false', () => {
    expect(kinesisPasses(notJson, { data: { temperature: [{ exists: false }] } })).toBe(false);
    expect(kinesisPasses(notJson, { data: [{ exists: false }] })).toBe(false);
  });

  it('still matches such a record against patterns without data', () => {
    expect(kinesisPasses(notJson, { eventName: ['aws:kinesis:record'] })).toBe(true);
    expect(kinesisPasses(notJson, { data: { temperature: [35] } }, { kinesis: { partitionKey: ['1'] } })).toBe(true);
  });

  it('matches metadata where it sits in the record: kinesis.partitionKey, not a top-level partitionKey', () => {
    const record = kinesisRecord({ temperature: 20 }, 'sensor-7');
    expect(kinesisPasses(record, { kinesis: { partitionKey: [{ prefix: 'sensor-' }] } })).toBe(true);
    expect(kinesisPasses(record, { partitionKey: [{ prefix: 'sensor-' }] })).toBe(false);
    expect(kinesisPasses(record, { awsRegion: ['us-east-2'], data: { temperature: [20] } })).toBe(true);
  });

  it('keeps kinesis.data the base64 string', () => {
    const record = kinesisRecord({ temperature: 20 });
    expect(kinesisPasses(record, { kinesis: { data: { temperature: [20] } } })).toBe(false);
    expect(kinesisPasses(record, { kinesis: { data: [record.kinesis.data] } })).toBe(true);
  });

  it('matches a JSON payload that is not an object as a leaf', () => {
    expect(kinesisPasses(kinesisRecord('hello'), { data: ['hello'] })).toBe(true);
    expect(kinesisPasses(kinesisRecord(42), { data: [{ numeric: ['>', 40] }] })).toBe(true);
  });

  it('gives a data key no special meaning for DynamoDB', () => {
    expect(ddbPasses(withTotal, { data: [{ exists: false }] })).toBe(true);
  });

  it('decodes each record’s data once, however many filters and passes', () => {
    const filter = compileFilterCriteria(
      { Filters: [{ Pattern: '{"data": {"t": [1]}}' }, { Pattern: '{"data": {"t": [2]}}' }, { Pattern: '{"data": {"t": [3]}}' }] },
      'kinesis',
    )!;
    const records = [kinesisRecord({ t: 3 }), kinesisRecord({ t: 4 })];
    const from = vi.spyOn(Buffer, 'from');
    try {
      expect(records.map(filter)).toEqual([true, false]);
      expect(records.map(filter)).toEqual([true, false]);
      expect(from.mock.calls.filter((call) => (call as unknown[])[1] === 'base64')).toHaveLength(2);
    } finally {
      from.mockRestore();
    }
  });
});
