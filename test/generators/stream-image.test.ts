import type { AttributeValue } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalNumber } from '../../generators/decimal.js';
import { itemArb, keySchemaArb, NumberValue } from '../../generators/index.js';
import { attributeType, marshalImage, marshalValue, toBase64 } from '../../generators/stream-image.js';

/** Every attribute value inside an image. */
function walk(value: AttributeValue): AttributeValue[] {
  const children = value.L ?? (value.M ? Object.values(value.M) : []);
  return [value, ...children.flatMap(walk)];
}

describe('stream images as Lambda delivers them', () => {
  it('marshal each value to its one type tag, numbers normalised as DynamoDB stores them, binary as base64', () => {
    expect(marshalValue(new NumberValue('1.50'))).toEqual({ N: '1.5' });
    expect(marshalValue(new NumberValue('1.5E3'))).toEqual({ N: '1500' });
    expect(marshalValue(new NumberValue('-0.0100'))).toEqual({ N: '-0.01' });
    expect(marshalValue(new Uint8Array([255, 0]))).toEqual({ B: '/wA=' });
    expect(marshalValue(new Set([new NumberValue('2.0'), new NumberValue('10')]))).toEqual({ NS: ['2', '10'] });
    expect(marshalValue(null)).toEqual({ NULL: true });
    expect(marshalValue({ a: [true, 'x'] })).toEqual({ M: { a: { L: [{ BOOL: true }, { S: 'x' }] } } });
    expect(marshalImage({ pk: 'a', gone: undefined as never })).toEqual({ pk: { S: 'a' } });
  });

  it('every generated item marshals to plain JSON: its attributes, one type tag each, canonical numbers, valid base64 (property)', () =>
    fc.assert(
      fc.property(keySchemaArb().chain((schema) => itemArb(schema)), (item) => {
        const image = marshalImage(item);
        expect(JSON.parse(JSON.stringify(image))).toEqual(image);
        for (const value of Object.values(image).flatMap(walk)) {
          expect(Object.keys(value)).toHaveLength(1);
          if (value.N !== undefined) expect(canonicalNumber(value.N)).toBe(value.N);
          for (const n of value.NS ?? []) expect(canonicalNumber(n)).toBe(n);
          for (const b of [...(value.B === undefined ? [] : [value.B]), ...(value.BS ?? [])]) expect(Buffer.from(b, 'base64').toString('base64')).toBe(b);
        }
        expect(Object.keys(image).sort()).toEqual(Object.keys(item).sort());
      }),
      { numRuns: 40 },
    ));

  it('name the type of an attribute value, and refuse an empty one or a value that is not binary', () => {
    expect(attributeType({ SS: ['a'] })).toBe('SS');
    expect(() => attributeType({} as AttributeValue)).toThrow('Empty attribute value');
    expect(toBase64(new Uint8Array([1, 2, 3]).subarray(1))).toBe('AgM=');
    expect(toBase64(new Uint8Array([1]).buffer)).toBe('AQ==');
    expect(() => toBase64('AQ==')).toThrow('Unsupported binary value');
  });
});
