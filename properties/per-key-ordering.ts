import type { CaseEvidence, Finding } from './evidence.js';
import { defineRule } from './rule.js';
import { differentialSkip, judgeDifferences } from './support/differential.js';
import { keyHistory, lateRemove, staleImage } from './support/key-history.js';
import { appliedOutOfOrder, callsReordered, completedOutOfOrder, redelivered } from './support/landing-order.js';
import { refusedInOrder } from './support/refused-in-order.js';

/** The fix for an older change applied last, per source. */
const recordsFix = {
  dynamodb: 'Process records sequentially, awaiting each write before the next (no Promise.all over a batch, no write left un-awaited: it runs alongside the next one), or at least per key; make each write conditional on the record’s sequence number so an older image can never overwrite a newer one (store it left-padded to 40 digits as a string, or compare as BigInt — never as a Number attribute).',
  kinesis: 'Process records sequentially, awaiting each write before the next (no Promise.all over a batch, no write left un-awaited: it runs alongside the next one), or at least per partition key; make each write conditional on the record’s sequence number so an older record can never overwrite a newer one (compare as BigInt, or store it as a string left-padded to 129 digits, the most a Kinesis sequence number can have — never as a Number attribute).',
};

export const perKeyOrdering = defineRule({
  id: 'per-key-ordering',
  meaning: 'applies the changes of each item key in stream order, and emits per-key messages in stream order, even when its downstream calls complete in adversarial order',
  production: 'An older image overwrites a newer one (or messages arrive out of order), and the downstream keeps a stale value with no error anywhere.',
  fix: recordsFix,
  searchFix:
    'Search index: send the batch as one `_bulk` in record order (its items apply in order; concurrent single-document requests land in any order), and version each write externally so that an older change arriving late is refused with 409: the version must fit a signed 64-bit integer, so not the sequence number but ApproximateCreationDateTime with `version_type=external_gte`, or a version attribute of the item with `external`.',
  judgedBy: 'differential comparison and per-key effect order',
  skip: differentialSkip,
  attributions: [{
    precedence: 4,
    /**
     * Messages out of stream order, an older image over a newer one, or an older REMOVE applied
     * last, when the run shows the older record applied after the newer one (a stale value the
     * handler kept or read is not an ordering bug).
     */
    attribute(d, { adv, advShards, source }) {
      if (d.kind === 'order') return 'a later change of one item key was sent before an earlier one';
      // images and REMOVEs say something about items a table or an index holds, not about messages
      if (!d.where.startsWith('table ') && !d.where.startsWith('index ')) return undefined;
      const history = keyHistory(advShards, source);
      const olderImage = d.kind === 'changed' || d.kind === 'extra' ? staleImage(d, history) : undefined;
      if (olderImage && appliedOutOfOrder(olderImage, adv, advShards, source)) return `an older image overwrote a newer one: ${olderImage.said}`;
      const removed = d.kind === 'missing' ? lateRemove(d.keys, history) : undefined;
      if (removed && appliedOutOfOrder(removed, adv, advShards, source)) return `an older REMOVE was applied after a newer write: ${removed.said}`;
      return undefined;
    },
  }, {
    precedence: 6,
    /** No record of the key reached the handler twice, yet its writes landed out of the order they were issued in. */
    attribute(d, { adv, advShards, source, faults }) {
      // an effect tied to no source key (a window's total, say) is judged over every record of the run
      const anyKey = d.keys.length === 0;
      if (redelivered(anyKey ? undefined : d.keys, adv, advShards, source)) return undefined;
      const reordered = faults.reorder && callsReordered(d.keys, adv, advShards, source);
      if (!reordered && !completedOutOfOrder(d.keys, adv, advShards, source)) return undefined;
      const landing = reordered ? 'concurrent downstream calls completed in another order than they were issued' : 'an SDK retry of one write landed after a later write';
      return `no record was delivered twice, yet ${landing}, and the key ended with another value than in stream order`;
    },
  }],
  judgeCase: (evidence) => {
    const finding = guardRefusedInOrder(evidence) ?? judgeDifferences('per-key-ordering', evidence);
    if (finding === undefined) return finding;
    // messages have no image to guard: their story and fix are a publisher's
    if (finding.differences?.[0]?.kind === 'order') return unawaitedRace({ ...finding, production: messagesProduction, fix: messagesFix }, evidence);
    // a search index keeps its own advice (one _bulk in record order); a finding's own fix (a stamp) stands
    if (finding.fix !== undefined || finding.differences?.[0]?.where.startsWith('table ') !== true) return finding;
    return unawaitedRace(finding, evidence);
  },
});

/**
 * A sequence-number guard that refused a newer record with nothing out of order: the run without
 * faults keeps the older image too, so no comparison of the two runs can see it.
 */
function guardRefusedInOrder({ ref, case: { shards }, source }: CaseEvidence): Finding | undefined {
  const found = refusedInOrder(ref, shards, source);
  if (found === undefined) return undefined;
  const { call, record, earlier } = found;
  const digits = record.length === earlier.length ? '' : ` (${earlier.length} digits against ${record.length}: compared as text, ${earlier} sorts after ${record})`;
  return {
    run: 'reference',
    invocation: ref.trace.invocations[call.invocation],
    message: `with no faults, every record once and in order, the condition of the handler's ${call.service} ${call.operation} refused record ${record} (${call.error}) after record ${earlier} of the same key: its sequence-number guard took the older record for the newer one${digits}, so the downstream keeps ${source === 'kinesis' ? 'what the older record wrote' : 'the older image'}`,
    production: 'Once a key’s next sequence number sorts before the one stored (a sequence number with more digits, compared as text; or two that round to the same Number), the guard refuses every later change of the key, and the downstream keeps a stale value for good with no error anywhere.',
    fix: source === 'dynamodb'
      ? 'Compare sequence numbers as numbers of any length: store the sequence number left-padded to 40 digits as a string (String.prototype.padStart(40, "0")) and compare those, or compare as BigInt in code — never the raw strings (their lengths differ: 21 to 40 digits), and never as a Number attribute or a JavaScript number.'
      : 'Compare sequence numbers as numbers of any length: store the sequence number left-padded to 129 digits as a string and compare those, or compare as BigInt in code — never the raw strings, and never as a Number attribute or a JavaScript number.',
  };
}

/**
 * Writes or sends that raced because nothing awaited them (forEach with an async callback, a
 * promise never awaited): the finding says so, and its fix starts there.
 */
function unawaitedRace(finding: Finding, { adv, source }: CaseEvidence): Finding {
  // made after the handler returned, they ran alongside each other (and a retry of one, after the others)
  if (!adv.calls.some((call) => call.afterReturn === true)) return finding;
  return {
    ...finding,
    message: `${finding.message}; the calls ran as work the handler did not await`,
    fix: `Await each call before the next, with for…of and await: Array.prototype.forEach does not wait for an async callback, and a promise not awaited runs alongside the next one, after the handler has returned. ${finding.fix ?? recordsFix[source]}`,
  };
}

const messagesProduction = 'Whoever reads the messages sees a later change of an item before an earlier one (an update before the insert it follows, or a stale state last), with no error anywhere.';
const messagesFix =
  'Send each key’s messages in stream order: one send after another, each awaited, or one batch call whose entries follow the records, and check every entry’s result (Failed, FailedEntryCount, FailedRecordCount, FailedPutCount); when a send or an entry fails, send nothing for the records after it and report the first failed record and every record after it in batchItemFailures. A batch call can accept a later entry of a key while refusing an earlier one: resending only the refused entry then puts it after the later one.';
