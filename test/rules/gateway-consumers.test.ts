import { describe, expect, it } from 'vitest';
import { faultLine } from '../../reports/format.js';
import { checkExample } from './support.js';


/**
 * One small end-to-end check per way a handler reaches the outside (SDK v2 on the wire, an HTTP client,
 * a service declared in downstream.services). Every example's verdicts on every rule, the passing
 * counterparts (axios-webhook, scheduler-reminders, v2-documentclient-projection, v2-sqs-publisher) and
 * the other swallowing consumers (v2-sqs-swallowed, axios-webhook-swallowed) included, are checked over
 * many seeds by the zoo (`npm run validate`, examples/manifest.json); the faults themselves (429, 503,
 * resets, timeouts, SDK v2 retries) are checked on the gateway in test/harness/gateway.test.ts.
 */
describe('consumers on the wire gateway, judged', () => {
  it('an axios consumer that takes a timed-out post as delivered loses the write on an injected timeout', async () => {
    const report = await checkExample('axios-timeout-swallowed', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect(finding.counterexample!.calls).toContainEqual(expect.objectContaining({ service: 'http', outcome: 'network-error', fault: 'timeout' }));
    expect(finding.counterexample!.faults.map(faultLine).join('\n')).toMatch(/timeout \(no answer: the client's own timeout fires, or ETIMEDOUT\)/);
  }, 180_000);

  it('an SDK v2 Promise.all projection fails per-key-ordering under the adversarial completion order, with the same counterexample every time', async () => {
    const first = await checkExample('v2-projection-unordered', 1, 8, { rules: ['per-key-ordering'] });
    const finding = first.rules[0]!;
    expect(finding.status).toBe('fail');
    expect(finding.counterexample!.faults).toContainEqual(expect.objectContaining({ kind: 'reorder' }));
    const again = await checkExample('v2-projection-unordered', 1, 8, { rules: ['per-key-ordering'] });
    expect(again.rules[0]!.counterexample).toEqual(finding.counterexample);
  }, 180_000);

  it('a Scheduler consumer run with a downstream.services declaration: a swallowed CreateSchedule failure fails no-silent-loss', async () => {
    const report = await checkExample('scheduler-swallowed-errors', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect(finding.counterexample!.calls).toContainEqual(expect.objectContaining({ service: 'scheduler', operation: 'CreateSchedule', fault: expect.any(String) }));
  }, 180_000);
});
