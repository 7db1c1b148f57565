import { describe, expect, it } from 'vitest';
import { checkExample } from './support.js';

// issue 14's exact situation: the README's buggy example (Promise.all over the batch), seed 1, 30 runs
describe('one cause, one rule, a small counterexample: the Promise.all handler', () => {
  it('per-key-ordering owns the failure with the adversarial completion order alone and at most 3 records; the other rules say same cause or hold', async () => {
    const report = await checkExample('orders-projection-unordered', 1, 30, { rules: ['per-key-ordering', 'idempotent-redelivery', 'expected-state'] });
    const rule = (id: string) => report.rules.find((r) => r.id === id)!;
    const ordering = rule('per-key-ordering');
    expect(ordering.status).toBe('fail');
    expect(ordering.sameCauseAs).toBeUndefined();
    expect(ordering.counterexample!.records.length).toBeLessThanOrEqual(3);
    expect(ordering.counterexample!.faults).toEqual([{ kind: 'reorder', seed: expect.any(Number) }]);
    for (const id of ['idempotent-redelivery', 'expected-state']) {
      const other = rule(id);
      if (other.status === 'fail') expect(other.sameCauseAs, id).toBe('per-key-ordering');
      else expect(other.status, id).toBe('pass');
    }
    expect(rule('expected-state').fix).toBe(ordering.fix);
  }, 180_000);
});
