import type { WriteOutcome } from './documents.js';
import { hasTypes, type Engine } from './search-engine.js';
import type { IndexState, StoredDocument } from './index-state.js';

/** `_index`, then `_type: "_doc"` where the engine still reports types, then the rest. */
export function withIndex(engine: Engine, index: string, rest: Record<string, unknown>): Record<string, unknown> {
  return { _index: index, ...(hasTypes(engine) && { _type: '_doc' }), ...rest };
}

/** The body of an index, create, update or delete response (docs-index_.html#docs-index-api-response-body). */
export function writeBody(engine: Engine, outcome: WriteOutcome, forcedRefresh: boolean): Record<string, unknown> {
  return withIndex(engine, outcome.index, {
    _id: outcome.id,
    _version: outcome.version,
    result: outcome.result,
    ...(forcedRefresh && !outcome.noop && { forced_refresh: true }),
    _shards: outcome.noop ? { total: 0, successful: 0, failed: 0 } : { total: 2, successful: 1, failed: 0 },
    _seq_no: outcome.seqNo,
    _primary_term: outcome.primaryTerm,
  });
}

/** The body of a get (docs-get.html#docs-get-api-response-body). */
export function getBody(engine: Engine, index: IndexState, id: string, document: StoredDocument | undefined): Record<string, unknown> {
  if (document === undefined) return withIndex(engine, index.name, { _id: id, found: false });
  return withIndex(engine, index.name, {
    _id: id, _version: document.version, _seq_no: document.seqNo, _primary_term: index.primaryTerm, found: true, _source: document.source,
  });
}

export const SHARDS_OK = { total: 1, successful: 1, skipped: 0, failed: 0 };
