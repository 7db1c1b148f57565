import { describe, expect, it } from 'vitest';
import { mergeDocument, sameJson } from '../../../../src/harness/downstream/search/partial-update.js';

/** The partial-document merge of `_update` (https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-update.html). */
describe('mergeDocument', () => {
  it('merges objects recursively; arrays, scalars and null replace', () => {
    const source = { a: 1, tags: ['x', 'y'], address: { city: 'Oslo', geo: { lat: 1, lon: 2 } }, gone: 'x' };
    expect(mergeDocument(source, { tags: ['z'], address: { geo: { lat: 3 } }, gone: null, added: { b: 1 } })).toEqual({
      a: 1,
      tags: ['z'],
      address: { city: 'Oslo', geo: { lat: 3, lon: 2 } },
      gone: null,
      added: { b: 1 },
    });
  });

  it('leaves the source and the doc untouched', () => {
    const source = { address: { city: 'Oslo' } };
    const doc = { address: { zip: '0150' } };
    const merged = mergeDocument(source, doc);
    (merged.address as Record<string, unknown>).city = 'changed';
    expect(source).toEqual({ address: { city: 'Oslo' } });
    expect(doc).toEqual({ address: { zip: '0150' } });
  });

  it('treats a field named __proto__ as a field', () => {
    const merged = mergeDocument({ x: 1 }, JSON.parse('{"__proto__":{"polluted":true}}') as Record<string, unknown>);
    expect(JSON.stringify(merged)).toBe('{"x":1,"__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('sameJson', () => {
  it('compares values whatever the key order, but array order counts', () => {
    expect(sameJson({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 })).toBe(true);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
  });
});
