import { describe, expect, it } from 'vitest';
import { callLine, faultLine } from '../../reports/format.js';
import { checkExample } from './support.js';


describe('consumers on the wire gateway, judged', () => {
  it('an SDK v2 SQS publisher that catches and logs around its loop fails no-silent-loss under an injected SQS failure', async () => {
    const report = await checkExample('v2-sqs-swallowed', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect((finding.counterexample!.calls ?? []).map(callLine).join('\n')).toMatch(/sqs SendMessage → error .*injected/);
  }, 120_000);

  it('an axios consumer that skips a failed post loses the write on an injected 503 (or 429, reset, timeout)', async () => {
    const report = await checkExample('axios-webhook-swallowed', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect((finding.counterexample!.calls ?? []).map(callLine).join('\n')).toMatch(/http POST orders-api\.example\.com\/changes → (error (429|503)|network-error \(injected (network-reset|timeout)\))/);
  }, 120_000);

  it('an axios consumer that takes a timed-out post as delivered loses the write on an injected timeout; one that reports it keeps the rule', async () => {
    const report = await checkExample('axios-timeout-swallowed', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect(finding.counterexample!.calls).toContainEqual(expect.objectContaining({ service: 'http', outcome: 'network-error', fault: 'timeout' }));
    expect(finding.counterexample!.faults.map(faultLine).join('\n')).toMatch(/timeout \(no answer: the client's own timeout fires, or ETIMEDOUT\)/);
    const correct = await checkExample('axios-webhook', 1000, 12, { rules: ['no-silent-loss'] });
    expect(correct.rules[0]!.status).toBe('pass');
  }, 180_000);

  it('an SDK v2 Promise.all projection fails per-key-ordering under the adversarial completion order, with the same counterexample every time', async () => {
    const first = await checkExample('v2-projection-unordered', 1, 8, { rules: ['per-key-ordering'] });
    const finding = first.rules[0]!;
    expect(finding.status).toBe('fail');
    expect(finding.counterexample!.faults).toContainEqual(expect.objectContaining({ kind: 'reorder' }));
    const again = await checkExample('v2-projection-unordered', 1, 8, { rules: ['per-key-ordering'] });
    expect(again.rules[0]!.counterexample).toEqual(finding.counterexample);
  }, 180_000);

  it('a Scheduler consumer run with a downstream.services declaration: a swallowed CreateSchedule failure fails no-silent-loss, a reported one passes', async () => {
    const report = await checkExample('scheduler-swallowed-errors', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect(finding.counterexample!.calls).toContainEqual(expect.objectContaining({ service: 'scheduler', operation: 'CreateSchedule', fault: expect.any(String) }));
    const correct = await checkExample('scheduler-reminders', 1000, 12, { rules: ['no-silent-loss'] });
    expect(correct.rules[0]!.status).toBe('pass');
  }, 180_000);

  it('the SDK v2 DocumentClient projection keeps every rule it is judged on', async () => {
    const report = await checkExample('v2-documentclient-projection', 1000, 8, { rules: ['no-silent-loss', 'per-key-ordering', 'idempotent-redelivery'] });
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([['no-silent-loss', 'pass'], ['idempotent-redelivery', 'pass'], ['per-key-ordering', 'pass']]);
  }, 120_000);
});
