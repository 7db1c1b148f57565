import { type Concurrency } from './concurrency.js';
import { documentMissing, indexNotFound, SearchFailure, validationFailed, versionConflict } from './search-error.js';
import { checkIndexName, idProblem } from './index-names.js';
import { IndexState, type StoredDocument } from './index-state.js';
import { mergeDocument, sameJson } from './partial-update.js';

/** What a write did, as the single-document APIs and `_bulk` items report it. */
export interface WriteOutcome {
  status: number;
  index: string;
  id: string;
  version: bigint;
  result: 'created' | 'updated' | 'deleted' | 'not_found' | 'noop';
  seqNo: number;
  primaryTerm: number;
  /** `_shards.total` is 0 for a noop. */
  noop: boolean;
  /** The document's source after an update, for `_source` in update responses. */
  source?: Record<string, unknown>;
}

export interface UpdateBody {
  doc?: Record<string, unknown>;
  upsert?: Record<string, unknown>;
  doc_as_upsert?: boolean;
  detect_noop?: boolean;
  script?: unknown;
  scripted_upsert?: boolean;
}

/**
 * The documents of every index, with the engines' write semantics: versions, sequence numbers,
 * tombstones kept for `index.gc_deletes` of virtual time, automatic index creation.
 */
export class Cluster {
  readonly indices = new Map<string, IndexState>();
  private uuids = 0;
  private autoIds = 0;

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.indices.clear();
    this.uuids = 0;
    this.autoIds = 0;
  }

  /**
   * What changes whenever the cluster does: its indices (by name and uuid, a re-created index has a
   * new one), each index's settings and next sequence number (every write of a document takes
   * one; a version conflict or a noop update takes none), and the id counters.
   */
  stateKey(): string {
    const indices = [...this.indices.values()].map((index) => [index.name, index.uuid, index.nextSeqNo, index.gcDeletesMs]);
    return JSON.stringify([this.uuids, this.autoIds, indices]);
  }

  /** Whether a delete is still remembered at `now`: a write refused because of it may pass once `index.gc_deletes` has passed. */
  remembersDeletes(now: number): boolean {
    for (const index of this.indices.values()) {
      for (const tombstone of index.tombstones.values()) if (now - tombstone.deletedAt < index.gcDeletesMs) return true;
    }
    return false;
  }

  existing(name: string): IndexState {
    const index = this.indices.get(name);
    if (index === undefined) throw new SearchFailure(indexNotFound(name));
    return index;
  }

  /** Automatic index creation (action.auto_create_index defaults to true). */
  ensure(name: string): IndexState {
    let index = this.indices.get(name);
    if (index === undefined) {
      checkIndexName(name);
      index = new IndexState(name, this.uuid(name));
      this.indices.set(name, index);
    }
    return index;
  }

  /** Ids the engines generate for `POST /{index}/_doc`: 20 URL-safe base64 characters. */
  autoId(): string {
    const n = this.autoIds++;
    return Buffer.from(`sc${String(n).padStart(13, '0')}`).toString('base64url').slice(0, 20);
  }

  index(indexName: string, id: string, source: Record<string, unknown>, opType: 'index' | 'create', guard: Concurrency): WriteOutcome {
    checkId(id);
    const index = this.ensure(indexName);
    const live = index.documents.get(id);
    const tombstone = live === undefined ? index.tombstone(id, this.now()) : undefined;
    if (opType === 'create' && live !== undefined) {
      throw new SearchFailure(versionConflict(index.name, index.uuid, id, `document already exists (current version [${live.version}])`));
    }
    checkGuard(index, id, live, tombstone?.version, guard);
    const version = guard.kind === 'external' ? guard.version : (live?.version ?? tombstone?.version ?? 0n) + 1n;
    const seqNo = index.nextSeqNo++;
    index.documents.set(id, { source: structuredClone(source), version, seqNo, external: guard.kind === 'external' });
    index.tombstones.delete(id);
    return outcome(index, id, live === undefined ? 201 : 200, live === undefined ? 'created' : 'updated', version, seqNo);
  }

  delete(indexName: string, id: string, guard: Concurrency): WriteOutcome {
    checkId(id);
    // a delete creates its index only under external versioning (docs-delete.html#delete-api-desc)
    const index = guard.kind === 'external' ? this.ensure(indexName) : this.existing(indexName);
    const live = index.documents.get(id);
    const tombstone = live === undefined ? index.tombstone(id, this.now()) : undefined;
    checkGuard(index, id, live, tombstone?.version, guard);
    const version = guard.kind === 'external' ? guard.version : (live?.version ?? tombstone?.version ?? 0n) + 1n;
    const seqNo = index.nextSeqNo++;
    index.documents.delete(id);
    index.tombstones.set(id, { version, deletedAt: this.now() });
    return outcome(index, id, live === undefined ? 404 : 200, live === undefined ? 'not_found' : 'deleted', version, seqNo);
  }

  /** Partial update (https://opensearch.org/docs/latest/api-reference/document-apis/update-document/). */
  update(indexName: string, id: string, body: UpdateBody, guard: Concurrency): WriteOutcome {
    checkId(id);
    if (body.script !== undefined) throw new SearchFailure(validationFailed('stream-conformance does not run scripts: use "doc" (with "doc_as_upsert") or "upsert"'));
    if (body.doc === undefined) throw new SearchFailure(validationFailed('script or doc is missing'));
    const index = this.ensure(indexName);
    const live = index.documents.get(id);
    if (live === undefined) {
      const upsert = body.doc_as_upsert === true ? body.doc : body.upsert;
      if (upsert === undefined || guard.kind === 'seq') throw new SearchFailure(documentMissing(index.name, index.uuid, id));
      return { ...this.index(indexName, id, upsert, 'create', { kind: 'none' }), source: structuredClone(upsert) };
    }
    checkGuard(index, id, live, undefined, guard);
    const merged = mergeDocument(live.source, body.doc);
    if (body.detect_noop !== false && sameJson(merged, live.source)) {
      return { ...outcome(index, id, 200, 'noop', live.version, live.seqNo), noop: true, source: merged };
    }
    const stored: StoredDocument = { source: merged, version: live.version + 1n, seqNo: index.nextSeqNo++, external: false };
    index.documents.set(id, stored);
    return { ...outcome(index, id, 200, 'updated', stored.version, stored.seqNo), source: merged };
  }

  get(indexName: string, id: string): { index: IndexState; document: StoredDocument | undefined } {
    const index = this.existing(indexName);
    return { index, document: index.documents.get(id) };
  }

  private uuid(name: string): string {
    return Buffer.from(`${name}:${this.uuids++}`).toString('base64url').padEnd(22, 'A').slice(0, 22);
  }
}

function checkId(id: string): void {
  const problem = idProblem(id);
  if (problem !== undefined) throw new SearchFailure(validationFailed(problem));
}

/** The version conflicts of optimistic-concurrency-control.html and docs-index_.html#index-versioning. */
function checkGuard(index: IndexState, id: string, live: StoredDocument | undefined, tombstoneVersion: bigint | undefined, guard: Concurrency): void {
  const conflict = (explanation: string) => new SearchFailure(versionConflict(index.name, index.uuid, id, explanation));
  if (guard.kind === 'seq') {
    const required = `required seqNo [${guard.seqNo}], primary term [${guard.primaryTerm}].`;
    if (live === undefined) throw conflict(`${required} but no document was found`);
    if (BigInt(live.seqNo) !== guard.seqNo || BigInt(index.primaryTerm) !== guard.primaryTerm) {
      throw conflict(`${required} current document has seqNo [${live.seqNo}] and primary term [${index.primaryTerm}]`);
    }
  } else if (guard.kind === 'external') {
    const current = live?.version ?? tombstoneVersion;
    if (current === undefined) return;
    if (guard.gte ? current > guard.version : current >= guard.version) {
      const comparison = guard.gte ? 'is higher than' : 'is higher or equal to';
      throw conflict(`current version [${current}] ${comparison} the one provided [${guard.version}]`);
    }
  }
}

function outcome(index: IndexState, id: string, status: number, result: WriteOutcome['result'], version: bigint, seqNo: number): WriteOutcome {
  return { status, index: index.name, id, version, result, seqNo, primaryTerm: index.primaryTerm, noop: false };
}
