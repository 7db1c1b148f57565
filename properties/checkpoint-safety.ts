import type { CaseEvidence, Finding } from './evidence.js';
import { defineRule } from './rule.js';
import { committedFailure } from './support/committed-failure.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';
import { unreportedFailure } from './support/unreported-failure.js';

export const checkpointSafety = defineRule({
  id: 'checkpoint-safety',
  meaning: 'never lets the checkpoint pass a failed record: the lowest reported failure is at or before the first record whose processing failed',
  production: 'Lambda commits every record before the lowest reported failure, so reporting a later record than the one that failed skips the failed record forever.',
  fix: 'Process records in order and stop at the first failure: report that record and every record after it (or at least the first failed one) in batchItemFailures.',
  searchFix:
    'Search index: the items of a `_bulk` answer in the order of its actions, and each succeeds or fails on its own: map the first failed item (not a 409 conflict, not a delete\'s `not_found`) back to its record and report that record and every record after it.',
  judgedBy: 'the trace and the downstream state',
  skip: differentialSkip,
  attributions: [{
    precedence: 3,
    /** An effect missing after a downstream call failed for good, while the handler reported only a later record as failed. */
    attribute(d, { adv, source, advShards }) {
      if (d.kind !== 'missing' && d.kind !== 'changed') return undefined;
      const found = unreportedFailure(d.keys, adv, source, advShards);
      if (found?.answer !== 'later-record') return undefined;
      return `${found.what} while the handler processed record ${found.record}, but it reported record ${found.reported} as the first failure, so Lambda committed the failed record`;
    },
  }],
  judgeCase: (evidence) => judgeDifferences('checkpoint-safety', evidence) ?? judgeTrace(evidence),
});

/** Even when a later write of the same key hides it in the final state, the trace shows the failed record committed. */
function judgeTrace(evidence: CaseEvidence): Finding | undefined {
  const found = committedFailure(evidence.adv, evidence.advShards, evidence.source);
  if (found === undefined) return undefined;
  const { call, record, reported, invocation } = found;
  return {
    run: 'adversarial',
    invocation: evidence.adv.trace.invocations[invocation],
    message: `${call.service} ${call.operation} failed for good (injected ${call.fault}) while the handler processed record ${record}, but it reported record ${reported} as the first failure, so Lambda committed the failed record`,
  };
}
