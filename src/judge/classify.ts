import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { ProducerRetry } from '../../generators/producer-retry.js';
import type { HarnessRun } from '../harness/harness.js';
import type { RecordedCall } from '../harness/downstream/downstream.js';
import type { FaultSchedule } from '../harness/faults.js';
import type { Shard, Source } from '../model/types.js';
import { canonical } from './canonical.js';
import { sequenceNumberOf, sourceKeyOf } from './case.js';
import { carriesKey, lastAttemptOfEachCall, recordKeys } from './call-attribution.js';
import type { Difference } from './differences.js';
import type { ClassifiedDifference } from './evidence.js';

/**
 * Puts each difference under the rule whose breach explains it, from the adversarial trace
 * (SPEC §6): an older image overwriting a newer one is per-key-ordering; an effect missing after
 * a failure the handler did not report is no-silent-loss (or checkpoint-safety when it reported a
 * later record); anything else (an effect applied more than once, a different value) is
 * idempotent-redelivery.
 */
export function classifyDifferences(
  diffs: Difference[], adv: HarnessRun, shards: Shard[], source: Source, faults: Pick<FaultSchedule, 'reorder'> = { reorder: false },
): ClassifiedDifference[] {
  const history = keyHistory(shards, source);
  return diffs.map((d) => ({ ...d, ...classify(d, adv, history, source, shards, faults) }));
}

/**
 * What Kinesis producer retries changed under exactly-once delivery: the differences of the keys
 * whose records a producer wrote twice are producer-duplicates (others come from elsewhere).
 */
export function classifyProducerCopies(diffs: Difference[], shards: Shard[], retries: readonly ProducerRetry[]): ClassifiedDifference[] {
  return diffs.flatMap((d) => {
    // both runs deliver exactly once: an effect tied to no source key (a window's total) differs because of the copies
    const retry = producerCopyOf(d.keys, shards, retries) ?? (d.keys.length === 0 ? retries[0] : undefined);
    if (!retry) return [];
    const reason = `a producer retry wrote record ${retry.original} again (same partition key and data, new sequence number ${retry.copy}), and the downstream kept it as a second event: deduplicate on a business key in the data, not on the sequence number`;
    return [{ ...d, rule: 'producer-duplicates' as const, reason }];
  });
}

type Classification = Pick<ClassifiedDifference, 'rule' | 'reason'>;

/** Per source key: its records' images in stream order (DynamoDB JSON), and where each record is. */
interface KeyHistory {
  images: Map<string, { seq: string; shardId: string; image: Record<string, unknown> | undefined; eventName: string }[]>;
}

function keyHistory(shards: Shard[], source: Source): KeyHistory {
  const images: KeyHistory['images'] = new Map();
  for (const shard of shards) {
    for (const record of shard.records) {
      const key = sourceKeyOf(record, source).id;
      const ddb = (record as DynamoDBRecord).dynamodb;
      const entry = { seq: sequenceNumberOf(record, source), shardId: shard.shardId, image: ddb?.NewImage as Record<string, unknown> | undefined, eventName: (record as DynamoDBRecord).eventName ?? '' };
      images.set(key, [...(images.get(key) ?? []), entry]);
    }
  }
  return { images };
}

function classify(d: Difference, adv: HarnessRun, history: KeyHistory, source: Source, shards: Shard[], faults: Pick<FaultSchedule, 'reorder'>): Classification {
  if (d.kind === 'order') return { rule: 'per-key-ordering', reason: `messages for one item key were emitted out of stream order` };
  // images and REMOVEs say something about items a table holds, not about messages
  const stateful = d.where.startsWith('table ');
  if (d.kind === 'missing' || d.kind === 'changed') {
    const lost = unreportedFailure(d.keys, adv, source, shards);
    if (lost) return lost;
  }
  const olderImage = stateful && (d.kind === 'changed' || d.kind === 'extra') ? staleImage(d, history) : undefined;
  if (olderImage) return { rule: 'per-key-ordering', reason: `an older image overwrote a newer one: ${olderImage}` };
  if (d.kind === 'missing' && stateful) {
    const removed = lateRemove(d.keys, history);
    if (removed) return { rule: 'per-key-ordering', reason: `an older REMOVE was applied after a newer write: ${removed}` };
  }
  // an effect tied to no source key (a window's total, say) is judged over every record of the run
  const anyKey = d.keys.length === 0;
  if (!redelivered(anyKey ? undefined : d.keys, adv, shards, source)) {
    // no record of the key reached the handler twice: what changed the outcome is the order its writes landed in
    const landing = faults.reorder ? 'concurrent downstream calls completed in another order than they were issued' : 'an SDK retry of one write landed after a later write';
    if (faults.reorder || completedOutOfOrder(d.keys, adv, shards, source)) {
      return { rule: 'per-key-ordering', reason: `no record was delivered twice, yet ${landing}, and the key ended with another value than in stream order` };
    }
  }
  if (d.kind === 'extra') return { rule: 'idempotent-redelivery', reason: 'an effect was applied more than once when records were delivered again' };
  if (d.kind === 'missing') return { rule: 'idempotent-redelivery', reason: 'an effect went missing when records were delivered more than once' };
  return { rule: 'idempotent-redelivery', reason: 'redelivered records left a different value than exactly-once delivery' };
}

/** Some record of the keys (of any key when undefined) reached the handler in more than one invocation (a retry, a bisected half, a duplicate). */
function redelivered(keys: string[] | undefined, adv: HarnessRun, shards: Shard[], source: Source): boolean {
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
function completedOutOfOrder(keys: string[], adv: HarnessRun, shards: Shard[], source: Source): boolean {
  const keyOf = recordKeys(shards, source);
  const sourceKeys = [...new Map([...keyOf.values()].filter((k) => keys.includes(k.id)).map((k) => [k.id, k])).values()];
  const finished = new Map<number, number[]>();
  for (const call of lastAttemptOfEachCall(adv.calls).sort((a, b) => adv.calls.indexOf(a) - adv.calls.indexOf(b))) {
    if (call.outcome !== 'ok' || !sourceKeys.some((k) => carriesKey(call.input, k))) continue;
    finished.set(call.invocation, [...(finished.get(call.invocation) ?? []), call.call]);
  }
  return [...finished.values()].some((order) => order.some((call, i) => i > 0 && call < order[i - 1]!));
}

/** The producer retry whose record belongs to one of the keys. */
function producerCopyOf(keys: string[], shards: Shard[], retries: readonly ProducerRetry[]): ProducerRetry | undefined {
  for (const retry of retries) {
    const shard = shards.find((s) => s.shardId === retry.shardId);
    const record = shard?.records.find((r) => (r as KinesisStreamRecord).kinesis.sequenceNumber === retry.original) as KinesisStreamRecord | undefined;
    if (record && keys.includes(record.kinesis.partitionKey)) return retry;
  }
  return undefined;
}

/** The actual value matches an older record's image of its key than the expected value does. */
function staleImage(d: Difference, history: KeyHistory): string | undefined {
  for (const key of d.keys) {
    const records = history.images.get(key) ?? [];
    const actualAt = latestMatch(d.actual, records);
    const expectedAt = d.kind === 'extra' ? records.length : latestMatch(d.expected, records);
    if (actualAt >= 0 && expectedAt > actualAt) {
      const newer = records[expectedAt] ?? records.at(-1)!;
      return `the downstream holds the image of record ${records[actualAt]!.seq} although record ${newer.seq} (${newer.eventName}) came after it`;
    }
  }
  return undefined;
}

/** The key was removed and then written again: losing the item means the REMOVE landed last. */
function lateRemove(keys: string[], history: KeyHistory): string | undefined {
  for (const key of keys) {
    const records = history.images.get(key) ?? [];
    const lastWrite = records.findLastIndex((r) => r.eventName !== 'REMOVE');
    const remove = records.findIndex((r, i) => r.eventName === 'REMOVE' && i < lastWrite);
    if (remove >= 0) return `record ${records[remove]!.seq} (REMOVE) came before record ${records[lastWrite]!.seq} (${records[lastWrite]!.eventName}), yet the item is gone`;
  }
  return undefined;
}

/**
 * Index of the latest record whose NewImage agrees with the value on every attribute they share,
 * at least one of which changes across the key's records (so the match says which version it is).
 */
function latestMatch(value: unknown, records: { image: Record<string, unknown> | undefined }[]): number {
  if (value === null || typeof value !== 'object') return -1;
  const item = value as Record<string, unknown>;
  // a value that is exactly one record's image is that version, whatever its attributes share with others
  const whole = canonical(item);
  const exact = records.findLastIndex(({ image }) => image !== undefined && canonical(image) === whole);
  if (exact >= 0) return exact;
  const versions = new Map<string, Set<string>>();
  for (const { image } of records) for (const [name, v] of Object.entries(image ?? {})) versions.set(name, (versions.get(name) ?? new Set()).add(canonical(v)));
  const varying = (name: string) => (versions.get(name)?.size ?? 0) > 1;
  for (let i = records.length - 1; i >= 0; i--) {
    const image = records[i]!.image;
    if (!image) continue;
    const shared = Object.keys(image).filter((name) => name in item);
    if (shared.some(varying) && shared.every((name) => canonical(image[name]) === canonical(item[name]))) return i;
  }
  return -1;
}

/**
 * A downstream call for the key failed for good during an invocation that then reported success,
 * or reported a failure only after every record of that key (so the failed record was committed).
 */
function unreportedFailure(keys: string[], adv: HarnessRun, source: Source, shards: Shard[]): Classification | undefined {
  const keyOf = recordKeys(shards, source);
  const failedCalls = finalFailures(adv.calls);
  for (const [index, invocation] of adv.trace.invocations.entries()) {
    const positions = invocation.sequenceNumbers.flatMap((seq, i) => (keys.includes(keyOf.get(`${invocation.shardId}/${seq}`)?.id ?? '') ? [i] : []));
    if (positions.length === 0) continue;
    const key = keyOf.get(`${invocation.shardId}/${invocation.sequenceNumbers[positions[0]!]}`)!;
    const failure = failedCalls.find((c) => c.invocation === index && carriesKey(c.input, key));
    if (failure === undefined) continue;
    const what = `${failure.service} ${failure.operation} ${failure.outcome === 'partial' ? 'partly failed' : 'failed'}${failure.fault ? ` (injected ${failure.fault})` : ''}`;
    const record = invocation.sequenceNumbers[positions[0]!];
    if (invocation.outcome === 'success') {
      return { rule: 'no-silent-loss', reason: `${what} while the handler processed record ${record}, and the handler still reported the batch as a success` };
    }
    if (invocation.outcome === 'partial' && invocation.failureIndex! > positions.at(-1)!) {
      return {
        rule: 'checkpoint-safety',
        reason: `${what} while the handler processed record ${record}, but it reported record ${invocation.sequenceNumbers[invocation.failureIndex!]} as the first failure, so Lambda committed the failed record`,
      };
    }
  }
  return undefined;
}

/**
 * Calls whose last attempt did not succeed (the SDK's own retries already spent). A conditional
 * write that DynamoDB itself refused (400, no injected fault) is a guard doing its job, not a lost write.
 */
function finalFailures(calls: RecordedCall[]): RecordedCall[] {
  return lastAttemptOfEachCall(calls).filter((c) => c.outcome !== 'ok' && !refusedByCondition(c));
}

function refusedByCondition(call: RecordedCall): boolean {
  return call.outcome === 'error' && call.statusCode === 400 && call.fault === undefined && call.service === 'dynamodb' && hasCondition(call.input);
}

function hasCondition(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  if (Array.isArray(input)) return input.some(hasCondition);
  return Object.entries(input).some(([name, value]) => name === 'ConditionExpression' || hasCondition(value));
}
