import { describe, expect, it } from 'vitest';
import { compareSequenceNumbers, isSequenceNumber, paddedSequenceNumber } from '../../src/model/sequence-number.js';

describe('sequence numbers', () => {
  it.each([
    ['0', true],
    ['49590338271490256608559692538361571095921575989136588898', true],
    ['007', false],
    ['-1', false],
    ['1.5', false],
    ['', false],
    [42, false],
  ])('isSequenceNumber(%j) is %s', (value, expected) => {
    expect(isSequenceNumber(value)).toBe(expected);
  });

  it.each([
    ['9', '10', -1],
    ['100000000000000000001', '100000000000000000002', -1],
    ['49590338271490256608559692538361571095921575989136588899', '49590338271490256608559692538361571095921575989136588898', 1],
    ['123', '123', 0],
  ])('compareSequenceNumbers(%s, %s) is %i (numeric, not string, order)', (a, b, expected) => {
    expect(compareSequenceNumbers(a, b)).toBe(expected);
  });

  it('padding makes string order the numeric order', () => {
    const numbers = ['10', '9', '100000000000000000000', '0'];
    const byString = numbers.map((n) => paddedSequenceNumber(n)).sort();
    expect(byString.map((n) => BigInt(n).toString())).toEqual(['0', '9', '10', '100000000000000000000']);
    expect(paddedSequenceNumber('42', 5)).toBe('00042');
  });
});
