import type { RuleId } from '../config/types.js';
import type { RuleOutcome, RuleStanding } from './pool-protocol.js';

/** A harness that can make a failing rule's report: the session's own, or a worker thread's. */
export interface RuleReporter {
  ready: Promise<void>;
  ruleOutcome(rule: RuleId, standing: RuleStanding): Promise<RuleOutcome>;
}

/**
 * The reports of the rules that failed, each shrunk on whichever harness is free: a rule's
 * shrinking depends only on the seed, its first failing case and the settings, so where it runs
 * changes nothing. The first reporter is the session's own; a thread not started by the time it
 * has run out of rules is not waited for. A failure is thrown for the first such rule in order.
 */
export async function reportRules(rules: { id: RuleId; standing: RuleStanding }[], reporters: readonly RuleReporter[]): Promise<Map<RuleId, RuleOutcome & { ms: number }>> {
  const outcomes = new Map<RuleId, RuleOutcome & { ms: number }>();
  const errors = new Map<number, unknown>();
  let next = 0;
  let ownDone: () => void = () => undefined;
  const ownFinished = new Promise<false>((resolve) => (ownDone = () => resolve(false)));
  const work = async (reporter: RuleReporter): Promise<void> => {
    if (!(await Promise.race([reporter.ready.then(() => true, () => false), ownFinished]))) return;
    while (next < rules.length && errors.size === 0) {
      const k = next++;
      const { id, standing } = rules[k]!;
      const started = Date.now();
      try {
        outcomes.set(id, { ...(await reporter.ruleOutcome(id, standing)), ms: Date.now() - started });
      } catch (error) {
        errors.set(k, error);
      }
    }
  };
  await Promise.all(reporters.map((reporter, k) => (k === 0 ? work(reporter).finally(ownDone) : work(reporter))));
  const first = [...errors.keys()].sort((a, b) => a - b)[0];
  if (first !== undefined) throw errors.get(first);
  return outcomes;
}
