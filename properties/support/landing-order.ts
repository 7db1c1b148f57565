import { canonical, holdsValues, leafValues, looseForm } from '../../src/core/canonical.js';
import type { HarnessRun, RecordedCall } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { carriesKey, entriesOf, lastAttemptOfEachCall, recordKeys, succeededAfter } from './call-attribution.js';
import type { StaleEffect } from './key-history.js';

/** Some record of the keys (of any key when undefined) reached the handler in more than one invocation (a retry, a bisected half, a duplicate). */
export function redelivered(keys: string[] | undefined, adv: HarnessRun, shards: Shard[], source: Source): boolean {
  const keyOf = recordKeys(shards, source);
  const deliveries = new Map<string, number>();
  for (const invocation of adv.trace.invocations) {
    for (const seq of invocation.sequenceNumbers) {
      const id = `${invocation.shardId}/${seq}`;
      if (keys !== undefined && !keys.includes(keyOf.get(id)?.id ?? '')) continue;
      const count = (deliveries.get(id) ?? 0) + 1;
      if (count > 1) return true;
      deliveries.set(id, count);
    }
  }
  return false;
}

/** In one invocation, the calls carrying the key finished in another order than they were issued (calls are recorded as they finish). */
export function completedOutOfOrder(keys: string[], adv: HarnessRun, shards: Shard[], source: Source): boolean {
  const keyOf = recordKeys(shards, source);
  const sourceKeys = [...new Map([...keyOf.values()].filter((k) => keys.includes(k.id)).map((k) => [k.id, k])).values()];
  const finished = new Map<number, number[]>();
  for (const call of lastAttemptOfEachCall(adv.calls).sort((a, b) => adv.calls.indexOf(a) - adv.calls.indexOf(b))) {
    if (call.outcome !== 'ok' || !sourceKeys.some((k) => carriesKey(call.input, k))) continue;
    finished.set(call.invocation, [...(finished.get(call.invocation) ?? []), call.call]);
  }
  return [...finished.values()].some((order) => order.some((call, i) => i > 0 && call < order[i - 1]!));
}

/**
 * The schedule completed concurrent calls in another order than they were issued, in an
 * invocation that delivered a record of the keys (in any invocation when there are none). A
 * handler that never has two calls in flight cannot be reordered, whatever the schedule drew.
 */
export function callsReordered(keys: string[], adv: HarnessRun, shards: Shard[], source: Source): boolean {
  const keyOf = recordKeys(shards, source);
  const deliversKey = (index: number): boolean => {
    const invocation = adv.trace.invocations[index];
    return invocation !== undefined && invocation.sequenceNumbers.some((seq) => keys.includes(keyOf.get(`${invocation.shardId}/${seq}`)?.id ?? ''));
  };
  return adv.calls.some((call) => call.reordered === true && (keys.length === 0 || deliversKey(call.invocation)));
}

/**
 * Something in the run applied the older record of a stale effect after the newer one: the older
 * was delivered after the newer's last delivery (a bisected half, a duplicate), the schedule
 * completed the key's concurrent calls out of issue order, an SDK retry landed after a later
 * write, or a call carrying the older image completed after one carrying the newer image (a
 * handler that regroups or reverses a batch). Without any of these the handler wrote a stale
 * value it held or read (a cache that outlived the item), which is not an ordering bug.
 */
export function appliedOutOfOrder(stale: StaleEffect, adv: HarnessRun, shards: Shard[], source: Source): boolean {
  return deliveredAfter(stale, adv) || callsReordered([stale.key], adv, shards, source) || completedOutOfOrder([stale.key], adv, shards, source) || imagesLandedOutOfOrder(stale, adv, shards, source) || refusedEntryResentLast(stale.key, adv, shards, source);
}

/**
 * A batch call refused an entry of the key and accepted a later entry of it, and a later call that
 * succeeded sent the refused entry again: it landed after the later write (a retry of a batch's
 * refused entries alone, as the Elasticsearch client's bulk helper does with 429s).
 */
export function refusedEntryResentLast(key: string, adv: HarnessRun, shards: Shard[], source: Source): boolean {
  const sourceKey = [...recordKeys(shards, source).values()].find((k) => k.id === key);
  if (sourceKey === undefined) return false;
  for (const partial of lastAttemptOfEachCall(adv.calls)) {
    if (partial.outcome !== 'partial' || partial.failedEntries === undefined) continue;
    const refused = new Set(partial.failedEntries);
    const ofKey = entriesOf(partial).flatMap((entry, i) => (carriesKey(entry, sourceKey) ? [{ entry, i }] : []));
    const later = succeededAfter(partial, adv.calls);
    for (const { entry, i } of ofKey) {
      const applied = ofKey.filter((after) => after.i > i && !refused.has(after.i)).map((after) => canonical(after.entry));
      if (!refused.has(i) || applied.length === 0) continue;
      if (later.some(({ call, leaves }) => resentAlone(call, leaves, entry, applied))) return true;
    }
  }
  return false;
}

/**
 * The call sends the entry again without an entry applied after it following it (a resend that
 * carries the later entries again, after it, puts them back in order). A call of one write holds
 * the entry's values.
 */
function resentAlone(call: RecordedCall, leaves: Set<string>, entry: unknown, applied: string[]): boolean {
  const entries = entriesOf(call).map((e) => canonical(e));
  if (entries.length === 0) return holdsValues(leaves, [...leafValues(entry)]);
  const at = entries.indexOf(canonical(entry));
  return at >= 0 && !entries.slice(at + 1).some((e) => applied.includes(e));
}

/** The older record's last delivery came after the newer record's last delivery. */
function deliveredAfter({ older, newer }: StaleEffect, adv: HarnessRun): boolean {
  const o = lastDelivery(older, adv);
  const n = lastDelivery(newer, adv);
  return o !== undefined && n !== undefined && (o[0] > n[0] || (o[0] === n[0] && o[1] > n[1]));
}

/** [invocation index, position in its event] of the record's last delivery. */
function lastDelivery(record: { seq: string; shardId: string }, adv: HarnessRun): [number, number] | undefined {
  const invocations = adv.trace.invocations;
  for (let i = invocations.length - 1; i >= 0; i--) {
    const at = invocations[i]!.shardId === record.shardId ? invocations[i]!.sequenceNumbers.indexOf(record.seq) : -1;
    if (at >= 0) return [i, at];
  }
  return undefined;
}

/** A successful call carrying values only the older image has completed after one carrying values only the newer image has. */
function imagesLandedOutOfOrder({ key, older, newer }: StaleEffect, adv: HarnessRun, shards: Shard[], source: Source): boolean {
  if (older.image === undefined || newer.image === undefined) return false;
  // values that tell the two apart even as a handler may have written them (numbers through a double)
  const loose = (image: Record<string, unknown>) => [...leafValues(image)].map((v) => [v, looseForm(v)] as const);
  const oldLeaves = loose(older.image);
  const newLeaves = loose(newer.image);
  const absentFrom = (other: (readonly [string, string])[]) => ([, l]: readonly [string, string]) => !other.some(([, o]) => o === l);
  const onlyOld = oldLeaves.filter(absentFrom(newLeaves)).map(([v]) => v);
  const onlyNew = newLeaves.filter(absentFrom(oldLeaves)).map(([v]) => v);
  if (onlyOld.length === 0 || onlyNew.length === 0) return false;
  const sourceKey = [...recordKeys(shards, source).values()].find((k) => k.id === key);
  if (sourceKey === undefined) return false;
  const holdsAny = (leaves: Set<string>, values: string[]) => values.some((v) => holdsValues(leaves, [v]));
  let newerLanded = false;
  for (const call of lastAttemptOfEachCall(adv.calls).sort((a, b) => adv.calls.indexOf(a) - adv.calls.indexOf(b))) {
    if (call.outcome !== 'ok' || !carriesKey(call.input, sourceKey)) continue;
    const leaves = leafValues(call.input);
    const carriesOld = holdsAny(leaves, onlyOld);
    const carriesNew = holdsAny(leaves, onlyNew);
    if (newerLanded && carriesOld && !carriesNew) return true;
    if (carriesNew && !carriesOld) newerLanded = true;
  }
  return false;
}
