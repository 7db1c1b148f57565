import fc from 'fast-check';
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
import { formatDecimal, MAX_EXPONENT, MAX_SIGNIFICANT_DIGITS, MIN_EXPONENT } from './decimal.js';

export { NumberValue };

/** JS numbers whose `toString()` is already DynamoDB's canonical form (no exponent, exact). */
export function plainNumber(): fc.Arbitrary<number> {
  const shortDecimal = fc
    .tuple(fc.integer({ min: -(10 ** 15 - 1), max: 10 ** 15 - 1 }), fc.integer({ min: 1, max: 6 }))
    .map(([mantissa, scale]) => mantissa / 10 ** scale);
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }) },
    { weight: 1, arbitrary: fc.maxSafeInteger() },
    { weight: 2, arbitrary: shortDecimal },
  );
}

function signed(digits: string, exponent: number, negative: boolean): NumberValue {
  return new NumberValue(formatDecimal({ negative, digits, exponent }));
}

/** Integers of exactly 38 digits: the precision limit, far beyond what a JS number holds. */
export function integer38(): fc.Arbitrary<NumberValue> {
  return fc
    .tuple(fc.bigInt({ min: 10n ** 37n, max: 10n ** 38n - 1n }), fc.boolean())
    .map(([magnitude, negative]) => new NumberValue(`${negative ? '-' : ''}${magnitude}`));
}

/** Any number DynamoDB accepts: up to 38 significant digits, magnitude 1E-130 .. 9.99…E+125. */
export function preciseNumber(): fc.Arbitrary<NumberValue> {
  return fc
    .tuple(
      fc.bigInt({ min: 1n, max: 10n ** BigInt(MAX_SIGNIFICANT_DIGITS) - 1n }),
      fc.integer({ min: MIN_EXPONENT, max: MAX_EXPONENT }),
      fc.boolean(),
    )
    .map(([significand, exponent, negative]) => signed(String(significand).replace(/0+$/, ''), exponent, negative));
}

function extremeNumber(): fc.Arbitrary<NumberValue> {
  return fc
    .tuple(
      fc.constantFrom(['1', MIN_EXPONENT] as const, ['9'.repeat(MAX_SIGNIFICANT_DIGITS), MAX_EXPONENT] as const),
      fc.boolean(),
    )
    .map(([[digits, exponent], negative]) => signed(digits, exponent, negative));
}

/**
 * N: mostly small JS numbers, regularly 38-digit integers and full-range decimals as NumberValue.
 * A counterexample's number shrinks to a small one when the bug does not need it large or precise
 * (cross-shrinking into the first arbitrary), rather than to 1E-130.
 */
export function dynamoNumber(): fc.Arbitrary<number | NumberValue> {
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 6, arbitrary: plainNumber() },
    { weight: 2, arbitrary: integer38() },
    { weight: 2, arbitrary: preciseNumber() },
    { weight: 1, arbitrary: extremeNumber() },
  );
}
