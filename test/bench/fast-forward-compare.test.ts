import { describe, expect, it } from 'vitest';
import { fastForwardDifferences } from '../../bench/self-validate.js';
import type { Report, RuleReport } from '../../reports/report.js';

const invocation = { requestId: 'r' };
const failing: RuleReport = {
  id: 'no-silent-loss', status: 'fail', severity: 'error', runs: 5, durationMs: 10, message: 'record lost', firstFailure: { run: 3, ms: 40 },
  counterexample: {
    records: [], faults: ['order-0 always fails'], timeline: 'run\n', replay: 'token',
    trace: { invocations: [invocation, invocation], destinations: [], checkpoints: { s: '2' }, discards: [], events: [{ type: 'skipped', count: 4 }] },
  },
} as unknown as RuleReport;
const report = (rules: RuleReport[]) => ({ rules }) as unknown as Report;

describe('comparing a zoo run with fast-forward on and off', () => {
  it('the same verdicts and counterexamples, the skipped attempts run one by one, are no difference', () => {
    const expanded = { ...failing, durationMs: 99, counterexample: { ...failing.counterexample!, timeline: 'other\n', trace: { ...failing.counterexample!.trace, invocations: Array(6).fill(invocation), events: [] } } };
    expect(fastForwardDifferences(report([failing]), report([expanded as RuleReport]))).toEqual([]);
  });

  it('names the rule and what changed: the verdict, where it first failed, the counterexample, the attempts', () => {
    const passing = { ...failing, status: 'pass', message: 'holds', counterexample: undefined, firstFailure: undefined } as unknown as RuleReport;
    expect(fastForwardDifferences(report([failing]), report([passing]))).toEqual(['no-silent-loss (status, message, firstFailure, records, faults, replay, attempts, destinations, checkpoints, discards)']);
    const later = { ...failing, firstFailure: { run: 4, ms: 40 } };
    expect(fastForwardDifferences(report([failing]), report([later]))).toEqual(['no-silent-loss (firstFailure)']);
    const fewer = { ...failing, counterexample: { ...failing.counterexample!, trace: { ...failing.counterexample!.trace, events: [{ type: 'skipped', count: 3 }] } } } as unknown as RuleReport;
    expect(fastForwardDifferences(report([failing]), report([fewer]))).toEqual(['no-silent-loss (attempts)']);
  });
});
