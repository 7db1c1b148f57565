import type { CaseEvidence, Finding } from './evidence.js';
import { defineRule } from './rule.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';
import { unreportedFailure } from './support/unreported-failure.js';

export const noSilentLoss = defineRule({
  id: 'no-silent-loss',
  meaning: 'never reports success for a record whose processing failed: a failed downstream call is reported (or thrown) unless the handler retried it to success',
  production: 'A write that failed is acknowledged anyway, the checkpoint moves past the record and its change is lost for good.',
  fix: 'Let the error reach Lambda (throw, or report the record in batchItemFailures); check partial results of batch APIs (UnprocessedItems, UnprocessedKeys, Failed, FailedEntryCount, FailedRecordCount, FailedPutCount) and retry or report those entries.',
  searchFix:
    "Search index: a `_bulk` answers 200 even when items failed: read `errors` and each item's `status` (a 409 version conflict or a delete's `not_found` is done; a 429 or 5xx item is not) and report those records.",
  judgedBy: 'the trace of downstream calls and responses, and the downstream state',
  skip: differentialSkip,
  attributions: [{
    precedence: 1,
    /**
     * An effect missing after a downstream call failed for good in an invocation that still
     * reported success; or a message that went out late, only when its record came again.
     */
    attribute(d, { adv, source, advShards }) {
      if (d.kind !== 'missing' && d.kind !== 'changed' && d.kind !== 'order') return undefined;
      const found = unreportedFailure(d.keys, adv, source, advShards);
      if (found?.answer !== 'success') return undefined;
      const late = d.kind === 'order' ? '; its message went out only when the record was delivered again, after a later one of its key' : '';
      if (found.leftRunning) return `${found.what} ${leftRunningWork} the batch holding record ${found.record}, which it had reported as a success${late}`;
      return `${found.what} while the handler processed record ${found.record}, and the handler still reported the batch as a success${late}`;
    },
  }],
  judgeCase: (evidence) => wholeCallFix(judgeDifferences('no-silent-loss', evidence), evidence),
});

/** How a finding tells a call made after its invocation answered; its fix is then to await that work. */
const leftRunningWork = 'in work the handler left on a timer when it returned from';

/**
 * A call that failed as a whole (an SNS Publish, a fetch, a PutItem) needs its error let through,
 * not the batch APIs' partial results the general advice also names. Search keeps its own advice.
 */
function wholeCallFix(finding: Finding | undefined, { mapping }: CaseEvidence): Finding | undefined {
  if (finding === undefined) return finding;
  if (finding.message.includes(leftRunningWork)) {
    return { ...finding, fix: 'Finish the work before returning: await the write (a flush, a send) in the handler, so that its failure fails the batch or is reported for its records. Lambda freezes the execution environment when the handler returns: work left on a timer runs only when the environment is invoked again, if ever, and its failure reaches no batch.' };
  }
  // a fix for what the difference is (stamps, idempotency records) says more than the general one
  if (finding.fix !== undefined || finding.message.includes(' partly failed') || finding.message.startsWith('search ')) return finding;
  const report = mapping.ReportBatchItemFailures ? 'throw it, or report the record in batchItemFailures' : 'throw it (this mapping has no ReportBatchItemFailures, so only a thrown error fails the batch)';
  return { ...finding, fix: `Let the error reach Lambda: ${report}, instead of catching and logging it. A record is acknowledged when the invocation ends without reporting it, whether or not its change was made.` };
}
