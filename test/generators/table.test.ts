import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalItem, canonicalKey, itemsEqual, keyOf, keySchema, keySchemaArb, NumberValue, writeHistory, type Item, type KeySchema } from '../../generators/index.js';
import { applyHistory, applyWrite, updatedItem, type Write } from '../../generators/table.js';

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


describe('applyWrite', () => {
  const schema = keySchema({ name: 'pk', type: 'S' }, { name: 'sk', type: 'N' });

  it('an update builds on the current item (or on the bare key), setting and removing attributes', () => {
    expect(updatedItem({ pk: 'a', sk: 1, x: 1, y: 2 }, { x: 10, z: 3 }, ['y'])).toEqual({ pk: 'a', sk: 1, x: 10, z: 3 });
    const table = new Map<string, Item>();
    expect(applyWrite(table, { op: 'update', key: { pk: 'a', sk: 1 }, set: { x: 1 }, remove: [] }, schema)).toEqual({ eventName: 'INSERT', keys: { pk: 'a', sk: 1 }, newItem: { pk: 'a', sk: 1, x: 1 }, ttl: false });
  });

  it('refuses an update that touches a key attribute, or sets and removes the same attribute', () => {
    const table = new Map<string, Item>();
    expect(() => applyWrite(table, { op: 'update', key: { pk: 'a', sk: 1 }, set: { sk: 2 }, remove: [] }, schema)).toThrow('Update touches key attribute sk');
    expect(() => applyWrite(table, { op: 'update', key: { pk: 'a', sk: 1 }, set: { x: 1 }, remove: ['x'] }, schema)).toThrow('Update both sets and removes x');
  });

  it('rejects, as DynamoDB does, a write that would make the item larger than the size limit: nothing changes', () => {
    const table = new Map<string, Item>();
    applyWrite(table, { op: 'put', item: { pk: 'a', sk: 1, text: 'x'.repeat(50) } }, schema);
    const before = snapshot(table);
    expect(applyWrite(table, { op: 'update', key: { pk: 'a', sk: 1 }, set: { more: 'y'.repeat(100) }, remove: [] }, schema, { maxSizeBytes: 100 })).toBeUndefined();
    expect(snapshot(table)).toBe(before);
    expect(applyWrite(table, { op: 'put', item: { pk: 'b', sk: 1, text: 'x'.repeat(500) } }, schema, { maxSizeBytes: 100 })).toBeUndefined();
    expect(table.size).toBe(1);
  });

  it('finds an item by its key whatever the number spelling: 1 and 1.0 are one key', () => {
    const table = new Map<string, Item>();
    applyWrite(table, { op: 'put', item: { pk: 'a', sk: 1, v: 1 } }, schema);
    expect(applyWrite(table, { op: 'delete', key: { pk: 'a', sk: new NumberValue('1.0') } }, schema)?.eventName).toBe('REMOVE');
    expect(table.size).toBe(0);
  });
});
