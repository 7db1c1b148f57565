import type { DynamoDBRecord } from 'aws-lambda';
import type { Shard } from '../model/types.js';

/** One write to the source table: the item a record left, or its key deleted (`item: null`). */
export interface SourceWrite {
  atMs: number;
  key: Record<string, unknown>;
  item: Record<string, unknown> | null;
}

/**
 * The source table through a run, for a handler that reads it: every write whose record has
 * arrived by an invocation's virtual time is in the table when the invocation starts. Records
 * reach the stream when their write happens, so the handler may see writes newer than the records
 * it was given (as in AWS, where a batch is read after it was written), never older ones.
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

  /** Whether writes are still to come (a handler reading the table may then see it change). */
  get pending(): boolean {
    return this.#next < this.#writes.length;
  }
}

function sourceWrite(record: DynamoDBRecord, itemsAfter: Readonly<Record<string, Record<string, unknown> | null>>): SourceWrite {
  const change = record.dynamodb!;
  const key = change.Keys as Record<string, unknown>;
  const known = itemsAfter[change.SequenceNumber!];
  const item = record.eventName === 'REMOVE' ? null : known ?? (change.NewImage as Record<string, unknown> | undefined) ?? key;
  return { atMs: change.ApproximateCreationDateTime! * 1000, key, item };
}
