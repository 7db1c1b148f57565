import { describe, expect, it } from 'vitest';
import { callLine } from '../../reports/format.js';
import { checkExample } from './support.js';


describe('consumers on the wire gateway, judged', () => {
  it('an SDK v2 SQS publisher that catches and logs around its loop fails no-silent-loss under an injected SQS failure', async () => {
    const report = await checkExample('v2-sqs-swallowed', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect((finding.counterexample!.calls ?? []).map(callLine).join('\n')).toMatch(/sqs SendMessage → error .*injected/);
  }, 120_000);

  it('an axios consumer that skips a failed post loses the write on an injected 503 (or 429, or reset)', async () => {
    const report = await checkExample('axios-webhook-swallowed', 1000, 12, { rules: ['no-silent-loss'] });
    const finding = report.rules[0]!;
    expect(finding.status).toBe('fail');
    expect((finding.counterexample!.calls ?? []).map(callLine).join('\n')).toMatch(/http POST orders-api\.example\.com\/changes → (error (429|503)|network error)/);
  }, 120_000);

  it('the SDK v2 DocumentClient projection keeps every rule it is judged on', async () => {
    const report = await checkExample('v2-documentclient-projection', 1000, 8, { rules: ['no-silent-loss', 'per-key-ordering', 'idempotent-redelivery'] });
    expect(report.rules.map((r) => [r.id, r.status])).toEqual([['no-silent-loss', 'pass'], ['idempotent-redelivery', 'pass'], ['per-key-ordering', 'pass']]);
  }, 120_000);
});
