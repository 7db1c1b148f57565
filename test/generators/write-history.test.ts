import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyHistory,
  applyWrite,
  canonicalItem,
  canonicalKey,
  itemSizeBytes,
  itemsEqual,
  keyOf,
  keySchema,
  keySchemaArb,
  writeHistory,
  NumberValue,
  type Item,
  type KeySchema,
  type Write,
} from '../../generators/index.js';

const histories = (options: Parameters<typeof writeHistory>[1] = {}) =>
  keySchemaArb().chain((schema) => writeHistory(schema, options).map((history) => ({ schema, history })));

function snapshot(table: Map<string, Item>): string {
  return JSON.stringify([...table].map(([key, item]) => [key, canonicalItem(item)]).sort());
}

describe('applyHistory', () => {
  const schema: KeySchema = keySchema({ name: 'pk', type: 'S' });
  const eventNames = (history: Write[]) => applyHistory(history, schema).changes.map((c) => c.eventName + (c.ttl ? ':ttl' : ''));

  it('follows DynamoDB stream semantics on hand-written histories', () => {
    const item = { pk: 'a', n: 1, tags: new Set(['x', 'y']) };
    expect(eventNames([{ op: 'put', item }, { op: 'put', item: { pk: 'a', n: new NumberValue('1.0'), tags: new Set(['y', 'x']) } }])).toEqual(['INSERT']);
    expect(eventNames([{ op: 'put', item }, { op: 'put', item: { pk: 'a', n: 2 } }])).toEqual(['INSERT', 'MODIFY']);
    expect(eventNames([{ op: 'update', key: { pk: 'a' }, set: { n: 1 }, remove: [] }])).toEqual(['INSERT']);
    expect(eventNames([{ op: 'put', item }, { op: 'update', key: { pk: 'a' }, set: { n: 1 }, remove: ['absent'] }])).toEqual(['INSERT']);
    expect(eventNames([{ op: 'put', item }, { op: 'update', key: { pk: 'a' }, set: {}, remove: ['n'] }])).toEqual(['INSERT', 'MODIFY']);
    expect(eventNames([{ op: 'delete', key: { pk: 'a' } }, { op: 'ttl-delete', key: { pk: 'a' } }])).toEqual([]);
    expect(eventNames([{ op: 'put', item }, { op: 'ttl-delete', key: { pk: 'a' } }, { op: 'delete', key: { pk: 'a' } }])).toEqual(['INSERT', 'REMOVE:ttl']);
    expect(eventNames([{ op: 'put', item }, { op: 'delete', key: { pk: 'a' } }, { op: 'put', item }])).toEqual(['INSERT', 'REMOVE', 'INSERT']);
  });

  it('a write yields a change exactly when it changes the table', () =>
    fc.assert(
      fc.property(histories(), ({ schema, history }) => {
        const table = new Map<string, Item>();
        for (const write of history) {
          const before = snapshot(table);
          const change = applyWrite(table, write, schema);
          expect(change !== undefined).toBe(before !== snapshot(table));
        }
      }),
      { numRuns: 60 },
    ));

  it('changes chain per key: old image is the previous new image; put over a different item is MODIFY', () =>
    fc.assert(
      fc.property(histories(), ({ schema, history }) => {
        const { changes, finalItems } = applyHistory(history, schema);
        const current = new Map<string, Item>();
        for (const change of changes) {
          const id = canonicalKey(change.keys, schema);
          const previous = current.get(id);
          expect(change.eventName).toBe(previous === undefined ? 'INSERT' : change.newItem ? 'MODIFY' : 'REMOVE');
          if (previous) expect(itemsEqual(change.oldItem as Item, previous)).toBe(true);
          if (change.newItem) {
            expect(itemsEqual(keyOf(change.newItem, schema), change.keys)).toBe(true);
            current.set(id, change.newItem);
          } else current.delete(id);
          expect(change.ttl).toBe(history[change.writeIndex]?.op === 'ttl-delete');
        }
        expect(finalItems.map(canonicalItem).sort()).toEqual([...current.values()].map(canonicalItem).sort());
      }),
      { numRuns: 60 },
    ));
});

describe('writeHistory', () => {
  it('keeps every item within maxSizeBytes', () =>
    fc.assert(
      fc.property(histories({ items: { maxSizeBytes: 3000 } }), ({ schema, history }) => {
        for (const change of applyHistory(history, schema, { maxSizeBytes: 3000 }).changes) {
          if (change.newItem) expect(itemSizeBytes(change.newItem)).toBeLessThanOrEqual(3000);
        }
        expect(applyHistory(history, schema).changes).toHaveLength(applyHistory(history, schema, { maxSizeBytes: 3000 }).changes.length);
      }),
      { numRuns: 60 },
    ));

  it('repeats keys, and produces no-op writes, MODIFYs and TTL removes regularly', () => {
    const samples = fc.sample(histories({ minWrites: 6 }), { numRuns: 200, seed: 9 });
    let noOps = 0;
    let modifies = 0;
    let ttl = 0;
    for (const { schema, history } of samples) {
      const { changes } = applyHistory(history, schema);
      if (changes.length < history.length) noOps++;
      if (changes.some((c) => c.eventName === 'MODIFY')) modifies++;
      if (changes.some((c) => c.ttl)) ttl++;
    }
    expect(noOps).toBeGreaterThan(50);
    expect(modifies).toBeGreaterThan(50);
    expect(ttl).toBeGreaterThan(20);
  });
});

describe('key pools with two string key attributes', () => {
  it('hold a key whose values concatenate like another key\'s, when the first range value has two characters or more', async () => {
    const { keyPool } = await import('../../generators/write-history.js');
    const { keySchema } = await import('../../generators/key-schema.js');
    const fcm = (await import('fast-check')).default;
    const schema = keySchema({ name: 'pk', type: 'S' }, { name: 'sk', type: 'S' });
    fcm.assert(fcm.property(keyPool(schema), (keys) => {
      const [first] = keys as { pk: string; sk: string }[];
      if (first === undefined || first.sk.length < 2) return;
      expect(keys.some((k) => k.pk === first.pk + first.sk[0] && k.sk === first.sk.slice(1))).toBe(true);
      expect(keys.length).toBeLessThanOrEqual(4);
    }), { numRuns: 100, seed: 1 });
  });
});
