import { judgeDifferences } from './differential.js';
import type { Rule } from './rule.js';

export const noSilentLoss: Rule = {
  id: 'no-silent-loss',
  meaning: 'never reports success for a record whose processing failed: a failed downstream call is reported (or thrown) unless the handler retried it to success',
  production: 'A write that failed is acknowledged anyway, the checkpoint moves past the record and its change is lost for good.',
  fix: 'Let the error reach Lambda (throw, or report the record in batchItemFailures); check partial results of batch APIs (UnprocessedItems, Failed, FailedEntryCount, FailedRecordCount) and retry or report those entries.',
  searchFix:
    "Search index: a `_bulk` answers 200 even when items failed: read `errors` and each item's `status` (a 409 version conflict or a delete's `not_found` is done; a 429 or 5xx item is not) and report those records.",
  judgedBy: 'the trace of downstream calls and responses, and the downstream state',
  judgeCase: (evidence) => judgeDifferences('no-silent-loss', evidence),
};
