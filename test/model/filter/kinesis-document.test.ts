import { describe, expect, it, vi } from 'vitest';
import { compileFilterCriteria } from '../../../src/model/filter/index.js';
import { kinesisDocument } from '../../../src/model/filter/kinesis-document.js';
import { kinesisPasses, kinesisRecord } from './records.js';

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

describe('kinesisDocument', () => {
  it('is the record as delivered plus its decoded payload as a top-level data', () => {
    const record = kinesisRecord({ temperature: 20 }, 'sensor-7');
    expect(kinesisDocument(record)).toEqual({ ...record, data: { temperature: 20 } });
    expect(record.kinesis.data).toBe(Buffer.from('{"temperature":20}').toString('base64'));
  });

  it('is undefined for a payload that is not JSON, or no payload at all', () => {
    expect(kinesisDocument(kinesisRecord(Buffer.from('temperature=35')))).toBeUndefined();
    expect(kinesisDocument(kinesisRecord(Buffer.from('')))).toBeUndefined();
    const noData = kinesisRecord({});
    delete (noData.kinesis as { data?: string }).data;
    expect(kinesisDocument(noData)).toBeUndefined();
  });

  it('decodes a record once: the same document every time, also for a payload that is not JSON', () => {
    const record = kinesisRecord({ t: 1 });
    expect(kinesisDocument(record)).toBe(kinesisDocument(record));
    const notJson = kinesisRecord(Buffer.from('{"a":'));
    const parse = vi.spyOn(JSON, 'parse');
    try {
      expect([kinesisDocument(notJson), kinesisDocument(notJson)]).toEqual([undefined, undefined]);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
