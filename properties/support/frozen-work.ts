import { acknowledgedRecords } from './acknowledged.js';
import type { HarnessRun } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { carriesKey, issuingInvocations, recordKeys, recordsById, recordsCalledFor } from './call-attribution.js';

/**
 * A change lost with work the handler did not await: the invocation holding a record of the keys
 * reported it processed (a success, or a failure reported only for a later record), a fault then
 * froze the execution environment while that invocation's un-awaited work still ran (`workLeft`),
 * and either a request the freeze stopped was made for the record (by its data), or no call of the
 * invocation that succeeded carries the record's key (its request was never made). Returns the record.
 */
export function frozenWork(keys: string[], adv: HarnessRun, source: Source, shards: Shard[]): string | undefined {
  const keyOf = recordKeys(shards, source);
  const byId = recordsById(shards, source);
  const issuedIn = issuingInvocations(adv.calls);
  for (const [index, invocation] of adv.trace.invocations.entries()) {
    if (invocation.workLeft?.frozen !== true) continue;
    const keyAt = (i: number) => keyOf.get(`${invocation.shardId}/${invocation.sequenceNumbers[i]}`);
    const acknowledged = acknowledgedRecords(invocation);
    const processed = invocation.sequenceNumbers.flatMap((seq, i) => (acknowledged.includes(seq) && keys.includes(keyAt(i)?.id ?? '') ? [i] : []));
    const records = invocation.sequenceNumbers.map((seq) => byId.get(`${invocation.shardId}/${seq}`));
    for (const request of adv.frozenRequests ?? []) {
      if (request.invocation !== index) continue;
      const ofKey = processed.filter((i) => carriesKey(request.input, keyAt(i)!));
      if (ofKey.length === 0) continue;
      const sameKey = ofKey.filter((i) => keyAt(i)!.id === keyAt(ofKey[0]!)!.id);
      const named = recordsCalledFor(request, sameKey, records, source);
      return invocation.sequenceNumbers[named.at(-1)!];
    }
    for (const position of processed) {
      const key = keyAt(position)!;
      const written = adv.calls.some((call) => issuedIn.get(call.call) === index && call.outcome === 'ok' && carriesKey(call.input, key));
      if (!written) return invocation.sequenceNumbers[position];
    }
  }
  return undefined;
}
