import type { HarnessRun } from '../src/harness/index.js';
import type { Mapping } from '../src/model/mapping.js';
import type { Finding } from './evidence.js';
import { defineRule } from './rule.js';
import { conflictTakenForFailure } from './support/conflict-failure.js';

export const validRecordRobustness = defineRule({
  id: 'valid-record-robustness',
  meaning: 'processes every valid record without failing when nothing is faulty (REMOVE without NewImage, TTL deletions, every attribute type, large items, a redelivered change a search index already holds a newer version of)',
  production: {
    dynamodb: 'A record that is valid but unexpected (a REMOVE, a TTL deletion, a set or a 38-digit number) fails every time, so it is retried until it is discarded or expires while its shard stalls.',
    kinesis: 'A record that is valid but unexpected (a payload of another shape, unicode, a large record) fails every time, so it is retried until it is discarded or expires while its shard stalls.',
  },
  fix: {
    dynamodb: 'Handle every event name and the images your StreamViewType really carries: REMOVE has no NewImage, MODIFY may follow no INSERT, numbers can exceed Number.MAX_SAFE_INTEGER (unmarshall with wrapNumbers or keep them as strings).',
    kinesis: 'Decode kinesis.data from base64 before parsing it (Buffer.from(data, "base64")), and handle every payload your producers write: optional fields missing, unicode, large records.',
  },
  searchFix:
    'Search index: an external `version` must fit a signed 64-bit integer, and a sequence number (DynamoDB: 21 to 40 digits, Kinesis: 56) does not: derive the version from the record\'s creation or arrival time (DynamoDB ApproximateCreationDateTime, Kinesis approximateArrivalTimestamp) with `version_type=external_gte`, or keep a version attribute in the item. A 409 version_conflict_engine_exception on an external version means the index already holds that version or a newer one: treat it as success.',
  judgedBy: 'reference runs with no faults; in adversarial runs, invocations that failed with no fault when a search engine refused a redelivered write with 409',
  judgeCase({ ref, adv, mapping }) {
    return failedWithoutFaults(ref) ?? conflictFailure(adv, mapping);
  },
});

function failedWithoutFaults(ref: HarnessRun): Finding | undefined {
  const invocation = ref.trace.invocations.find((i) => i.outcome !== 'success');
  if (!invocation) return undefined;
  const what = invocation.outcome === 'partial'
    ? `reported record ${invocation.sequenceNumbers[invocation.failureIndex!]} as failed`
    : `failed (${invocation.outcome}${invocation.error ? `: ${invocation.error}` : ''})`;
  return { run: 'reference', invocation, message: `with no faults at all, the handler ${what} on a batch of ${invocation.sequenceNumbers.length} valid record(s)` };
}

/** A version conflict taken for a failure: the record fails on every delivery, though its change is done. */
function conflictFailure(adv: HarnessRun, mapping: Mapping): Finding | undefined {
  const found = conflictTakenForFailure(adv);
  if (found === undefined) return undefined;
  const { invocation, conflicts } = found;
  const answer = invocation.outcome === 'partial'
    ? `reported record ${invocation.sequenceNumbers[invocation.failureIndex!]} as failed`
    : `failed (${invocation.error ?? invocation.outcome})`;
  return {
    run: 'adversarial',
    invocation,
    message: `on a ${deliveryOf(invocation.reason)} of ${invocation.sequenceNumbers.length} record(s), the search engine refused ${conflicts} write(s) with 409 version_conflict_engine_exception (the index already holds that version of the document or a newer one: the change is done), no call failed, and the handler ${answer}`,
    production: `A change delivered again (a retry, a bisected half, a duplicate) after it or a newer change of the same document was indexed is refused with 409 on every delivery, so the record is retried until ${fate(mapping)}, while its shard stalls.`,
    fix: 'Search index: a 409 version_conflict_engine_exception on an external version means that version or a newer one is already indexed (or a newer change deleted the document): treat it as success, like a delete\'s `not_found`, and report only the other failed items of a `_bulk` (from the first one on).',
  };
}

/** Where a record that always fails ends, under this mapping. */
function fate(mapping: Mapping): string {
  if (mapping.MaximumRetryAttempts === -1 && mapping.MaximumRecordAgeInSeconds === -1) return 'it leaves the stream\'s retention';
  return mapping.OnFailure ? `Lambda sends it to the OnFailure destination (${mapping.OnFailure.type})` : 'Lambda discards it without a trace (no OnFailure destination)';
}

function deliveryOf(reason: HarnessRun['trace']['invocations'][number]['reason']): string {
  switch (reason) {
    case 'first': return 'delivery';
    case 'retry': return 'retried batch';
    case 'bisect': return 'bisected half';
    case 'partial-suffix': return 'redelivered batch suffix';
    case 'duplicate': return 'duplicate delivery';
  }
}
