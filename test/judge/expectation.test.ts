import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { HarnessRun } from '../../src/harness/index.js';
import { expectationDifferences, expectedTables, type ExpectationContext } from '../../src/judge/expectation.js';
import type { Shard, StreamRecord } from '../../src/model/types.js';

type Expect = ExpectationContext['expect'];
const context = (expect: Expect, fields: Partial<ExpectationContext> = {}): ExpectationContext => ({
  expect, ignoreFields: [], tableKeys: { replica: ['id'] }, sourceKeys: [{ id: 'pk=a', values: ['a'] }, { id: 'pk=b', values: ['b'] }], sourceKeyNames: ['pk'], windowSeconds: 0, ...fields,
});
type Item = HarnessRun['tables'][string][number];
const json = (value: Record<string, unknown>) => marshall(value) as Item;
const run = (tables: HarnessRun['tables']) => ({ trace: { invocations: [] }, calls: [], outbox: [], tables, problems: [], warnings: [] }) as unknown as HarnessRun;
const record = (pk: string, seconds: number, seq: string): StreamRecord => ({ eventSource: 'aws:dynamodb', eventName: 'INSERT', dynamodb: { Keys: { pk: { S: pk } }, SequenceNumber: seq, ApproximateCreationDateTime: seconds } }) as StreamRecord;
const shards = (records: StreamRecord[]): Shard[] => [{ shardId: 'shard-0', records } as Shard];

describe('expectedTables', () => {
  const finalItems = [marshall({ pk: 'a', total: 3, note: 'x' })];

  it('a table mirror: the source table’s final items, key attributes renamed by keyMap, only the fields listed', () => {
    const tables = expectedTables(context({ mirror: { table: 'replica', keyMap: { pk: 'id' }, fields: ['total'] } }), finalItems, []);
    expect(tables).toEqual({ replica: [{ id: { S: 'a' }, total: { N: '3' } }] });
    expect(expectedTables(context({ mirror: { table: 'replica' } }), finalItems, [])).toEqual({ replica: finalItems });
  });

  it('a table mirror without known final items expects nothing', () => {
    expect(expectedTables(context({ mirror: { table: 'replica' } }), undefined, [])).toBeUndefined();
  });

  it('a stated expectation gets the items as plain JSON and the records, and its rows become DynamoDB JSON', () => {
    let seen: unknown;
    const state: Expect['state'] = (input) => {
      seen = input;
      return { totals: input.items.map((i) => ({ id: i.pk, total: i.total, gone: undefined })) };
    };
    const records = [record('a', 100, '1')];
    expect(expectedTables(context({ state }), finalItems, shards(records))).toEqual({ totals: [{ id: { S: 'a' }, total: { N: '3' } }] });
    expect(seen).toEqual({ items: [{ pk: 'a', total: 3, note: 'x' }], records, windows: [] });
  });

  it('with tumbling windows, the records per shard and window, aligned to the epoch on arrival time', () => {
    let windows: unknown;
    const state: Expect['state'] = (input) => ((windows = input.windows), {});
    const records = [record('a', 59, '1'), record('b', 61, '2'), record('a', 119, '3')];
    expectedTables(context({ state }, { windowSeconds: 60 }), [], shards(records));
    expect(windows).toEqual([
      { shardId: 'shard-0', start: '1970-01-01T00:00:00Z', end: '1970-01-01T00:01:00Z', records: [records[0]] },
      { shardId: 'shard-0', start: '1970-01-01T00:01:00Z', end: '1970-01-01T00:02:00Z', records: [records[1], records[2]] },
    ]);
  });

  it('nothing expected: no mirror and no state, or an index mirror (judged by index-mirror)', () => {
    expect(expectedTables(context({}), [], [])).toBeUndefined();
    expect(expectedTables(context({ mirror: { index: 'orders' } }), [], [])).toBeUndefined();
  });
});

describe('expectationDifferences', () => {
  const expected = { replica: [marshall({ id: 'a', total: 3 }), marshall({ id: 'b', total: 1 })] };
  const mirror = context({ mirror: { table: 'replica', keyMap: { pk: 'id' }, fields: ['total'] } });

  it('compares only the tables expected, and of a mirror with fields only those fields', () => {
    const tables = { replica: [json({ id: 'a', total: 3, seenAt: 5 }), json({ id: 'b', total: 1 })], audit: [json({ id: 'z' })] };
    expect(expectationDifferences(mirror, expected, run(tables), new Set())).toEqual([]);
  });

  it('a wrong, a missing and an unexpected item, each with the source key it belongs to', () => {
    const found = expectationDifferences(mirror, expected, run({ replica: [json({ id: 'a', total: 4 }), json({ id: 'c', total: 0 })] }), new Set());
    expect(found.map((d) => [d.kind, d.where, d.id, d.keys])).toEqual([
      ['changed', 'table replica', '[{"S":"a"}]', ['pk=a']],
      ['missing', 'table replica', '[{"S":"b"}]', ['pk=b']],
      ['extra', 'table replica', '[{"S":"c"}]', []],
    ]);
  });

  it('an expected table the run never wrote: every item missing, unless its key was discarded', () => {
    expect(expectationDifferences(mirror, expected, run({}), new Set()).map((d) => d.kind)).toEqual(['missing', 'missing']);
    expect(expectationDifferences(mirror, expected, run({}), new Set(['pk=a', 'pk=b']))).toEqual([]);
  });

  it('ignored fields are left out on both sides', () => {
    const stated = context({ state: () => ({}) }, { ignoreFields: ['updatedAt'] });
    const want = { replica: [marshall({ id: 'a', updatedAt: 1 })] };
    expect(expectationDifferences(stated, want, run({ replica: [json({ id: 'a', updatedAt: 2 })] }), new Set())).toEqual([]);
  });
});
