import type { HarnessRun, RecordedCall } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { holdsValues, leafValues } from '../../src/core/canonical.js';
import { carriesKey, failedPart, issuingInvocations, lastAttemptOfEachCall, recordKeys, recordsById, recordsCalledFor, succeededAfter } from './call-attribution.js';

/** A downstream call that failed for good while the handler processed a record of the keys, and what the handler answered. */
export interface UnreportedFailure {
  /** The handler reported the batch as a success, or reported only a later record as failed. */
  answer: 'success' | 'later-record';
  /** What failed, e.g. `dynamodb PutItem failed (injected server-error)`. */
  what: string;
  /** The first record of the keys in the invocation. */
  record: string;
  /** The record the handler reported as its first failure (answer `later-record`). */
  reported?: string;
  /**
   * The call was made after the invocation had answered: by work it left on a timer when it
   * returned (`timer`), or by work it did not await (`unawaited`).
   */
  leftRunning?: 'timer' | 'unawaited';
  /** Of a call left `unawaited`: nothing handled the rejection, so the execution environment then ended on it. */
  unhandled?: true;
  /** What failed was a delete (a DeleteItem, a batch's DeleteRequest, an HTTP DELETE, a search delete): its loss leaves an item behind. */
  deletes?: true;
}

/**
 * The first invocation in which a downstream call for one of the keys failed for good; a failure
 * when the invocation then reported success, or reported a failure only after every record the
 * call was made for (so the failed record was committed). Where the batch holds several records of
 * the key, the call's data tells which one it was made for (recordsCalledFor).
 */
export function unreportedFailure(keys: string[], adv: HarnessRun, source: Source, shards: Shard[]): UnreportedFailure | undefined {
  const keyOf = recordKeys(shards, source);
  const byId = recordsById(shards, source);
  // a batch call that partly failed is judged by its refused entries: the others went through
  const issuedIn = issuingInvocations(adv.calls);
  const failedCalls = finalFailures(adv.calls).map(failedPart).filter((failure) => !resentLater(failure, adv.calls, issuedIn));
  for (const [index, invocation] of adv.trace.invocations.entries()) {
    const idAt = (i: number) => `${invocation.shardId}/${invocation.sequenceNumbers[i]}`;
    const positions = invocation.sequenceNumbers.flatMap((_, i) => (keys.includes(keyOf.get(idAt(i))?.id ?? '') ? [i] : []));
    if (positions.length === 0) continue;
    const key = keyOf.get(idAt(positions[0]!))!;
    const failure = failedCalls.find((c) => issuedIn.get(c.call) === index && carriesKey(c.input, key));
    if (failure === undefined) continue;
    const what = `${failure.service} ${failure.operation} ${failure.outcome === 'partial' ? 'partly failed' : 'failed'}${failure.fault ? ` (injected ${failure.fault})` : ''}`;
    // of the key's records in the batch, the ones the failed call was made for (by their data)
    const ofKey = positions.filter((i) => keyOf.get(idAt(i))?.id === key.id);
    const named = recordsCalledFor(failure, ofKey, invocation.sequenceNumbers.map((_, i) => byId.get(idAt(i))), source);
    const last = Math.max(...positions.filter((i) => !ofKey.includes(i)), ...named);
    const record = invocation.sequenceNumbers[named[0]!]!;
    const leftRunning = failure.afterReturn ? { leftRunning: 'unawaited' as const } : failure.leftBy !== undefined ? { leftRunning: 'timer' as const } : {};
    const unhandled = failure.afterReturn && endedOnRejection(adv, index) ? { unhandled: true as const } : {};
    const deletes = isDelete(failure) ? { deletes: true as const } : {};
    if (invocation.outcome === 'success') return { answer: 'success', what, record, ...leftRunning, ...unhandled, ...deletes };
    if (invocation.outcome === 'partial' && invocation.failureIndex! > last) {
      return { answer: 'later-record', what, record, reported: invocation.sequenceNumbers[invocation.failureIndex!]! };
    }
  }
  return undefined;
}

/** A delete: a DeleteItem, an HTTP DELETE, or a batch whose failed entries all delete (DeleteRequest, a `_bulk` delete). */
function isDelete(failure: RecordedCall): boolean {
  if (failure.operation === 'DeleteItem' || failure.operation.startsWith('DELETE ')) return true;
  const entries: unknown[] = Array.isArray(failure.input) ? failure.input : [];
  return entries.length > 0 && entries.every(deletesEntry);
}

/** A refused entry of a batch (failedPart's) that deletes: a BatchWriteItem `{ DeleteRequest }`, a `_bulk` item `[{ delete }]`. */
function deletesEntry(entry: unknown): boolean {
  const request: unknown = Array.isArray(entry) ? entry[0] : entry;
  return request !== null && typeof request === 'object' && ('DeleteRequest' in request || 'delete' in request);
}

/** The environment ended on an unhandled rejection after the invocation returned: told by the run's next invocation, or after the last. */
function endedOnRejection(adv: HarnessRun, index: number): boolean {
  const rejection = 'Runtime.UnhandledPromiseRejection';
  const next = adv.trace.invocations[index + 1];
  if (next === undefined) return adv.trace.invocations[index]!.endedAfter?.startsWith(rejection) ?? false;
  return (next.error?.includes(rejection) ?? false) && next.error!.includes('raised between invocations');
}

/**
 * What failed was sent again by a later call of the same operation that succeeded (the handler's
 * own retry of a call, or of a batch's refused entries): the handler retried it to success, and
 * what the state lacks is another rule's (landing after a later write, say).
 */
function resentLater(failure: RecordedCall, calls: RecordedCall[], issuedIn: Map<number, number>): boolean {
  const values = [...leafValues(failure.input)];
  if (values.length === 0) return false;
  // by the same invocation's work: a record delivered again (a retry, a duplicate) sends it again too, but only because it came again
  const by = issuedIn.get(failure.call);
  return succeededAfter(failure, calls).some(({ call, leaves }) => issuedIn.get(call.call) === by && call.service === failure.service && call.operation === failure.operation && holdsValues(leaves, values));
}

/**
 * Calls whose last attempt did not succeed (the SDK's own retries already spent). A conditional
 * write that DynamoDB itself refused (400, no injected fault) is a guard doing its job, not a lost write.
 */
function finalFailures(calls: RecordedCall[]): RecordedCall[] {
  return lastAttemptOfEachCall(calls).filter((c) => c.outcome !== 'ok' && !refusedByCondition(c));
}

function refusedByCondition(call: RecordedCall): boolean {
  if (call.outcome === 'error' && call.fault === undefined && call.service === 'search' && call.statusCode === 409) return true; // a search version conflict: a guard doing its job
  return call.outcome === 'error' && call.statusCode === 400 && call.fault === undefined && call.service === 'dynamodb' && hasCondition(call.input);
}

function hasCondition(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  if (Array.isArray(input)) return input.some(hasCondition);
  return Object.entries(input).some(([name, value]) => name === 'ConditionExpression' || hasCondition(value));
}
