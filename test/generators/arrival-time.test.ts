import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrivalGaps, arrivalTimes } from '../../generators/arrival-time.js';

describe('arrival times', () => {
  it.each([
    { gaps: [], count: 3, times: [1000, 1000, 1000] },
    { gaps: [0, 5, 0, 60_000], count: 4, times: [1000, 1005, 1005, 61_005] },
    { gaps: [10, 20], count: 4, times: [1010, 1030, 1030, 1030] },
    { gaps: [1, 2, 3], count: 1, times: [1001] },
  ])('gaps $gaps over $count records', ({ gaps, count, times }) => {
    expect(arrivalTimes(1000, gaps, count)).toEqual(times);
  });

  it('generated gaps are at most a minute, at most maxRecords of them, and often none', () => {
    const samples = fc.sample(arrivalGaps(5), { numRuns: 200, seed: 1 });
    for (const gaps of samples) {
      expect(gaps.length).toBeLessThanOrEqual(5);
      for (const gap of gaps) expect(gap >= 0 && gap <= 60_000).toBe(true);
    }
    expect(samples.flat().filter((g) => g === 0).length).toBeGreaterThan(samples.flat().length / 4);
  });
});
