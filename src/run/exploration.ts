import type { RuleId } from '../config/types.js';
import type { RunSdkUsage } from '../harness/index.js';
import { sdkOf, type CaseVerdict } from '../judge/evaluate.js';

/** What one generated case showed, by index in the generated sequence. */
export interface CaseResult {
  /** The rules the case broke. */
  failed: RuleId[];
  observable: boolean;
  compared: boolean;
  /** Whether the mapping invoked the handler at all (absent in results from an older report: taken as invoked). */
  invoked?: boolean;
  warnings: string[];
  /** What the reference and adversarial runs showed of the handler's AWS SDK use. */
  sdk?: RunSdkUsage[];
  /** Invocations of the case's runs that the watchdog cut (they kept running past their timeout). */
  hangs: number;
  /** When the case finished, ms after the exploration began. */
  doneMs: number;
}

/** What the exploration keeps of a case's verdict (the same whether the session or a worker thread judged it). */
export function caseResultOf(verdict: CaseVerdict): Omit<CaseResult, 'doneMs'> {
  return { failed: [...verdict.findings.keys()], observable: verdict.observable, compared: verdict.compared, invoked: verdict.invoked, warnings: verdict.warnings, sdk: sdkOf(verdict), hangs: verdict.hangs };
}

/**
 * Hung invocations the exploration takes before it stops at the case in progress. Each one cost
 * real time (the watchdog's wait, then a fresh environment), and a handler that keeps hanging
 * shows little else: valid-record-robustness has already failed on it. A count, not a time, so
 * the cases counted are the same on any machine and for any worker count.
 */
export const explorationHangLimit = 60;

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
  /** Whether any counted case's runs invoked the handler. */
  invoked: boolean;
  /** The cases' warnings, in case order. */
  warnings: string[];
  /** The counted cases' AWS SDK use, in case order. */
  sdk: RunSdkUsage[];
  /** Every rule failed: later cases cannot change the outcome. */
  complete: boolean;
  /** Invocations cut by the watchdog in the cases counted. */
  hangs: number;
  /** The prefix ends because the handler hung `hangLimit` times (later cases are not explored). */
  hangCut: boolean;
}

/**
 * Folds the results in case order (never completion order): each rule's first failure, and the
 * prefix counted. The prefix ends at the first case of the share without a result (the time
 * budget stopped the run there), or just after the case by which every rule has failed, or just
 * after the case by which the handler has hung `hangLimit` times.
 */
export function settle(results: readonly (CaseResult | undefined)[], rules: readonly RuleId[], total: number, share: Share = WHOLE, hangLimit = Infinity): Exploration {
  const out: Exploration = { upTo: total, counted: 0, total, firstFailures: new Map(), observable: false, compared: false, invoked: false, warnings: [], sdk: [], complete: false, hangs: 0, hangCut: false };
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
    out.invoked ||= result.invoked ?? true;
    for (const warning of result.warnings) warnings.add(warning);
    out.sdk.push(...(result.sdk ?? []));
    for (const rule of result.failed) {
      if (!out.firstFailures.has(rule) && rules.includes(rule)) out.firstFailures.set(rule, { index: i, ms: result.doneMs });
    }
    out.hangs += result.hangs;
    if (rules.length > 0 && out.firstFailures.size === rules.length) {
      out.upTo = i + 1;
      out.complete = true;
      break;
    }
    if (out.hangs >= hangLimit && i + share.count < total) {
      out.upTo = i + 1;
      out.hangCut = true;
      break;
    }
  }
  out.warnings = [...warnings];
  return out;
}
