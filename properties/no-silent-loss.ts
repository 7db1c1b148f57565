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
    /** An effect missing after a downstream call failed for good in an invocation that still reported success. */
    attribute(d, { adv, source, advShards }) {
      if (d.kind !== 'missing' && d.kind !== 'changed') return undefined;
      const found = unreportedFailure(d.keys, adv, source, advShards);
      if (found?.answer !== 'success') return undefined;
      return `${found.what} while the handler processed record ${found.record}, and the handler still reported the batch as a success`;
    },
  }],
  judgeCase: (evidence) => judgeDifferences('no-silent-loss', evidence),
});
