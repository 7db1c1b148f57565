import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceTableTimeline } from '../../src/harness/source-table.js';
import { ddb, shardsArb, t0 } from '../support/records.js';

describe('the source table through a run', () => {
  it('gives each write once, in arrival order, only once its record has arrived, and none is left after the last arrival', () =>
    fc.assert(
      fc.property(shardsArb(), fc.array(fc.integer({ min: 0, max: 120_000 }), { maxLength: 8 }), (shards, offsets) => {
        const timeline = new SourceTableTimeline(shards);
        const given: number[] = [];
        for (const at of [...offsets].sort((a, b) => a - b).map((o) => t0 + o)) {
          const writes = timeline.until(at);
          expect(writes.every((w) => w.atMs <= at)).toBe(true);
          given.push(...writes.map((w) => w.atMs));
        }
        const last = Math.max(t0, ...shards.flatMap((s) => s.records.map((r) => r.dynamodb!.ApproximateCreationDateTime! * 1000)));
        given.push(...timeline.until(last).map((w) => w.atMs));
        expect(given).toEqual([...given].sort((a, b) => a - b));
        expect(given).toHaveLength(shards.reduce((n, s) => n + s.records.length, 0));
        expect(timeline.pending).toBe(false);
      }),
    ));

  it('writes the item the case says a record left (KEYS_ONLY records carry none), else its NewImage, else its keys; a REMOVE deletes', () => {
    const keysOnly = { ...ddb('101', { key: 'a', eventName: 'INSERT' }) };
    delete keysOnly.dynamodb!.NewImage;
    const records = [keysOnly, ddb('102', { key: 'b', eventName: 'MODIFY' }), ddb('103', { key: 'a', eventName: 'REMOVE' }), { ...ddb('104', { key: 'c', eventName: 'INSERT' }), dynamodb: { ...ddb('104', { key: 'c' }).dynamodb!, NewImage: undefined } }];
    const timeline = new SourceTableTimeline([{ shardId: 's', records }], { 101: { pk: { S: 'a' }, status: { S: 'NEW' } } });
    expect(timeline.until(t0).map((w) => w.item)).toEqual([{ pk: { S: 'a' }, status: { S: 'NEW' } }, { pk: { S: 'b' }, v: { N: '102' } }, null, { pk: { S: 'c' } }]);
  });
});
