import { canonical } from '../../src/core/canonical.js';
import type { HarnessRun, RecordedCall } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { carriesKey, issuingInvocations, lastAttemptOfEachCall, recordKeys, recordsById, recordsCalledFor } from './call-attribution.js';

/** A record whose downstream call failed for good, committed because the handler reported a later record. */
export interface CommittedFailure {
  invocation: number;
  /** The failed record (the first one of the keys the failed call names). */
  record: string;
  /** The record the handler reported as its lowest failure. */
  reported: string;
  call: RecordedCall;
}

/**
 * Finds, in one run, an invocation that answered with a partial failure at index f although a
 * downstream call made for records before f failed for good (an injected fault, the SDK's retries
 * spent) and the handler did not make that call again with success. Such records are committed by
 * the checkpoint whatever later writes hide in the final state.
 *
 * A call is attributed to the batch's records whose key values it carries, narrowed by their data
 * to the ones it was made for where records share a key; it is counted only when every such record
 * sits before f, so a failure of the reported record (whose call may happen to carry another key's
 * value) is never blamed on an earlier one.
 */
export function committedFailure(run: HarnessRun, shards: Shard[], source: Source): CommittedFailure | undefined {
  const keyOf = recordKeys(shards, source);
  const byId = recordsById(shards, source);
  const lastAttempts = lastAttemptOfEachCall(run.calls);
  const issuedIn = issuingInvocations(run.calls);
  for (const [index, invocation] of run.trace.invocations.entries()) {
    const f = invocation.failureIndex;
    // a poller duplicate's response commits nothing: the checkpoint is already past its batch, which the original delivery applied
    if (invocation.outcome !== 'partial' || f === undefined || invocation.reason === 'duplicate') continue;
    const keys = invocation.sequenceNumbers.map((seq) => keyOf.get(`${invocation.shardId}/${seq}`));
    const made = lastAttempts.filter((c) => issuedIn.get(c.call) === index);
    for (const [i, call] of made.entries()) {
      if (!failedForGood(call)) continue;
      const carried = keys.flatMap((key, position) => (key !== undefined && carriesKey(call.input, key) ? [position] : []));
      const named = recordsCalledFor(call, carried, invocation.sequenceNumbers.map((seq) => byId.get(`${invocation.shardId}/${seq}`)), source);
      if (named.length === 0 || named.some((position) => position >= f)) continue;
      if (made.slice(i + 1).some((later) => later.outcome === 'ok' && sameRequest(later, call))) continue;
      return { invocation: index, record: invocation.sequenceNumbers[named[0]!]!, reported: invocation.sequenceNumbers[f]!, call };
    }
  }
  return undefined;
}

/** Every attempt failed by an injected error: a whole-call failure the handler had to deal with. */
function failedForGood(call: RecordedCall): boolean {
  return call.fault !== undefined && (call.outcome === 'error' || call.outcome === 'network-error');
}

function sameRequest(a: RecordedCall, b: RecordedCall): boolean {
  return a.service === b.service && a.operation === b.operation && canonical(a.input) === canonical(b.input);
}
