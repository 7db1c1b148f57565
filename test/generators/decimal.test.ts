import { describe, expect, it } from 'vitest';
import { canonicalNumber, formatDecimal, isValidDynamoDBNumber, parseDecimal } from '../../generators/decimal.js';

describe('canonicalNumber', () => {
  it('normalises the way DynamoDB returns numbers', () => {
    expect(canonicalNumber('1.50')).toBe('1.5');
    expect(canonicalNumber('1.5E2')).toBe('150');
    expect(canonicalNumber('-0.00')).toBe('0');
    expect(canonicalNumber('0.0012e-2')).toBe('0.000012');
    expect(canonicalNumber('1E-130')).toBe(`0.${'0'.repeat(129)}1`);
    expect(isValidDynamoDBNumber('1E-131')).toBe(false);
    expect(isValidDynamoDBNumber('1E+126')).toBe(false);
    expect(isValidDynamoDBNumber('9'.repeat(39))).toBe(false);
  });
});

describe('parseDecimal and formatDecimal', () => {
  it.each([
    ['1.5', { negative: false, digits: '15', exponent: 0 }, '1.5'],
    ['150', { negative: false, digits: '15', exponent: 2 }, '150'],
    ['0.015', { negative: false, digits: '15', exponent: -2 }, '0.015'],
    ['-007.10', { negative: true, digits: '71', exponent: 0 }, '-7.1'],
    ['+.5e1', { negative: false, digits: '5', exponent: 0 }, '5'],
    ['12E-3', { negative: false, digits: '12', exponent: -2 }, '0.012'],
    ['-0', { negative: false, digits: '', exponent: 0 }, '0'],
    [' 42 ', { negative: false, digits: '42', exponent: 1 }, '42'],
  ])('%j is %o, written %s', (text, decimal, written) => {
    expect(parseDecimal(text)).toEqual(decimal);
    expect(formatDecimal(parseDecimal(text))).toBe(written);
  });

  it.each(['', '.', 'e5', '1.2.3', 'abc', '1e', '--1'])('%j is not a decimal', (text) => {
    expect(() => parseDecimal(text)).toThrow(`Not a decimal number: ${text}`);
  });

  it.each([
    ['9.99E+125', true],
    ['1E-130', true],
    ['9'.repeat(38), true],
    [`0.${'1'.repeat(38)}`, true],
    [`0.${'1'.repeat(39)}`, false],
    ['0', true],
  ])('DynamoDB accepts %s: %s', (text, valid) => {
    expect(isValidDynamoDBNumber(text)).toBe(valid);
  });
});
