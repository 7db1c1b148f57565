import { judgeDifferences } from './differential.js';
import type { Rule } from './rule.js';

export const perKeyOrdering: Rule = {
  id: 'per-key-ordering',
  meaning: 'applies the changes of each item key in stream order, and emits per-key messages in stream order, even when its downstream calls complete in adversarial order',
  production: 'An older image overwrites a newer one (or messages arrive out of order), and the downstream keeps a stale value with no error anywhere.',
  fix: 'Process records sequentially (no Promise.all over a batch), or at least per key; make each write conditional on the record’s sequence number so an older image can never overwrite a newer one (store it left-padded to 40 digits as a string, or compare as BigInt — never as a Number attribute).',
  judgedBy: 'differential comparison and per-key effect order',
  judgeCase: (evidence) => judgeDifferences('per-key-ordering', evidence),
};
