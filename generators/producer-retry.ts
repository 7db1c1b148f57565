import type { KinesisStreamRecord } from 'aws-lambda';
import type { Shard } from '../src/model/types.js';

/** A record a Kinesis producer wrote a second time: where the original is and the copy's sequence number. */
export interface ProducerRetry {
  shardId: string;
  /** Sequence number of the original record. */
  original: string;
  /** Sequence number the copy was given. */
  copy: string;
}

/**
 * Kinesis producer retries: a PutRecord whose response was lost is sent again, and the stream holds
 * the same partition key and data twice, under a new sequence number. Each pick chooses (modulo)
 * among the records that are the last of their partition key in their shard; the copy is appended
 * to that shard, so it never lands between two records of its key and the key's order holds.
 */
export function producerRetries(shards: readonly Shard<KinesisStreamRecord>[], picks: readonly number[]): ProducerRetry[] {
  const eligible: { shardId: string; record: KinesisStreamRecord }[] = [];
  for (const shard of shards) {
    const lastOfKey = new Map<string, KinesisStreamRecord>();
    for (const record of shard.records) lastOfKey.set(record.kinesis.partitionKey, record);
    for (const record of shard.records) if (lastOfKey.get(record.kinesis.partitionKey) === record) eligible.push({ shardId: shard.shardId, record });
  }
  if (eligible.length === 0) return [];
  const chosen = [...new Set(picks.map((pick) => pick % eligible.length))].map((i) => eligible[i]!);
  const next = new Map(shards.map((s) => [s.shardId, BigInt(s.records.at(-1)?.kinesis.sequenceNumber ?? '0')]));
  // a step of the shard count keeps the copy's number apart from every other shard's (see kinesis-record.ts)
  const step = BigInt(Math.max(1, shards.length));
  return chosen.map(({ shardId, record }) => {
    const copy = next.get(shardId)! + step;
    next.set(shardId, copy);
    return { shardId, original: record.kinesis.sequenceNumber, copy: String(copy) };
  });
}

/** The shards with each producer retry's copy appended (new objects; the input is not changed). */
export function withProducerRetries(shards: readonly Shard<KinesisStreamRecord>[], retries: readonly ProducerRetry[]): Shard<KinesisStreamRecord>[] {
  if (retries.length === 0) return [...shards];
  return shards.map((shard) => {
    const copies = retries.filter((r) => r.shardId === shard.shardId);
    if (copies.length === 0) return shard;
    const last = shard.records.at(-1)!;
    const appended = copies.map(({ original, copy }) => {
      const record = shard.records.find((r) => r.kinesis.sequenceNumber === original)!;
      return {
        ...record,
        eventID: `${shard.shardId}:${copy}`,
        kinesis: { ...record.kinesis, sequenceNumber: copy, approximateArrivalTimestamp: last.kinesis.approximateArrivalTimestamp },
      };
    });
    return { ...shard, records: [...shard.records, ...appended] };
  });
}
