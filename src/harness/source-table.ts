import type { DynamoDBRecord } from 'aws-lambda';
import type { Shard } from '../model/types.js';

/** One write to the source table: the item a record left, or its key deleted (`item: null`). */
export interface SourceWrite {
  atMs: number;
  key: Record<string, unknown>;
  item: Record<string, unknown> | null;
}

/**
 * The source table through a run, for a handler that reads it: when an invocation starts, the
 * table holds every write up to the newest record delivered so far (in this invocation or an
 * earlier one, on any shard), by arrival time. A handler so sees the items at least as new as the
 * records it was given, newer where a later record of the batch changed them again (as in AWS),
 * and a retry sees what the first attempt saw until newer records are delivered. The view follows
 * the deliveries, not the clock: reads in AWS may be newer still, by how late the batch runs, but
 * a run with retries would then read other items than the run without, and a consumer that
 * publishes what it reads would seem to lose or change effects it did not.
 */
export class SourceTableTimeline {
  readonly #writes: SourceWrite[];
  #next = 0;

  constructor(shards: readonly Shard[], itemsAfter: Readonly<Record<string, Record<string, unknown> | null>> = {}) {
    const writes = shards.flatMap((shard) => (shard.records as DynamoDBRecord[]).map((record) => sourceWrite(record, itemsAfter)));
    // stable: a shard's records keep their order, a parent's come before its children's
    this.#writes = writes.sort((a, b) => a.atMs - b.atMs);
  }

  /** The writes that happened by `atMs` and are not in the table yet, in order. */
  until(atMs: number): SourceWrite[] {
    const from = this.#next;
    while (this.#next < this.#writes.length && this.#writes[this.#next]!.atMs <= atMs) this.#next++;
    return this.#writes.slice(from, this.#next);
  }
}

function sourceWrite(record: DynamoDBRecord, itemsAfter: Readonly<Record<string, Record<string, unknown> | null>>): SourceWrite {
  const change = record.dynamodb!;
  const key = change.Keys as Record<string, unknown>;
  const known = itemsAfter[change.SequenceNumber!];
  const item = record.eventName === 'REMOVE' ? null : known ?? (change.NewImage as Record<string, unknown> | undefined) ?? key;
  return { atMs: change.ApproximateCreationDateTime! * 1000, key, item };
}
