import { concurrencyOf, type ConcurrencyParams } from './concurrency.js';
import { parseBulk, runBulk } from './bulk.js';
import { Cluster, type UpdateBody } from './documents.js';
import { clusterInfo, engineHeaders, engineOf, type Engine, type EngineName } from './search-engine.js';
import { errorBody, illegalArgument, indexNotFound, SearchFailure, type SearchError } from './search-error.js';
import { routeOf, type Route, type SearchRequest, type SearchResponse } from './http.js';
import { parseTimeValue } from './index-state.js';
import { toJson } from './long-numbers.js';
import { compileQuery } from './query.js';
import { getBody, SHARDS_OK, withIndex, writeBody } from './responses.js';

export interface SearchStoreOptions {
  engine: EngineName;
  version?: string | undefined;
  /** Virtual time, epoch ms: tombstones expire after `index.gc_deletes` of it. */
  now?: () => number;
}

/** A document after a run: its source, and its version when external versioning set it. */
export interface SearchDocument {
  source: Record<string, unknown>;
  version?: string;
}

export type SearchSnapshot = Record<string, Record<string, SearchDocument>>;

/** A response, and whether the request asked for an API the store does not emulate. */
export interface StoreResponse extends SearchResponse {
  unsupported?: string;
}

export interface HandleOptions {
  /** `_bulk` items (by position) a busy node rejects with 429. */
  rejectItems?: ReadonlySet<number>;
}

/** What a `_bulk` request held, for fault injection and the trace. */
export function bulkSize(request: SearchRequest): number {
  const route = routeOf(request);
  if (route.segments.at(-1) !== '_bulk') return 0;
  return route.body.split('\n').filter((line) => /^\s*\{\s*"(index|create|update|delete)"/.test(line)).length;
}

/**
 * An embedded OpenSearch / Elasticsearch document API: index, create, get, exists, mget, update,
 * delete, bulk, minimal search and count, with the engines' concurrency control and error shapes.
 * Pure: no sockets, virtual time.
 */
export class SearchStore {
  readonly engine: Engine;
  private readonly cluster: Cluster;
  private readonly now: () => number;

  constructor(options: SearchStoreOptions) {
    this.engine = engineOf(options.engine, options.version);
    this.now = options.now ?? (() => 0);
    this.cluster = new Cluster(this.now);
  }

  reset(): void {
    this.cluster.reset();
  }

  /** Changes whenever the store does (documents, indices, settings): equal keys, same store. */
  stateKey(): string {
    return this.cluster.stateKey();
  }

  /** Whether the store's answers may change with time alone: a delete it remembers for `index.gc_deletes` will be forgotten. */
  changesWithTime(): boolean {
    return this.cluster.remembersDeletes(this.now());
  }

  snapshot(): SearchSnapshot {
    const out: SearchSnapshot = {};
    for (const [name, index] of this.cluster.indices) {
      // fromEntries: an id such as "__proto__" is a key like any other
      out[name] = Object.fromEntries([...index.documents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([id, document]) => [
        id, { source: structuredClone(document.source), ...(document.external && { version: String(document.version) }) },
      ]));
    }
    return out;
  }

  handle(request: SearchRequest, options: HandleOptions = {}): StoreResponse {
    const route = routeOf(request);
    const headers = engineHeaders(this.engine, route.headers.accept);
    try {
      const { status, body } = this.dispatch(route, options);
      if (route.method === 'HEAD') return { status, headers, body: '' };
      return { status, headers, body: toJson(body) };
    } catch (error) {
      if (!(error instanceof SearchFailure)) throw error;
      const response = { status: error.error.status, headers, body: route.method === 'HEAD' ? '' : toJson(errorBody(error.error)) };
      return error instanceof UnsupportedEndpoint ? { ...response, unsupported: `${route.method} /${route.segments.join('/')}` } : response;
    }
  }

  private dispatch(route: Route, options: HandleOptions): { status: number; body: unknown } {
    const [first, second, third] = route.segments;
    const { method } = route;
    if (first === undefined) return { status: 200, body: clusterInfo(this.engine) };
    if (first === '_bulk') return this.bulk(route, undefined, options);
    if (first === '_mget') return this.mget(route, undefined);
    if (first === '_search' || first === '_count') return this.search(route, undefined, first);
    if (first === '_refresh') return { status: 200, body: { _shards: SHARDS_OK } };
    if (first === '_cluster' && second === 'health') return { status: 200, body: { cluster_name: 'stream-conformance', status: 'green', timed_out: false, number_of_nodes: 1 } };
    if (first.startsWith('_')) return noHandler(route);
    const index = first;
    if (second === undefined) return this.indexLevel(route, index);
    if (second === '_doc' || second === '_create' || second === '_update' || second === '_source') return this.document(route, index, second, third);
    if (second === '_bulk') return this.bulk(route, index, options);
    if (second === '_mget') return this.mget(route, index);
    if (second === '_search' || second === '_count') return this.search(route, index, second);
    if (second === '_refresh') return { status: 200, body: { _shards: SHARDS_OK } };
    if (second === '_settings' && (method === 'PUT' || method === 'GET')) return this.settings(route, index);
    if (second === '_mapping' && (method === 'PUT' || method === 'POST')) {
      this.cluster.ensure(index);
      return { status: 200, body: { acknowledged: true } };
    }
    if (second === '_mapping' && method === 'GET') return { status: 200, body: { [this.cluster.existing(index).name]: { mappings: {} } } };
    return noHandler(route);
  }

  private document(route: Route, index: string, endpoint: string, id: string | undefined): { status: number; body: unknown } {
    const { method } = route;
    const refresh = forcedRefresh(route);
    if (endpoint === '_doc' && id === undefined && method === 'POST') {
      const outcome = this.cluster.index(index, this.cluster.autoId(), sourceOf(route), 'index', guardOf(route, 'index'));
      return { status: outcome.status, body: writeBody(this.engine, outcome, refresh) };
    }
    if (id === undefined) return noHandler(route);
    if ((endpoint === '_doc' || endpoint === '_create') && (method === 'PUT' || method === 'POST')) {
      const opType = endpoint === '_create' || route.query.get('op_type') === 'create' ? 'create' : 'index';
      const outcome = this.cluster.index(index, id, sourceOf(route), opType, guardOf(route, opType));
      return { status: outcome.status, body: writeBody(this.engine, outcome, refresh) };
    }
    if (endpoint === '_update' && method === 'POST') {
      const outcome = this.cluster.update(index, id, jsonBody(route) as UpdateBody, guardOf(route, 'update'));
      return { status: outcome.status, body: writeBody(this.engine, outcome, refresh) };
    }
    if (endpoint === '_doc' && method === 'DELETE') {
      const outcome = this.cluster.delete(index, id, guardOf(route, 'delete'));
      return { status: outcome.status, body: writeBody(this.engine, outcome, refresh) };
    }
    if ((endpoint === '_doc' || endpoint === '_source') && (method === 'GET' || method === 'HEAD')) {
      const { index: state, document } = this.cluster.get(index, id);
      if (endpoint === '_source') {
        if (document === undefined) throw new SearchFailure({ status: 404, type: 'resource_not_found_exception', reason: `Document not found [${index}]/[${id}]` });
        return { status: 200, body: document.source };
      }
      return { status: document === undefined ? 404 : 200, body: getBody(this.engine, state, id, document) };
    }
    return noHandler(route);
  }

  private bulk(route: Route, index: string | undefined, options: HandleOptions): { status: number; body: unknown } {
    if (route.method !== 'POST' && route.method !== 'PUT') return noHandler(route);
    const items = parseBulk(route.body, index);
    const result = runBulk(this.cluster, this.engine, items, options.rejectItems ?? new Set(), forcedRefresh(route));
    return { status: 200, body: { took: 1, errors: result.errors, items: result.items } };
  }

  private mget(route: Route, index: string | undefined): { status: number; body: unknown } {
    const body = jsonBody(route) as { docs?: { _index?: string; _id?: unknown }[]; ids?: unknown[] };
    const wanted = body.docs ?? (body.ids ?? []).map((id) => ({ _index: index, _id: id }));
    const docs = wanted.map((doc) => {
      const name = doc._index ?? index;
      const id = String(doc._id);
      if (name === undefined) throw new SearchFailure(illegalArgument('index is missing for doc 0'));
      try {
        const { index: state, document } = this.cluster.get(name, id);
        return getBody(this.engine, state, id, document);
      } catch (error) {
        if (!(error instanceof SearchFailure)) throw error;
        return withIndex(this.engine, name, { _id: id, error: (errorBody(error.error) as { error: unknown }).error });
      }
    });
    return { status: 200, body: { docs } };
  }

  private search(route: Route, pattern: string | undefined, endpoint: '_search' | '_count'): { status: number; body: unknown } {
    const indices = this.resolve(pattern);
    const body = route.body.trim() === '' ? {} : (jsonBody(route) as { query?: unknown; size?: number; from?: number });
    const query = route.query.get('q') !== null ? qQuery(route.query.get('q')!) : compileQuery(body.query);
    const hits = indices.flatMap((index) =>
      [...index.documents].filter(([id, document]) => query(document.source, id)).sort(([, a], [, b]) => a.seqNo - b.seqNo)
        .map(([id, document]) => withIndex(this.engine, index.name, { _id: id, _score: 1.0, _source: document.source })),
    );
    if (endpoint === '_count') return { status: 200, body: { count: hits.length, _shards: SHARDS_OK } };
    const from = Number(route.query.get('from') ?? body.from ?? 0);
    const size = Number(route.query.get('size') ?? body.size ?? 10);
    return { status: 200, body: { took: 1, timed_out: false, _shards: SHARDS_OK, hits: { total: { value: hits.length, relation: 'eq' }, max_score: hits.length > 0 ? 1.0 : null, hits: hits.slice(from, from + size) } } };
  }

  private resolve(pattern: string | undefined) {
    if (pattern === undefined || pattern === '_all' || pattern === '*') return [...this.cluster.indices.values()];
    return pattern.split(',').flatMap((name) => {
      if (!name.includes('*')) return [this.cluster.existing(name)];
      const regex = new RegExp(`^${name.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      return [...this.cluster.indices.values()].filter((index) => regex.test(index.name));
    });
  }

  private indexLevel(route: Route, name: string): { status: number; body: unknown } {
    switch (route.method) {
      case 'HEAD':
      case 'GET': {
        const index = this.cluster.indices.get(name);
        if (index === undefined) throw new SearchFailure(indexNotFound(name));
        return { status: 200, body: { [name]: { aliases: {}, mappings: {}, settings: { index: settingsOf(index.gcDeletesMs, index.uuid, name) } } } };
      }
      case 'PUT': {
        if (this.cluster.indices.has(name)) {
          const uuid = this.cluster.indices.get(name)!.uuid;
          throw new SearchFailure({ status: 400, type: 'resource_already_exists_exception', reason: `index [${name}/${uuid}] already exists`, extra: { index_uuid: uuid, index: name } });
        }
        const index = this.cluster.ensure(name);
        const gc = gcDeletesOf(route.body.trim() === '' ? {} : jsonBody(route));
        if (gc !== undefined) index.gcDeletesMs = gc;
        return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: name } };
      }
      case 'DELETE':
        if (!this.cluster.indices.delete(name)) throw new SearchFailure(indexNotFound(name));
        return { status: 200, body: { acknowledged: true } };
      default:
        return noHandler(route);
    }
  }

  private settings(route: Route, name: string): { status: number; body: unknown } {
    const index = this.cluster.existing(name);
    if (route.method === 'GET') return { status: 200, body: { [name]: { settings: { index: settingsOf(index.gcDeletesMs, index.uuid, name) } } } };
    const gc = gcDeletesOf({ settings: jsonBody(route) });
    if (gc !== undefined) index.gcDeletesMs = gc;
    return { status: 200, body: { acknowledged: true } };
  }
}

function settingsOf(gcDeletesMs: number, uuid: string, name: string): Record<string, unknown> {
  return { number_of_shards: '1', number_of_replicas: '1', gc_deletes: `${gcDeletesMs}ms`, uuid, provided_name: name };
}

/** `index.gc_deletes` from create-index or settings bodies, flat (`"index.gc_deletes"`) or nested. */
function gcDeletesOf(body: unknown): number | undefined {
  const settings = (body as { settings?: Record<string, unknown> }).settings ?? {};
  const nested = (settings.index as Record<string, unknown> | undefined)?.gc_deletes;
  const raw = settings['index.gc_deletes'] ?? nested ?? settings.gc_deletes;
  if (raw === undefined) return undefined;
  const ms = parseTimeValue(raw);
  if (ms === undefined) throw new SearchFailure(illegalArgument(`failed to parse setting [index.gc_deletes] with value [${String(raw)}] as a time value: unit is missing or unrecognized`));
  return ms;
}

function guardOf(route: Route, opType: 'index' | 'create' | 'update' | 'delete') {
  const params: ConcurrencyParams = {};
  for (const name of ['version', 'version_type', 'if_seq_no', 'if_primary_term'] as const) {
    const value = route.query.get(name);
    if (value !== null) params[name] = value;
  }
  return concurrencyOf(params, 'query', opType);
}

/** `refresh` is accepted (true, false, wait_for; empty means true); `true` adds `forced_refresh`. */
function forcedRefresh(route: Route): boolean {
  const value = route.query.get('refresh');
  if (value === null || value === 'false' || value === 'wait_for') return false;
  if (value === '' || value === 'true') return true;
  throw new SearchFailure(illegalArgument(`Unknown value for refresh: [${value}].`));
}

function jsonBody(route: Route): unknown {
  if (route.body.trim() === '') throw new SearchFailure({ status: 400, type: 'parse_exception', reason: 'request body is required' });
  try {
    return JSON.parse(route.body);
  } catch {
    throw new SearchFailure({ status: 400, type: 'x_content_parse_exception', reason: '[1:1] Unexpected character: the request body is not JSON' });
  }
}

function sourceOf(route: Route): Record<string, unknown> {
  const body = jsonBody(route);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new SearchFailure({ status: 400, type: 'mapper_parsing_exception', reason: 'failed to parse' });
  }
  return body as Record<string, unknown>;
}

/** `q=field:value` searches (query string), exact match only. */
function qQuery(q: string) {
  const colon = q.indexOf(':');
  if (colon < 0 || q === '*:*' || q === '*') return () => true;
  return compileQuery({ term: { [q.slice(0, colon)]: q.slice(colon + 1) } });
}

class UnsupportedEndpoint extends SearchFailure {}

function noHandler(route: Route): never {
  const error: SearchError = illegalArgument(`no handler found for uri [/${route.segments.join('/')}] and method [${route.method}]`);
  throw new UnsupportedEndpoint(error);
}
