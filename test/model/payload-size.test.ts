import { describe, expect, it } from 'vitest';
import { eventEnvelopeBytes, maxPayloadBytes, recordBytes, recordBytesBound } from '../../src/model/payload-size.js';
import type { PreparedShard } from '../../src/model/prepare.js';
import { ddb } from '../support/records.js';

const records = [ddb('100', { key: 'a' }), ddb('200', { key: 'ü-é' })];
const prepared = (): PreparedShard => ({ shardId: 's', parentShardId: undefined, records, sequenceNumbers: ['100', '200'], arrivals: new Float64Array(2), sizes: new Int32Array(2).fill(-1), streamArn: 'arn' });

describe('payload size', () => {
  it('the limit and the envelope are those of a synchronous invocation event', () => {
    expect(maxPayloadBytes).toBe(6_291_456);
    expect(eventEnvelopeBytes).toBe(Buffer.byteLength(JSON.stringify({ Records: [] })));
  });

  it.each([0, 1])('record %i counts its UTF-8 JSON bytes once, then reads the count', (index) => {
    const shard = prepared();
    const exact = Buffer.byteLength(JSON.stringify(records[index]));
    expect(recordBytesBound(shard, index)).toBeGreaterThanOrEqual(exact);
    expect(recordBytes(shard, index)).toBe(exact);
    expect(shard.sizes[index]).toBe(exact);
    expect(recordBytesBound(shard, index)).toBe(exact);
    shard.sizes[index] = 7;
    expect(recordBytes(shard, index)).toBe(7);
  });

  it('a batch of records joined by commas in the envelope is the event the function gets', () => {
    const shard = prepared();
    const event = JSON.stringify({ Records: records });
    expect(eventEnvelopeBytes + recordBytes(shard, 0) + 1 + recordBytes(shard, 1)).toBe(Buffer.byteLength(event));
  });
});
