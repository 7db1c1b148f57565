import { holdsValues, leafValues } from '../../core/canonical.js';
import type { CallFault } from '../faults.js';
import type { FetchAnswer } from '../protocol.js';
import { bulkSize, errorBody, rejectedExecution, SearchStore, toJson, unavailable, type EngineName, type SearchRequest, type SearchSnapshot } from './search/index.js';

/** A search endpoint the config declares: `downstream.search[]`. */
export interface SearchTarget {
  endpoint: string;
  engine: EngineName;
  version?: string;
}

/** What one search request was, for the trace: its operation and its input (the bulk lines parsed). */
export interface SearchCallShape {
  operation: string;
  input: { method: string; path: string; body: unknown };
  /** Items of a `_bulk` request (0 for other requests). */
  items: number;
}

/** The stores behind the declared endpoints, one per endpoint, reached by origin or host. */
export class SearchTargets {
  private readonly stores = new Map<string, SearchStore>();

  constructor(targets: readonly SearchTarget[], now: () => number) {
    for (const target of targets) this.stores.set(originOf(target.endpoint), new SearchStore({ engine: target.engine, version: target.version, now }));
  }

  get size(): number {
    return this.stores.size;
  }

  /** The store for a URL: a declared endpoint wins over every other route (an Amazon OpenSearch domain is an AWS host). */
  storeFor(url: string): SearchStore | undefined {
    const parsed = new URL(url);
    return this.stores.get(parsed.origin) ?? [...this.stores.entries()].find(([origin]) => new URL(origin).hostname === parsed.hostname)?.[1];
  }

  reset(): void {
    for (const store of this.stores.values()) store.reset();
  }

  /** Changes whenever one of the stores does. */
  stateKey(): string {
    return [...this.stores.values()].map((store) => store.stateKey()).join('\n');
  }

  /** Whether a store's answers may change with time alone (see SearchStore.changesWithTime). */
  changesWithTime(): boolean {
    return [...this.stores.values()].some((store) => store.changesWithTime());
  }

  /** Every store's documents: by index name with one endpoint, by `host/index` with several. */
  snapshot(): SearchSnapshot {
    if (this.stores.size === 1) return [...this.stores.values()][0]!.snapshot();
    const out: SearchSnapshot = {};
    for (const [origin, store] of this.stores) {
      for (const [index, documents] of Object.entries(store.snapshot())) out[`${new URL(origin).host}/${index}`] = documents;
    }
    return out;
  }
}

export function shapeOfSearch(request: SearchRequest): SearchCallShape {
  const url = new URL(request.url);
  const segments = url.pathname.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  const items = bulkSize(request);
  return { operation: operationOf(request.method.toUpperCase(), segments), input: { method: request.method, path: url.pathname, body: parsedBody(request.body) }, items };
}

/** `index`, `create`, `update`, `delete`, `get`, `_bulk`, `_search`, ... */
function operationOf(method: string, segments: string[]): string {
  const endpoint = segments.find((s) => s.startsWith('_'));
  if (endpoint === '_doc') return method === 'DELETE' ? 'delete' : method === 'GET' || method === 'HEAD' ? 'get' : 'index';
  if (endpoint === '_create') return 'create';
  if (endpoint === '_update') return 'update';
  return endpoint ?? (segments.length === 0 ? 'info' : `${method} index`);
}

function parsedBody(body: string | undefined): unknown {
  if (body === undefined || body === '') return undefined;
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  const parse = (line: string) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      return line;
    }
  };
  return lines.length === 1 ? parse(lines[0]!) : lines.map(parse);
}

/** A whole-request fault answered as the engine would: 429 rejected execution, 503 unavailable shards, or a reset connection. */
export function searchFault(fault: Extract<CallFault, { kind: 'error' }>['error'], store: SearchStore, input: { path: string; body?: unknown }): FetchAnswer {
  if (fault === 'network-reset') return { kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' };
  if (fault === 'timeout') return { kind: 'network-error', code: 'ETIMEDOUT', message: 'read ETIMEDOUT' };
  const index = input.path.split('/').filter((s) => s !== '' && !s.startsWith('_'))[0] ?? bulkIndex(input.body) ?? 'index';
  const error = fault === 'throttling' ? rejectedExecution() : unavailable(index);
  const probe = store.handle({ method: 'HEAD', url: 'http://search.invalid/', headers: {} });
  return { kind: 'response', status: error.status, headers: probe.headers, body: toJson(errorBody(error)) };
}

/** The index a `/_bulk` request without one in its path names first (its first action's `_index`). */
function bulkIndex(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  if (first === null || typeof first !== 'object') return undefined;
  const meta = Object.values(first as Record<string, unknown>)[0] as { _index?: unknown } | undefined;
  return typeof meta?._index === 'string' ? meta._index : undefined;
}

/** The `error.type` of an engine's error answer (`version_conflict_engine_exception`), as its clients name the error. */
export function searchErrorType(answer: FetchAnswer): string | undefined {
  if (answer.kind !== 'response' || answer.status < 400) return undefined;
  try {
    const body = JSON.parse(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body).toString('utf8')) as { error?: { type?: unknown } };
    return typeof body.error?.type === 'string' ? body.error.type : undefined;
  } catch {
    return undefined;
  }
}

/** Every value of a poison key among the request's leaves. */
export function carriesValues(input: unknown, values: string[]): boolean {
  return holdsValues(leafValues(input), values);
}

function originOf(endpoint: string): string {
  return new URL(endpoint).origin;
}
