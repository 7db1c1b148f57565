import type { HarnessRun } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { carriesKey, lastAttemptOfEachCall, recordKeys } from './call-attribution.js';

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
