import type { Case } from '../../properties/index.js';

/** What a run without faults depends on: the records and, for a handler reading the source table, the items they left there. */
export type Stream = Pick<Case, 'shards' | 'itemsAfter'>;

/** The stream of a case as a key: records are plain data (sequence numbers may be BigInt). */
function streamKey({ shards, itemsAfter }: Stream): string {
  return JSON.stringify([shards, itemsAfter ?? null], (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value));
}

/**
 * Runs without faults of the streams a shrink has recently tried. Shrinking and minimizing try
 * many candidates that differ only in their faults; a run without faults depends only on the
 * stream, the items its records left in the source table included (KEYS_ONLY records carry none,
 * so two histories can give the same records), as the harness is deterministic for a seed (fresh
 * module state, virtual clock, seeded randomness): the candidates share it instead of running the
 * handler again.
 */
export class ReferenceRuns<T> {
  private readonly runs = new Map<string, Promise<T>>();

  constructor(private readonly capacity = 8) {}

  get(stream: Stream, run: () => Promise<T>): Promise<T> {
    const key = streamKey(stream);
    const known = this.runs.get(key);
    if (known) return known;
    const started = run();
    this.runs.set(key, started);
    started.catch(() => this.runs.delete(key));
    if (this.runs.size > this.capacity) this.runs.delete(this.runs.keys().next().value!);
    return started;
  }
}
