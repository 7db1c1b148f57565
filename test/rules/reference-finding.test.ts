import { describe, expect, it } from 'vitest';
import { counterexampleLines } from '../../reports/format.js';
import { checkExample } from './support.js';

describe('a finding of the run without faults', () => {
  // issue 14: "with no faults at all" was printed beside a counterexample that listed two faults
  it('shows no faults beside "with no faults at all" (new-image-on-remove, valid-record-robustness)', async () => {
    const report = await checkExample('new-image-on-remove', 1000, 20, { rules: ['valid-record-robustness'] });
    const finding = report.rules.find((r) => r.id === 'valid-record-robustness')!;
    expect(finding.status).toBe('fail');
    expect(finding.message).toMatch(/^with no faults at all/);
    expect(finding.counterexample!.faults).toEqual([]);
    expect(counterexampleLines(finding.counterexample!)).toContain('Faults: none');
  }, 120_000);
});
