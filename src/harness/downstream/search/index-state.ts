/** A stored document: its source and concurrency metadata. */
export interface StoredDocument {
  source: Record<string, unknown>;
  version: bigint;
  seqNo: number;
  /** The last write used external versioning: its version is part of the state. */
  external: boolean;
}

/** What a delete leaves behind: the version, kept for `index.gc_deletes` so stale writes are refused. */
export interface Tombstone {
  version: bigint;
  deletedAt: number;
}

/** The default of `index.gc_deletes` (https://www.elastic.co/guide/en/elasticsearch/reference/current/index-modules.html#dynamic-index-settings). */
export const DEFAULT_GC_DELETES_MS = 60_000;

/** One index: one primary shard, primary term 1. */
export class IndexState {
  readonly documents = new Map<string, StoredDocument>();
  readonly tombstones = new Map<string, Tombstone>();
  nextSeqNo = 0;
  gcDeletesMs = DEFAULT_GC_DELETES_MS;
  readonly primaryTerm = 1;

  constructor(
    readonly name: string,
    readonly uuid: string,
  ) {}

  /**
   * The tombstone of a deleted document while `index.gc_deletes` has not passed since the delete
   * (in virtual time); after that the engine forgets the delete and a stale write re-creates the
   * document (https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-delete.html#delete-versioning).
   */
  tombstone(id: string, now: number): Tombstone | undefined {
    const tombstone = this.tombstones.get(id);
    if (tombstone === undefined) return undefined;
    if (now - tombstone.deletedAt >= this.gcDeletesMs) {
      this.tombstones.delete(id);
      return undefined;
    }
    return tombstone;
  }
}

/** `60s`, `1m`, `500ms`, `0`, or a number of ms: an Elasticsearch time value. */
export function parseTimeValue(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= -1) return Math.max(0, value);
  if (typeof value !== 'string') return undefined;
  const match = /^(-?\d+(?:\.\d+)?)(nanos|micros|ms|s|m|h|d)?$/.exec(value.trim());
  if (match === null) return undefined;
  const units: Record<string, number> = { nanos: 1e-6, micros: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (match[2] === undefined && match[1] !== '0' && match[1] !== '-1') return undefined;
  return Math.max(0, Number(match[1]) * (units[match[2] ?? 'ms'] ?? 1));
}
