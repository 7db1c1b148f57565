import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { IndexMirror } from '../../src/config/types.js';
import type { HarnessRun } from '../../src/harness/harness.js';
import { normalizeState } from '../../src/judge/differences.js';
import { expectedDocuments, indexMirrorDifferences, mirrorIdCollision, mirrorIndexWarning } from '../../src/judge/index-mirror.js';

const run = (search: HarnessRun['search']) => ({ trace: { invocations: [] }, calls: [], outbox: [], tables: {}, search, problems: [], warnings: [] }) as unknown as HarnessRun;
const items = [marshall({ orderId: 'a', total: 3, tags: new Set(['x']) }), marshall({ orderId: 'b', total: 12345678901234567890n as unknown as number })];
const keys = [{ id: 'a', values: ['a'] }, { id: 'b', values: ['b'] }] as never;

describe('index mirrors', () => {
  it('expects one JSON document per live item: sets as arrays, numbers as numbers', () => {
    const documents = expectedDocuments({ index: 'orders', idFrom: 'orderId' }, items, ['orderId']);
    expect(documents).toEqual([
      { id: 'a', source: { orderId: 'a', total: 3, tags: ['x'] } },
      { id: 'b', source: { orderId: 'b', total: 12345678901234567000 } },
    ]);
  });

  it('warns when the mirror names an index the handler never wrote while it wrote others', () => {
    const mirror: IndexMirror = { index: 'product', idFrom: 'sku' };
    expect(mirrorIndexWarning(mirror, run({ products: { a: { source: { sku: 'a' } } } }))).toBe(
      'downstream.expect.mirror.index is "product", but the handler wrote only to index "products": if that is the index meant, name it in the mirror',
    );
    expect(mirrorIndexWarning(mirror, run({ product: { a: { source: { sku: 'a' } } }, audit: { x: { source: {} } } }))).toBeUndefined();
    expect(mirrorIndexWarning(mirror, run({}))).toBeUndefined();
  });

  it('warns when two live items make the same document id, naming both and the way the id is built', () => {
    const mirror: IndexMirror = { index: 'products', idFrom: ['tenantId', 'sku'] };
    const twins = [marshall({ tenantId: ' #', sku: ' ' }), marshall({ tenantId: ' ', sku: '# ' })];
    expect(mirrorIdCollision(mirror, expectedDocuments(mirror, twins, ['tenantId', 'sku']))).toBe(
      'two items make the same document id " ## " by idFrom ["tenantId","sku"] joined by "#" ({"tenantId":" #","sku":" "} and {"tenantId":" ","sku":"# "}): the mirror cannot expect both; if the handler builds ids the same way it loses one of them too, so escape the separator in key values; then give the mirror the handler\'s separator (downstream.expect.mirror.separator), or idFrom as a function that builds ids as the handler does (a TS or JS config)',
    );
    expect(mirrorIdCollision({ ...mirror, separator: '|' }, expectedDocuments({ ...mirror, separator: '|' }, twins, ['tenantId', 'sku']))).toBeUndefined();
    expect(mirrorIdCollision({ index: 'products' }, expectedDocuments({ index: 'products' }, twins, ['tenantId', 'sku']))).toBeUndefined();
  });

  it('compares by id with idFrom, reporting missing, extra and changed documents', () => {
    const mirror: IndexMirror = { index: 'orders', idFrom: 'orderId' };
    const documents = expectedDocuments(mirror, items.slice(0, 1), ['orderId']);
    const diffs = indexMirrorDifferences(mirror, documents, run({ orders: { a: { source: { orderId: 'a', total: 4, tags: ['x'] } }, ghost: { source: { orderId: 'ghost' } } } }), [], keys, new Set(), ['orderId']);
    expect(diffs.map((d) => [d.kind, d.where, d.id])).toEqual([['changed', 'index orders', '"a"'], ['extra', 'index orders', '"ghost"']]);
    expect(indexMirrorDifferences(mirror, documents, run({}), [], keys, new Set(), ['orderId']).map((d) => d.kind)).toEqual(['missing']);
    expect(indexMirrorDifferences(mirror, documents, run({}), [], keys, new Set(['a']), ['orderId'])).toEqual([]);
  });

  it('without idFrom, matches documents by the key attributes they carry, whatever their ids', () => {
    const mirror: IndexMirror = { index: 'orders' };
    const documents = expectedDocuments(mirror, items.slice(0, 1), ['orderId']);
    expect(indexMirrorDifferences(mirror, documents, run({ orders: { 'any-id': { source: { orderId: 'a', total: 3, tags: ['x'] } } } }), [], keys, new Set(), ['orderId'])).toEqual([]);
  });

  it('documents are downstream state: the source, and the version only when the handler chose it', () => {
    const state = normalizeState(run({ orders: { a: { source: { orderId: 'a' } }, b: { source: { orderId: 'b' }, version: '7' } } }), keys, { ignoreFields: [], tableKeys: {}, messageKey: undefined });
    expect(state.effects.get('index orders a')).toMatchObject({ where: 'index orders', value: { orderId: 'a' }, keys: ['a'] });
    expect(state.effects.get('index orders b')!.value).toEqual({ _source: { orderId: 'b' }, _version: '7' });
    expect(state.observable).toBe(true);
  });
});
