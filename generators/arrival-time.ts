import fc from 'fast-check';

/**
 * Delays before each record, in ms: mostly none, so that records arrive together and share a
 * batch (the poller takes what has arrived; bisection, partial responses and per-batch bugs need
 * several records in one batch), else under a second (records share a second of
 * ApproximateCreationDateTime) or up to a minute.
 */
export function arrivalGaps(maxRecords: number): fc.Arbitrary<number[]> {
  const gap = fc.oneof(
    { weight: 2, arbitrary: fc.constant(0) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 999 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }) },
  );
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
