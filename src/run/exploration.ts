import type { RuleId } from '../config/types.js';

/** What one generated case showed, by index in the generated sequence. */
export interface CaseResult {
  /** The rules the case broke. */
  failed: RuleId[];
  observable: boolean;
  compared: boolean;
  warnings: string[];
  /** When the case finished, ms after the exploration began. */
  doneMs: number;
}

/** Which cases of the sequence a run evaluates: all of them, or a shard's share (`index % count`). */
export interface Share {
  index: number;
  count: number;
}

export const WHOLE: Share = { index: 0, count: 1 };

export function owns(share: Share, caseIndex: number): boolean {
  return caseIndex % share.count === share.index;
}

/** The outcome of exploring a prefix of the generated sequence: the same for any worker count. */
export interface Exploration {
  /** The cases counted are those (of the share) with an index below `upTo`. */
  upTo: number;
  /** How many cases of the share were counted. */
  counted: number;
  /** How many cases the sequence has (`--runs`). */
  total: number;
  /** Each rule's first failing case (index in the whole sequence), and when it was seen. */
  firstFailures: Map<RuleId, { index: number; ms: number }>;
  observable: boolean;
  compared: boolean;
  /** The cases' warnings, in case order. */
  warnings: string[];
  /** Every rule failed: later cases cannot change the outcome. */
  complete: boolean;
}

/**
 * Folds the results in case order (never completion order): each rule's first failure, and the
 * prefix counted. The prefix ends at the first case of the share without a result (the time
 * budget stopped the run there), or just after the case by which every rule has failed.
 */
export function settle(results: readonly (CaseResult | undefined)[], rules: readonly RuleId[], total: number, share: Share = WHOLE): Exploration {
  const out: Exploration = { upTo: total, counted: 0, total, firstFailures: new Map(), observable: false, compared: false, warnings: [], complete: false };
  const warnings = new Set<string>();
  for (let i = 0; i < total; i++) {
    if (!owns(share, i)) continue;
    const result = results[i];
    if (result === undefined) {
      out.upTo = i;
      break;
    }
    out.counted++;
    out.observable ||= result.observable;
    out.compared ||= result.compared;
    for (const warning of result.warnings) warnings.add(warning);
    for (const rule of result.failed) {
      if (!out.firstFailures.has(rule) && rules.includes(rule)) out.firstFailures.set(rule, { index: i, ms: result.doneMs });
    }
    if (rules.length > 0 && out.firstFailures.size === rules.length) {
      out.upTo = i + 1;
      out.complete = true;
      break;
    }
  }
  out.warnings = [...warnings];
  return out;
}
