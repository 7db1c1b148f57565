import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { itemArb, keySchemaArb, marshalImage, NumberValue } from '../../generators/index.js';
import { attributeEntrySizeBytes, imageSizeBytes, itemSizeBytes, MAX_ITEM_BYTES, numberSizeBytes, utf8Bytes } from '../../generators/item-size.js';

describe('itemSizeBytes', () => {
  it('follows the DynamoDB size rules', () => {
    expect(itemSizeBytes({ a: 'abc' })).toBe(4);
    expect(itemSizeBytes({ a: '€' })).toBe(4);
    expect(itemSizeBytes({ a: new Uint8Array(10) })).toBe(11);
    expect(itemSizeBytes({ n: 15 })).toBe(1 + 2);
    expect(itemSizeBytes({ n: 1.5 })).toBe(1 + 3);
    expect(itemSizeBytes({ n: -101 })).toBe(1 + 4);
    expect(itemSizeBytes({ n: 0 })).toBe(1 + 1);
    expect(itemSizeBytes({ n: new NumberValue('9'.repeat(38)) })).toBe(1 + 20);
    expect(itemSizeBytes({ m: { x: null } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(itemSizeBytes({ l: [true, 'ab'] })).toBe(1 + 3 + 2 + 3);
    expect(itemSizeBytes({ s: new Set(['ab', 'c']) })).toBe(1 + 3);
  });
});


describe('numberSizeBytes', () => {
  it.each([
    ['0', 1],
    ['1', 2],
    ['99', 2],
    ['100', 2],
    ['101', 3],
    ['1.5', 3],
    ['0.01', 2],
    ['-1', 3],
    ['123456', 4],
    ['1E+125', 2],
    ['1E-130', 2],
  ])('%s takes %i byte(s): an exponent byte, one per pair of digits, a sign byte when negative', (text, bytes) => {
    expect(numberSizeBytes(text)).toBe(bytes);
  });
});

describe('item sizes of generated items', () => {
  it('count names in UTF-8 bytes, and the marshalled image the same as the item', () => {
    expect(utf8Bytes('ü€😀')).toBe(2 + 3 + 4);
    expect(attributeEntrySizeBytes('name€', 'x')).toBe(7 + 1);
    fc.assert(
      fc.property(keySchemaArb().chain((schema) => itemArb(schema)), (item) => {
        expect(imageSizeBytes(marshalImage(item))).toBe(itemSizeBytes(item));
        expect(itemSizeBytes(item)).toBeLessThanOrEqual(MAX_ITEM_BYTES);
      }),
      { numRuns: 40 },
    );
  });

  it('grow with every attribute added (no attribute is free)', () => {
    fc.assert(
      fc.property(keySchemaArb().chain((schema) => itemArb(schema)), fc.constantFrom<unknown>('', 0, null, true, [], {}), (item, value) => {
        expect(itemSizeBytes({ ...item, zzExtra: value as never })).toBeGreaterThan(itemSizeBytes(item));
      }),
      { numRuns: 30 },
    );
  });

  it('of a 38-digit number: 20 bytes', () => {
    expect(numberSizeBytes('9'.repeat(38))).toBe(20);
    expect(itemSizeBytes({ n: new NumberValue('-' + '9'.repeat(38)) })).toBe(1 + 21);
  });
});
