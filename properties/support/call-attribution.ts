import { holdsValues, leafValues } from '../../src/core/canonical.js';
import { sequenceNumberOf, sourceKeyOf, type SourceKey } from '../../src/core/record-key.js';
import type { RecordedCall } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';

// Which records a downstream call was made for, read from the key values the call carries.

/** The source key of every record, by `${shardId}/${sequenceNumber}`. */
export function recordKeys(shards: Shard[], source: Source): Map<string, SourceKey> {
  const keys = new Map<string, SourceKey>();
  for (const shard of shards) for (const r of shard.records) keys.set(`${shard.shardId}/${sequenceNumberOf(r, source)}`, sourceKeyOf(r, source));
  return keys;
}

/** The call's input holds every value of the key among its leaf values. */
export function carriesKey(input: unknown, key: SourceKey): boolean {
  return holdsValues(leafValues(input), key.values);
}

/**
 * The invocation that issued each call (its first attempt). An SDK retry can arrive during a later
 * invocation (a handler that returned or threw while a call was still being retried, as with
 * Promise.all): it is still the work of the invocation that issued it.
 */
export function issuingInvocations(calls: RecordedCall[]): Map<number, number> {
  const issued = new Map<number, number>();
  for (const call of calls) if (!issued.has(call.call)) issued.set(call.call, call.invocation);
  return issued;
}

/** The last attempt of each operation (an SDK send and its retries share a call index). */
export function lastAttemptOfEachCall(calls: RecordedCall[]): RecordedCall[] {
  const last = new Map<number, RecordedCall>();
  for (const call of calls) last.set(call.call, call);
  return [...last.values()];
}
