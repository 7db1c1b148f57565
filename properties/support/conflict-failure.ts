import type { HarnessRun } from '../../src/harness/index.js';
import type { InvocationRecord } from '../../src/model/types.js';
import { lastAttemptOfEachCall } from './call-attribution.js';

/** An invocation that failed only because a search engine refused a stale write with a version conflict. */
export interface ConflictTakenForFailure {
  invocation: InvocationRecord;
  /** How many writes of the invocation the engine refused with 409. */
  conflicts: number;
}

/**
 * The first invocation that failed (threw, or reported a record) although no call of it failed and
 * no fault was injected into it, while the engine refused at least one versioned write with 409
 * version_conflict_engine_exception. Such a refusal says a newer version of the document is
 * already indexed (or deleted within `index.gc_deletes`): the change is done. Failing on it fails
 * the record on every delivery, so Lambda retries it until it is discarded or expires.
 */
export function conflictTakenForFailure(run: HarnessRun): ConflictTakenForFailure | undefined {
  for (const [index, invocation] of run.trace.invocations.entries()) {
    if (invocation.outcome !== 'partial' && invocation.outcome !== 'function-error') continue;
    const calls = run.calls.filter((c) => c.invocation === index);
    if (calls.some((c) => c.fault !== undefined)) continue;
    const last = lastAttemptOfEachCall(calls);
    if (!last.every((c) => c.outcome === 'ok' || (c.outcome === 'error' && c.conflicts !== undefined))) continue;
    const conflicts = last.reduce((n, c) => n + (c.conflicts ?? 0), 0);
    if (conflicts > 0) return { invocation, conflicts };
  }
  return undefined;
}
