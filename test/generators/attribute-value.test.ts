import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { AttributeValue } from 'aws-lambda';
import { convertToAttr } from '@aws-sdk/util-dynamodb';
import {
  ATTRIBUTE_TYPES,
  NumberValue,
  attributeValue,
  canonicalNumber,
  dynamoNumber,
  isValidDynamoDBNumber,
  marshalValue,
  nestingDepth,
} from '../../generators/index.js';

/** Every attribute value inside a marshalled value, itself included. */
function walk(value: AttributeValue): AttributeValue[] {
  const children = value.L ?? (value.M ? Object.values(value.M) : []);
  return [value, ...children.flatMap(walk)];
}

describe('attributeValue', () => {
  it('numbers are valid DynamoDB numbers already in canonical form', () =>
    fc.assert(
      fc.property(dynamoNumber(), (n) => {
        const raw = (convertToAttr(n, { removeUndefinedValues: true }) as { N: string }).N;
        expect(isValidDynamoDBNumber(raw)).toBe(true);
        expect(canonicalNumber(raw)).toBe(raw);
      }),
    ));

  it('sets are non-empty with unique members and numbers have at most 38 significant digits', () =>
    fc.assert(
      fc.property(attributeValue({ maxDepth: 3 }), (value) => {
        for (const av of walk(marshalValue(value))) {
          const members = av.SS ?? av.NS ?? av.BS;
          if (members !== undefined) {
            expect(members.length).toBeGreaterThan(0);
            expect(new Set(members).size).toBe(members.length);
          }
          for (const n of av.NS ?? (av.N !== undefined ? [av.N] : [])) expect(isValidDynamoDBNumber(n)).toBe(true);
        }
      }),
    ));

  it('nests at most maxDepth documents deep', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((maxDepth) => fc.tuple(fc.constant(maxDepth), attributeValue({ maxDepth }))),
        ([maxDepth, value]) => nestingDepth(value) <= maxDepth,
      ),
      { numRuns: 200 },
    ));

  it('reaches 32 levels of nesting with maxDepth 32, never more', () => {
    const depths = fc.sample(attributeValue({ maxDepth: 32 }), { numRuns: 300, seed: 42 }).map(nestingDepth);
    expect(Math.max(...depths)).toBe(32);
    const clamped = fc.sample(attributeValue({ maxDepth: 99 }), { numRuns: 300, seed: 42 }).map(nestingDepth);
    expect(Math.max(...clamped)).toBe(32);
  });

  it('covers all ten types and regularly 38-digit integers', () => {
    const seen = new Set<string>();
    for (const value of fc.sample(attributeValue(), { numRuns: 500, seed: 7 })) {
      for (const av of walk(marshalValue(value))) seen.add(Object.keys(av)[0] as string);
    }
    expect([...seen].sort()).toEqual([...ATTRIBUTE_TYPES].sort());
    const numbers = fc.sample(dynamoNumber(), { numRuns: 1000, seed: 7 });
    const digits38 = numbers.filter((n) => n instanceof NumberValue && /^-?\d{38}$/.test(n.value));
    expect(digits38.length).toBeGreaterThan(50);
  });

  it('restricts types on request', () =>
    fc.assert(
      fc.property(attributeValue({ types: ['S', 'M'] }), (value) =>
        walk(marshalValue(value)).every((av) => av.S !== undefined || av.M !== undefined),
      ),
    ));
});
