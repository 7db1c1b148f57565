import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceTableTimeline } from '../../src/harness/source-table.js';
import { ddb, seqs, shardsArb, t0 } from '../support/records.js';
import { harnesses } from './support.js';

describe('the source table through a run', () => {
  it('gives each write once, in arrival order, only once a record as new has been delivered, and none is left after the newest', () =>
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
        expect(timeline.until(Infinity)).toEqual([]);
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

describe('the source table in a harness', () => {
  const harness = harnesses(afterAll);

  it('an index the embedded DynamoDB refuses leaves the table readable by key (a template index must not stop the check)', async () => {
    const orders = {
      TableName: 'orders', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'status', AttributeType: 'S' }],
      GlobalSecondaryIndexes: [{ IndexName: 'by-status', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }] }], // no Projection: refused
    };
    const h = await harness('waits-for-source-state.mjs', { sourceTable: orders });
    const [s1] = seqs(1);
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(s1!, { key: 'order-0', eventName: 'INSERT' })] }], itemsAfter: { [s1!]: { pk: { S: 'order-0' }, status: { S: 'DONE' } } } });
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual(['success']);
    expect(run.tables).toEqual({ replica: [{ pk: { S: 'order-0' }, status: { S: 'DONE' } }] });
  });
});
