import type { KinesisStreamRecord } from 'aws-lambda';
import type { ProducerRetry } from '../../generators/producer-retry.js';
import type { ClassifiedDifference } from '../../properties/evidence.js';
import { canonical } from '../core/canonical.js';
import type { Difference } from '../core/index.js';
import type { Shard } from '../model/types.js';

/**
 * What Kinesis producer retries changed under exactly-once delivery: the differences of the keys
 * whose records a producer wrote twice are producer-duplicates (others come from elsewhere).
 */
export function classifyProducerCopies(diffs: Difference[], shards: Shard[], retries: readonly ProducerRetry[]): ClassifiedDifference[] {
  return diffs.flatMap((d) => {
    // both runs deliver exactly once: an effect tied to no source key (a window's total) differs because of the copies
    const retry = producerCopyOf(d.keys, shards, retries) ?? (d.keys.length === 0 ? retries[0] : undefined);
    if (!retry || onlyPositionDiffers(d, retries)) return [];
    const kept = d.kind === 'extra' ? 'kept it as a second event' : d.kind === 'missing' ? 'lost an effect to it' : 'applied it again';
    const reason = `a producer retry wrote record ${retry.original} again (same partition key and data, new sequence number ${retry.copy}), and the downstream ${kept}: deduplicate on a business key in the data, which a producer's copy shares (its sequence number is new)`;
    return [{ ...d, rule: 'producer-duplicates', reason }];
  });
}

/**
 * The effect is the same but for the stream position it records: an item that keeps the sequence
 * number of the last record applied (`lastSeq`, an ordering guard) holds the copy's number where
 * it held the original's. The event was applied once; nothing was kept twice.
 */
function onlyPositionDiffers(d: Difference, retries: readonly ProducerRetry[]): boolean {
  if (d.kind !== 'changed') return false;
  let actual = canonical(d.actual);
  // whole numbers only, left-padded ones included (stored as 40-digit strings)
  for (const { original, copy } of retries) actual = actual.replace(new RegExp(`(?<!\\d)(0*)${copy}(?!\\d)`, 'g'), `$1${original}`);
  return actual === canonical(d.expected);
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
