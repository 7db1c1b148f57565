import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compareSequenceNumbers,
  kinesisSequenceStyle,
  renderSequence,
  sequenceNumbers,
  sequenceStyle,
} from '../../generators/index.js';
import { compareSequenceNumbers as modelCompare } from '../../src/model/sequence-number.js';

const strictlyIncreasing = (numbers: string[]) => numbers.every((n, i) => i === 0 || BigInt(numbers[i - 1] as string) < BigInt(n));
const increasingAsStrings = (numbers: string[]) => numbers.every((n, i) => i === 0 || (numbers[i - 1] as string) < n);

describe('sequence numbers', () => {
  it('are strictly increasing as BigInt, 21–40 digits, without leading zeros', () =>
    fc.assert(
      fc.property(sequenceStyle(), fc.nat({ max: 200 }), (style, count) => {
        const numbers = renderSequence(style, count);
        expect(numbers).toHaveLength(count);
        expect(strictlyIncreasing(numbers)).toBe(true);
        for (const n of numbers) expect(n).toMatch(/^[1-9]\d{20,39}$/);
      }),
      { numRuns: 300 },
    ));

  it('often cross a digit-length boundary, so string order is wrong', () => {
    const runs = fc.sample(sequenceNumbers(10), { numRuns: 500, seed: 11 });
    const broken = runs.filter((numbers) => !increasingAsStrings(numbers));
    expect(broken.length / runs.length).toBeGreaterThan(0.3);
    expect(broken.every(strictlyIncreasing)).toBe(true);
  });

  it('Kinesis runs are mostly 56 digits and never above 129', () => {
    const runs = fc.sample(kinesisSequenceStyle().map((s) => renderSequence(s, 5)), { numRuns: 400, seed: 5 });
    const lengths = runs.flat().map((n) => n.length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(129);
    expect(lengths.filter((l) => l === 56).length / lengths.length).toBeGreaterThan(0.5);
    expect(runs.every(strictlyIncreasing)).toBe(true);
  });

  it('compareSequenceNumbers compares as integers (the model\'s one definition, offered by the generators too)', () => {
    expect(compareSequenceNumbers).toBe(modelCompare);
    expect(compareSequenceNumbers('999999999999999999999', '1000000000000000000000')).toBe(-1);
    expect(compareSequenceNumbers('1000000000000000000000', '999999999999999999999')).toBe(1);
    expect(compareSequenceNumbers('42', '42')).toBe(0);
  });
});
