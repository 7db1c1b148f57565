import type { RuleId } from '../config/types.js';
import type { Case } from '../judge/case.js';
import { owns, settle, WHOLE, type CaseResult, type Exploration, type Share } from './exploration.js';

/** Something that judges cases: the session's own harness, or a worker thread with its own. */
export interface Evaluator {
  /** Resolves when it can take cases; an evaluator that cannot start leaves its share to the others. */
  ready: Promise<void>;
  evaluate(c: Case): Promise<Omit<CaseResult, 'doneMs'>>;
  close(): Promise<void>;
}

export interface ExploreOptions {
  /** The generated sequence: case i is what `fc.check` would have run i-th. */
  cases: readonly Case[];
  rules: readonly RuleId[];
  /** The first is the session's own (ready at once); the others may still be starting. */
  evaluators: readonly Evaluator[];
  share?: Share;
  /** No new case is started after this much time (the result is then a shorter prefix). */
  budgetMs: number;
  /** Hung invocations after which no new case is started (see `settle`). */
  hangLimit?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface PoolExploration extends Exploration {
  /** The time budget ended the exploration before the share was explored. */
  cut: boolean;
}

/**
 * Evaluates the cases of the share on every evaluator at once, handing out cases in index order,
 * and folds the results in index order: the outcome does not depend on how many evaluators there
 * are nor on which finishes first. Dispatch stops once every rule has failed (or the budget ends);
 * a case whose evaluation throws stops the run with that error unless the outcome was settled
 * before it (the lowest such case wins, so the error too is the same for any worker count).
 */
export async function explore(options: ExploreOptions): Promise<PoolExploration> {
  const { cases, rules, evaluators, budgetMs } = options;
  const hangLimit = options.hangLimit ?? Infinity;
  const share = options.share ?? WHOLE;
  const total = cases.length;
  const queue = cases.map((_, i) => i).filter((i) => owns(share, i));
  const results: (CaseResult | undefined)[] = new Array<CaseResult | undefined>(total);
  const errors = new Map<number, unknown>();
  const started = Date.now();
  let next = 0;
  let done = 0;
  let stop = false;

  // an evaluator still starting when the session's own has run out of cases is not waited for
  let ownDone: () => void = () => undefined;
  const ownFinished = new Promise<false>((resolve) => (ownDone = () => resolve(false)));
  const work = async (evaluator: Evaluator): Promise<void> => {
    const ready = await Promise.race([evaluator.ready.then(() => true, () => false), ownFinished]);
    if (!ready) return;
    while (!stop && next < queue.length) {
      if (Date.now() - started > budgetMs) {
        stop = true;
        break;
      }
      const index = queue[next++]!;
      try {
        const result = await evaluator.evaluate(cases[index]!);
        results[index] = { ...result, doneMs: Date.now() - started };
      } catch (error) {
        errors.set(index, error);
        stop = true;
        break;
      }
      options.onProgress?.(++done, queue.length);
      const settled = settle(results, rules, total, share, hangLimit);
      if (settled.complete || settled.hangCut) stop = true;
    }
  };
  await Promise.all(evaluators.map((evaluator, k) => (k === 0 ? work(evaluator).finally(ownDone) : work(evaluator))));

  const exploration = settle(results, rules, total, share, hangLimit);
  const settledEarly = exploration.complete || exploration.hangCut;
  const firstError = [...errors.keys()].sort((a, b) => a - b)[0];
  if (firstError !== undefined && !(settledEarly && exploration.upTo <= firstError)) throw errors.get(firstError);
  return { ...exploration, cut: !settledEarly && exploration.upTo < total };
}
