import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MAX_ITEM_BYTES,
  itemArb,
  itemSizeBytes,
  keyAttributes,
  keySchema,
  keySchemaArb,
  marshalImage,
  valuesEqual,
  type Item,
  type KeySchema,
} from '../../generators/index.js';

const withSchema = <T>(f: (schema: KeySchema) => fc.Arbitrary<T>) =>
  keySchemaArb().chain((schema) => f(schema).map((value) => ({ schema, value })));

describe('itemArb', () => {
  it('items carry the key attributes with the schema types', () =>
    fc.assert(
      fc.property(withSchema((schema) => itemArb(schema)), ({ schema, value: item }) => {
        const image = marshalImage(item);
        for (const { name, type } of keyAttributes(schema)) {
          const av = image[name];
          expect(av && Object.keys(av)).toEqual([type]);
          if (type !== 'N') expect((av?.[type] as string).length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 50 },
    ));

  it('items stay within maxSizeBytes and within 400 KB', () =>
    fc.assert(
      fc.property(
        keySchemaArb().chain((schema) =>
          fc.integer({ min: 2048, max: 2 * MAX_ITEM_BYTES }).chain((maxSizeBytes) =>
            itemArb(schema, { maxSizeBytes }).map((item) => ({ maxSizeBytes, item })),
          ),
        ),
        ({ maxSizeBytes, item }) => {
          const size = itemSizeBytes(item);
          expect(size).toBeLessThanOrEqual(Math.min(maxSizeBytes, MAX_ITEM_BYTES));
        },
      ),
      { numRuns: 60 },
    ));

  it('sometimes fills most of the allowed size', () => {
    const schema = keySchema({ name: 'pk', type: 'S' });
    const sizes = fc.sample(itemArb(schema, { maxSizeBytes: 4096 }), { numRuns: 300, seed: 3 }).map(itemSizeBytes);
    expect(sizes.filter((size) => size > 3000).length).toBeGreaterThan(5);
  });

  it('recombines sample values attribute by attribute', () => {
    const schema = keySchema({ name: 'id', type: 'S' });
    const samples: Item[] = [
      { id: 'x', status: 'NEW', total: 10, tags: new Set(['a']) },
      { id: 'y', status: 'PAID', note: '' },
    ];
    fc.assert(
      fc.property(itemArb(schema, { samples }), (item) => {
        const { id, ...rest } = item;
        expect(typeof id).toBe('string');
        for (const [name, value] of Object.entries(rest)) {
          const seen = samples.map((s) => s[name]).filter((v) => v !== undefined);
          expect(seen.some((v) => valuesEqual(v, value))).toBe(true);
        }
      }),
    );
    const shapes = new Set(fc.sample(itemArb(schema, { samples }), { numRuns: 200, seed: 1 }).map((i) => Object.keys(i).sort().join()));
    expect(shapes.size).toBeGreaterThan(4);
  });

  it('always includes the given attributes', () => {
    const schema = keySchema({ name: 'pk', type: 'N' }, { name: 'sk', type: 'B' });
    fc.assert(
      fc.property(itemArb(schema, { attributes: { expiresAt: fc.nat(), state: fc.constantFrom('a', 'b') } }), (item) => {
        expect(Object.keys(item).sort()).toEqual(['expiresAt', 'pk', 'sk', 'state']);
      }),
    );
  });
});
