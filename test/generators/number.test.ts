import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalNumber, isValidDynamoDBNumber, parseDecimal } from '../../generators/decimal.js';
import { dynamoNumber, integer38, NumberValue, plainNumber, preciseNumber } from '../../generators/number.js';

const textOf = (n: number | NumberValue) => (typeof n === 'number' ? String(n) : n.value);

describe('number arbitraries', () => {
  it('plain JS numbers print in DynamoDB\'s canonical form already (no exponent, exact)', () =>
    fc.assert(
      fc.property(plainNumber(), (n) => {
        expect(String(n)).not.toMatch(/e/i);
        expect(canonicalNumber(String(n))).toBe(String(n) === '-0' ? '0' : String(n));
        expect(isValidDynamoDBNumber(String(n))).toBe(true);
      }),
      { numRuns: 200 },
    ));

  it('38-digit integers have exactly 38 digits, beyond what a JS number holds exactly', () =>
    fc.assert(
      fc.property(integer38(), (n) => {
        expect(n.value.replace('-', '')).toMatch(/^[1-9]\d{37}$/);
        expect(Number.isSafeInteger(Number(n.value))).toBe(false);
      }),
      { numRuns: 100 },
    ));

  it('precise numbers are canonical and within DynamoDB\'s range and precision', () =>
    fc.assert(
      fc.property(preciseNumber(), (n) => {
        expect(canonicalNumber(n.value)).toBe(n.value);
        expect(isValidDynamoDBNumber(n.value)).toBe(true);
      }),
      { numRuns: 200 },
    ));

  it('a number the failure does not depend on shrinks to 0, from a 38-digit integer or 1E-130 too', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const out = fc.check(fc.property(dynamoNumber(), () => false), { seed });
      expect(out.counterexample, `seed ${seed}`).toEqual([0]);
    }
  });

  it('N values are always numbers DynamoDB accepts, and reach its extremes', () => {
    const samples = fc.sample(dynamoNumber(), { numRuns: 2000, seed: 7 });
    for (const n of samples) expect(isValidDynamoDBNumber(textOf(n)), textOf(n)).toBe(true);
    const exponents = samples.map((n) => parseDecimal(textOf(n))).filter((d) => d.digits !== '').map((d) => d.exponent);
    expect(Math.min(...exponents)).toBe(-130);
    expect(Math.max(...exponents)).toBe(125);
    expect(samples.some((n) => typeof n === 'number')).toBe(true);
    expect(samples.some((n) => n instanceof NumberValue && parseDecimal(n.value).digits.length === 38)).toBe(true);
  });
});
