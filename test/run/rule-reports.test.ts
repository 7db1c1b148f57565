import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../src/config/types.js';
import type { RuleOutcome, RuleStanding } from '../../src/run/pool-protocol.js';
import { reportRules, type RuleReporter } from '../../src/run/rule-reports.js';

const standing: RuleStanding = { firstFailure: 0, runs: 5, seen: { observable: true, compared: true } };
const failed = (ids: RuleId[]) => ids.map((id) => ({ id, standing }));
const outcome = (rule: RuleId, by: string): RuleOutcome => ({ report: { id: rule, status: 'fail', severity: 'error', runs: 5, durationMs: 0, message: by }, warnings: [] });
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** A harness that reports each rule after a tick (or fails on the rules in `failOn`), noting who made which. */
function reporter(name: string, ready: Promise<void> = Promise.resolve(), failOn: RuleId[] = []): RuleReporter & { made: RuleId[] } {
  const made: RuleId[] = [];
  return {
    ready,
    made,
    ruleOutcome: async (rule) => {
      await tick();
      if (failOn.includes(rule)) throw new Error(`${name} broke on ${rule}`);
      made.push(rule);
      return outcome(rule, name);
    },
  };
}

const never = new Promise<void>(() => undefined);

describe('reportRules', () => {
  it('every failing rule gets its report, each made once, on whichever harness is free', async () => {
    const own = reporter('own');
    const thread = reporter('thread');
    const ids: RuleId[] = ['per-key-ordering', 'no-silent-loss', 'idempotent-redelivery', 'checkpoint-safety'];
    const outcomes = await reportRules(failed(ids), [own, thread]);
    expect([...outcomes.keys()].sort()).toEqual([...ids].sort());
    expect([...own.made, ...thread.made].sort()).toEqual([...ids].sort());
    expect(own.made.length).toBeGreaterThan(0);
    expect(thread.made.length).toBeGreaterThan(0);
    for (const id of ids) expect(outcomes.get(id)!.ms).toBeGreaterThanOrEqual(0);
  });

  it('a thread not started when the session’s harness has run out of rules is not waited for', async () => {
    const own = reporter('own');
    const outcomes = await reportRules(failed(['per-key-ordering', 'no-silent-loss']), [own, reporter('late', never)]);
    expect(own.made).toEqual(['per-key-ordering', 'no-silent-loss']);
    expect(outcomes.size).toBe(2);
  });

  it('a thread that failed to start takes no rule', async () => {
    const broken = reporter('broken', Promise.reject(new Error('no harness')));
    const own = reporter('own');
    await reportRules(failed(['per-key-ordering', 'no-silent-loss']), [own, broken]);
    expect(broken.made).toEqual([]);
    expect(own.made).toEqual(['per-key-ordering', 'no-silent-loss']);
  });

  it('no failing rule: nothing to make', async () => {
    expect((await reportRules([], [reporter('own')])).size).toBe(0);
  });

  it('a failure stops the reports and the first failing rule in order is the one thrown, whoever failed first', async () => {
    // the thread breaks at once on the second rule; the session's harness breaks later on the first
    const own: RuleReporter = { ready: Promise.resolve(), ruleOutcome: async (rule) => (await tick(), await tick(), Promise.reject(new Error(`own broke on ${rule}`))) };
    const thread = reporter('thread', Promise.resolve(), ['no-silent-loss']);
    await expect(reportRules(failed(['per-key-ordering', 'no-silent-loss', 'idempotent-redelivery']), [own, thread])).rejects.toThrow('own broke on per-key-ordering');
    expect(thread.made).toEqual([]);
  });
});
