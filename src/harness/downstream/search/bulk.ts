import { concurrencyOf, type Concurrency, type ConcurrencyParams } from './concurrency.js';
import type { Cluster, UpdateBody, WriteOutcome } from './documents.js';
import type { Engine } from './search-engine.js';
import { errorObject, illegalArgument, rejectedExecution, SearchFailure, validationFailed, type SearchError } from './search-error.js';
import { parseKeepingLongs } from './long-numbers.js';
import { withIndex, writeBody } from './responses.js';

export type BulkAction = 'index' | 'create' | 'update' | 'delete';

export interface BulkItem {
  action: BulkAction;
  index: string;
  id: string | undefined;
  guard: Concurrency;
  source: Record<string, unknown> | undefined;
}

const ACTIONS: readonly BulkAction[] = ['index', 'create', 'update', 'delete'];

/**
 * Reads an NDJSON bulk body: an action line, then a source line except for `delete`
 * (https://opensearch.org/docs/latest/api-reference/document-apis/bulk/,
 * https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-bulk.html). A malformed
 * body, a version that is not a long or a request that fails validation rejects the whole request.
 */
export function parseBulk(body: string, defaultIndex: string | undefined): BulkItem[] {
  if (body.length > 0 && !body.endsWith('\n')) throw new SearchFailure(illegalArgument('The bulk request must be terminated by a newline [\\n]'));
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const items: BulkItem[] = [];
  const problems: string[] = [];
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const action = parseLine(line, n + 1, parseKeepingLongs);
    const keys = Object.keys(action);
    const name = keys[0] as BulkAction;
    if (keys.length !== 1 || !ACTIONS.includes(name)) {
      throw new SearchFailure(illegalArgument(`Malformed action/metadata line [${n + 1}], expected field [create], [delete], [index] or [update] but found [${keys[0] ?? ''}]`));
    }
    const meta = (action[name] ?? {}) as Record<string, unknown>;
    const index = typeof meta._index === 'string' ? meta._index : defaultIndex;
    const id = meta._id === undefined || meta._id === null ? undefined : String(meta._id);
    if (index === undefined) problems.push('index is missing');
    if (id === undefined && name !== 'index' && name !== 'create') problems.push('id is missing');
    let source: Record<string, unknown> | undefined;
    if (name !== 'delete') {
      n++;
      if (n >= lines.length) throw new SearchFailure(validationFailed('no requests added'));
      source = parseLine(lines[n]!, n + 1, JSON.parse);
    }
    const guard = concurrencyOf(paramsOf(meta), 'body', name);
    items.push({ action: name, index: index ?? '', id, guard, source });
  }
  if (items.length === 0) throw new SearchFailure(validationFailed('no requests added'));
  if (problems.length > 0) throw new SearchFailure(validationFailed(...problems));
  return items;
}

function parseLine(line: string, number: number, parse: (text: string) => unknown): Record<string, unknown> {
  let value: unknown;
  try {
    value = parse(line);
  } catch {
    throw new SearchFailure({ status: 400, type: 'x_content_parse_exception', reason: `[${number}:1] Unexpected character in bulk line ${number}` });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SearchFailure(illegalArgument(`Malformed action/metadata line [${number}], expected START_OBJECT but found [${Array.isArray(value) ? 'START_ARRAY' : 'VALUE'}]`));
  }
  return value as Record<string, unknown>;
}

function paramsOf(meta: Record<string, unknown>): ConcurrencyParams {
  const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  return { version: text(meta.version), version_type: text(meta.version_type), if_seq_no: text(meta.if_seq_no), if_primary_term: text(meta.if_primary_term) };
}

/**
 * Runs the items in order, each on its own: a failed item does not stop the others. Items whose
 * position is in `rejected` fail with 429 as a busy node's would, without being applied.
 */
export function runBulk(cluster: Cluster, engine: Engine, items: BulkItem[], rejected: ReadonlySet<number>, forcedRefresh: boolean): { errors: boolean; items: Record<string, unknown>[] } {
  let errors = false;
  const results = items.map((item, position) => {
    const id = item.id ?? (item.action === 'delete' ? '' : cluster.autoId());
    try {
      if (rejected.has(position)) throw new SearchFailure(rejectedExecution());
      const outcome = apply(cluster, item, id);
      return { [item.action]: { ...writeBody(engine, outcome, forcedRefresh), status: outcome.status } };
    } catch (error) {
      if (!(error instanceof SearchFailure)) throw error;
      errors = true;
      return { [item.action]: itemError(engine, item.index, id, error.error) };
    }
  });
  return { errors, items: results };
}

function apply(cluster: Cluster, item: BulkItem, id: string): WriteOutcome {
  switch (item.action) {
    case 'index':
    case 'create':
      return cluster.index(item.index, id, item.source!, item.action, item.guard);
    case 'update':
      return cluster.update(item.index, id, item.source as UpdateBody, item.guard);
    case 'delete':
      return cluster.delete(item.index, id, item.guard);
  }
}

function itemError(engine: Engine, index: string, id: string, error: SearchError): Record<string, unknown> {
  return withIndex(engine, index, { _id: id, status: error.status, error: errorObject(error) });
}
