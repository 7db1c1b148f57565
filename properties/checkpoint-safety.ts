import { judgeDifferences } from './differential.js';
import type { Rule } from './rule.js';

export const checkpointSafety: Rule = {
  id: 'checkpoint-safety',
  meaning: 'never lets the checkpoint pass a failed record: the lowest reported failure is at or before the first record whose processing failed',
  production: 'Lambda commits every record before the lowest reported failure, so reporting a later record than the one that failed skips the failed record forever.',
  fix: 'Process records in order and stop at the first failure: report that record and every record after it (or at least the first failed one) in batchItemFailures.',
  judgedBy: 'the trace and the downstream state',
  judgeCase: (evidence) => judgeDifferences('checkpoint-safety', evidence),
};
