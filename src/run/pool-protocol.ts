import type { RuleId } from '../config/types.js';
import type { Case } from '../judge/case.js';
import type { RuleReport } from '../../reports/report.js';
import type { CaseResult } from './exploration.js';

/** An error as it crosses a thread: `user` when it was written for the user (a `UserError`), so it stays one. */
export interface ThreadError {
  name: string;
  message: string;
  user?: boolean;
}

/** Where a case rule stands after the exploration: what its report (and shrinking) starts from. */
export interface RuleStanding {
  firstFailure: number | undefined;
  firstFailureMs?: number;
  runs: number;
  seen: { observable: boolean; compared: boolean };
}

/** A rule's report made on some harness, with the warnings its shrinking raised. */
export interface RuleOutcome {
  report: RuleReport;
  warnings: string[];
}

export type ToPoolWorker =
  | { type: 'case'; id: number; case: Case }
  | { type: 'rule'; id: number; rule: RuleId; standing: RuleStanding }
  | { type: 'close' };

export type FromPoolWorker =
  | { type: 'ready' }
  | { type: 'failed'; error: ThreadError }
  | { type: 'verdict'; id: number; result: Omit<CaseResult, 'doneMs'> }
  | { type: 'rule'; id: number; outcome: RuleOutcome }
  | { type: 'error'; id: number; error: ThreadError };
