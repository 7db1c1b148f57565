import type { CaseEvidence, Finding } from './evidence.js';
import { defineRule } from './rule.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';
import { frozenWork } from './support/frozen-work.js';
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
      if (d.kind !== 'missing' && d.kind !== 'changed' && d.kind !== 'order' && d.kind !== 'extra') return undefined;
      const found = unreportedFailure(d.keys, adv, source, advShards);
      if (found?.answer !== 'success') return undefined;
      // an item left behind is a loss only of a delete
      if (d.kind === 'extra' && found.deletes !== true) return undefined;
      const late = d.kind === 'order' ? '; its message went out only when the record was delivered again, after a later one of its key' : '';
      if (found.leftRunning === 'timer') return `${found.what} ${leftOnTimer} the batch holding record ${found.record}, which it had reported as a success${late}`;
      if (found.leftRunning === 'unawaited') {
        const crash = found.unhandled ? `; nothing handled the rejection, which ends the execution environment (Runtime.UnhandledPromiseRejection) and fails the next invocation, whichever batch it carries, while the record stays lost` : '';
        return `${found.what} in ${unawaited}, made after it had returned success for the batch holding record ${found.record}${late}${crash}`;
      }
      return `${found.what} while the handler processed record ${found.record}, and the handler still reported the batch as a success${late}`;
    },
  }, {
    precedence: 2,
    /** A change never made: the handler returned before writing it, and the work it left to write it was frozen with the environment. */
    attribute(d, { adv, source, advShards }) {
      const record = frozenWork(d.keys, adv, source, advShards);
      if (record === undefined) return undefined;
      return `the handler returned, reporting record ${record} as processed, ${neverWritten}: that was left to ${unawaited}, which stopped when the execution environment froze, so the change was never made`;
    },
  }],
  judgeCase: (evidence) => wholeCallFix(judgeDifferences('no-silent-loss', evidence), evidence),
});

/** How a finding tells a call made after its invocation answered; its fix is then to await that work. */
const leftOnTimer = 'in work the handler left on a timer when it returned from';
const unawaited = 'work the handler did not await';
const neverWritten = 'before its change was written';

/**
 * A call that failed as a whole (an SNS Publish, a fetch, a PutItem) needs its error let through,
 * not the batch APIs' partial results the general advice also names. Search keeps its own advice.
 */
function wholeCallFix(finding: Finding | undefined, { mapping, adv }: CaseEvidence): Finding | undefined {
  if (finding === undefined) return finding;
  const report = (record: string) => (mapping.ReportBatchItemFailures ? `throw it, or report ${record} in batchItemFailures` : 'throw it (this mapping has no ReportBatchItemFailures, so only a thrown error fails the batch)');
  if (finding.message.includes(unawaited)) {
    const neverMade = finding.message.includes(neverWritten);
    return {
      ...finding,
      ...(neverMade && {
        production: 'The handler reports the batch processed before its writes are made: Lambda moves the checkpoint past it and freezes the execution environment, and if that environment is not invoked again the writes are never made.',
      }),
      fix: `Await all the work before the handler returns: each send (a promise not awaited runs on after the return), any Promise.all over the records, and the writes of a loop (Array.prototype.forEach does not wait for an async callback: use for…of with await, which also keeps each key's writes in order). Once it is awaited, let a failure reach Lambda: ${report('its record')}; an error caught and only logged is lost the same way. Work still running when the handler returns fails no batch, and Lambda freezes it with the execution environment: it resumes only if that environment is invoked again.`,
    };
  }
  if (finding.message.includes(leftOnTimer)) {
    return { ...finding, fix: 'Finish the work before returning: await the write (a flush, a send) in the handler, so that its failure fails the batch or is reported for its records. Lambda freezes the execution environment when the handler returns: work left on a timer runs only when the environment is invoked again, if ever, and its failure reaches no batch.' };
  }
  // a fix for what the difference is (stamps, idempotency records) says more than the general one
  if (finding.fix !== undefined || finding.message.includes(' partly failed') || finding.message.startsWith('search ')) return finding;
  const acknowledged = 'A record is acknowledged when the invocation ends without reporting it, whether or not its change was made.';
  if (answeredStatus(finding, adv)) return { ...finding, fix: `${statusAdvice} Then let it reach Lambda: ${report('the record')}, never only logged. ${acknowledged}` };
  return { ...finding, fix: `Let the error reach Lambda: ${report('the record')}, instead of catching and logging it. ${acknowledged}` };
}

/** An HTTP request answered with an error status: many clients hand it back as a response, not an error. */
const statusAdvice = 'Treat an error status as a failure: fetch and node:https resolve on a 429 or 5xx answer (check response.ok or the status code), as do got with throwHttpErrors: false and axios with a validateStatus that accepts it.';

function answeredStatus(finding: Finding, adv: CaseEvidence['adv']): boolean {
  return finding.message.startsWith('http ') && adv.calls.some((c) => c.service === 'http' && c.outcome === 'error' && c.statusCode !== undefined && c.statusCode >= 400);
}
