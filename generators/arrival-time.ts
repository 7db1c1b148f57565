import fc from 'fast-check';

/**
 * Delays before each record, in ms: often none or under a second (records share a second of
 * ApproximateCreationDateTime), sometimes up to a minute.
 */
export function arrivalGaps(maxRecords: number): fc.Arbitrary<number[]> {
  const gap = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 999 }), fc.integer({ min: 1000, max: 60_000 }));
  return fc.array(gap, { maxLength: maxRecords });
}

/** Non-decreasing arrival times (epoch ms) for `count` records; missing gaps count as 0. */
export function arrivalTimes(startTime: number, gaps: readonly number[], count: number): number[] {
  const times: number[] = [];
  let time = startTime;
  for (let i = 0; i < count; i++) {
    time += gaps[i] ?? 0;
    times.push(time);
  }
  return times;
}
