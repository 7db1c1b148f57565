import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultSchedule } from '../../generators/index.js';

describe('fault schedules', () => {
  it('stay within their bounds and leave out the kinds asked', () =>
    fc.assert(
      fc.property(faultSchedule({ maxCall: 4, maxInvocation: 2, kinds: { 'cold-start': false, reorder: false } }), (schedule) => {
        for (const f of schedule.calls) if (f.kind !== 'poison') expect(f.call).toBeLessThanOrEqual(4);
        for (const f of schedule.invocations) {
          expect(f.invocation).toBeLessThanOrEqual(2);
          expect(f.kind).not.toBe('cold-start');
        }
        expect(schedule.reorder).toBe(false);
      }),
    ));

  it('shrink toward a single fault of the simplest kind', () => {
    const result = fc.check(fc.property(faultSchedule(), (s) => s.calls.length + s.invocations.length < 2), { seed: 7 });
    expect(result.failed).toBe(true);
    const [shrunk] = result.counterexample!;
    expect(shrunk.calls.length + shrunk.invocations.length).toBe(2);
    expect(shrunk.reorder).toBe(false);
    expect(shrunk.seed).toBe(0);
  });
});
