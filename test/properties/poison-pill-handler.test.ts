import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConsumerWithSettings } from '../../src/run/check.js';
import { loadConfig } from '../../src/config/load.js';
import { resolveRunSettings } from '../../src/config/settings.js';

const dir = join(import.meta.dirname, '..', '..', 'docs', 'rules', 'examples', 'poison-pill-isolation');

async function poisonPill(file: string | undefined, cwd = dir) {
  const loaded = await loadConfig({ cwd, file });
  const report = await checkConsumerWithSettings(resolveRunSettings({ loaded, cwd, cli: { seed: 1, runs: 1, rules: ['poison-pill-isolation'] } }));
  return report.rules.find((r) => r.id === 'poison-pill-isolation')!;
}

// the docs page's pair: one mapping that isolates failures, the handler makes the difference
describe('poison-pill-isolation caused by the handler (issue 14: the docs sample is a handler finding)', () => {
  it('a key lock never released on failure makes every retry wait for the timeout: it fails, and says the invocations timed out', async () => {
    const rule = await poisonPill('wrong.config.json');
    expect(rule.status).toBe('fail');
    expect(rule.message).toMatch(/^with the handler, on this rule's own records \(a first record whose every downstream call fails, then 6 of other keys\), a permanently failing record kept 6 record\(s\) of other keys from being processed for \d+\.\d h .*; \d+ of the \d+ invocations ran until the function timed out \(after 15\.0 min\) instead of failing at once$/);
  }, 60_000);

  it('the right handler under the same mapping passes', async () => {
    const rule = await poisonPill('conformance.config.json');
    expect(rule.status).toBe('pass');
    expect(rule.message).toMatch(/^with the handler, on this rule's own records \(a first record whose every downstream call fails, then 6 of other keys\), a permanently failing record held other keys back for at most \d+\.\d min/);
  }, 60_000);
});

describe('poison-pill-isolation: healthy records the handler applied', () => {
  it("Powertools' BatchProcessor applies the records behind a poison at the head of the batch: nothing is lost, so it passes, saying they were set aside with it", async () => {
    const rule = await poisonPill(undefined, join(import.meta.dirname, '..', '..', 'examples', 'powertools-sequential'));
    expect(rule.status).toBe('pass');
    expect(rule.message).toMatch(/^with the handler, on this rule's own records \(a first record whose every downstream call fails, then 6 of other keys\), a permanently failing record held other keys back for at most .*; 3 healthy record\(s\) the handler had applied were retried with it, then Lambda sent their range to the OnFailure destination \(sqs\) as failed$/);
    expect(rule.counterexample).toBeUndefined();
  }, 60_000);

  it('a handler that reports the poison and the records after it unapplied warns, showing the run: records, poison, timeline', async () => {
    const rule = await poisonPill(undefined, join(import.meta.dirname, '..', '..', 'examples', 'kinesis-sequence-dedup'));
    expect(rule.status).toBe('warn');
    expect(rule.message).toMatch(/healthy record\(s\) of other keys were never applied/);
    expect(rule.counterexample?.replay).toBe('');
    expect(rule.counterexample?.faults).toEqual([{ kind: 'poison-key', values: [expect.stringMatching(/^poison-/)] }]);
    expect(rule.counterexample?.trace.discards.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('poison-pill-isolation: a handler whose calls name the record by its event id, not its key', () => {
  it('an aggregate (writes per SKU, a dedup record per event id) is judged, with the poison tied to it by its event id', async () => {
    const rule = await poisonPill(undefined, join(import.meta.dirname, '..', '..', 'examples', 'inventory-reservations'));
    expect(rule.status).toBe('pass');
    expect(rule.message).toMatch(/^with the handler, on this rule's own records/);
  }, 60_000);
});
