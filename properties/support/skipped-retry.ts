import type { HarnessRun } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { acknowledgedRecords } from './acknowledged.js';
import { carriesKey, issuingInvocations, lastAttemptOfEachCall, recordKeys } from './call-attribution.js';

/** A record that came again after its write failed, and that the handler then passed over. */
export interface SkippedRetry {
  record: string;
  /** The call that failed, e.g. `dynamodb PutItem`. */
  what: string;
  /** 1-based: the invocation whose write failed, and the one that came with the record again. */
  failedIn: number;
  skippedIn: number;
}

/**
 * A record of the keys whose write failed in an invocation that did not succeed (so Lambda sent
 * it again), and a later invocation holding it that succeeded without any downstream call for its
 * key: the handler took the record for done, though its change was never made (a dedup set, a
 * cache or an idempotency record marked before the write succeeded).
 */
export function skippedRetry(keys: string[], adv: HarnessRun, shards: Shard[], source: Source): SkippedRetry | undefined {
  const keyOf = recordKeys(shards, source);
  const issuedIn = issuingInvocations(adv.calls);
  const calls = lastAttemptOfEachCall(adv.calls);
  const invocations = adv.trace.invocations;
  for (const [i, failed] of invocations.entries()) {
    if (failed.outcome === 'success') continue;
    for (const record of failed.sequenceNumbers) {
      const key = keyOf.get(`${failed.shardId}/${record}`);
      if (key === undefined || !keys.includes(key.id)) continue;
      // the record was not acknowledged: a partial response names it or an earlier record
      if (acknowledgedRecords(failed).includes(record)) continue;
      const failure = calls.find((c) => issuedIn.get(c.call) === i && c.outcome !== 'ok' && carriesKey(c.input, key));
      if (failure === undefined) continue;
      const again = invocations.findIndex((inv, j) => j > i && inv.shardId === failed.shardId && inv.sequenceNumbers.includes(record));
      const retry = invocations[again];
      if (retry === undefined || !acknowledgedRecords(retry).includes(record)) continue;
      if (calls.some((c) => issuedIn.get(c.call) === again && carriesKey(c.input, key))) continue;
      return { record, what: `${failure.service} ${failure.operation}`, failedIn: i + 1, skippedIn: again + 1 };
    }
  }
  return undefined;
}
