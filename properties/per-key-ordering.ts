import { defineRule } from './rule.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';
import { keyHistory, lateRemove, staleImage } from './support/key-history.js';

export const perKeyOrdering = defineRule({
  id: 'per-key-ordering',
  meaning: 'applies the changes of each item key in stream order, and emits per-key messages in stream order, even when its downstream calls complete in adversarial order',
  production: 'An older image overwrites a newer one (or messages arrive out of order), and the downstream keeps a stale value with no error anywhere.',
  fix: 'Process records sequentially (no Promise.all over a batch), or at least per key; make each write conditional on the record’s sequence number so an older image can never overwrite a newer one (store it left-padded to 40 digits as a string, or compare as BigInt — never as a Number attribute).',
  judgedBy: 'differential comparison and per-key effect order',
  skip: differentialSkip,
  attribution: {
    precedence: 3,
    /** Messages out of stream order, an older image over a newer one, or an older REMOVE applied last. */
    attribute(d, { advShards, source }) {
      if (d.kind === 'order') return 'messages for one item key were emitted out of stream order';
      // images and REMOVEs say something about items a table holds, not about messages
      if (!d.where.startsWith('table ')) return undefined;
      const history = keyHistory(advShards, source);
      const olderImage = d.kind === 'changed' || d.kind === 'extra' ? staleImage(d, history) : undefined;
      if (olderImage) return `an older image overwrote a newer one: ${olderImage}`;
      const removed = d.kind === 'missing' ? lateRemove(d.keys, history) : undefined;
      if (removed) return `an older REMOVE was applied after a newer write: ${removed}`;
      return undefined;
    },
  },
  judgeCase: (evidence) => judgeDifferences('per-key-ordering', evidence),
});
