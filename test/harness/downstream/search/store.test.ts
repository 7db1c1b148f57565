import { describe, expect, it } from 'vitest';
import { SearchStore } from '../../../../src/harness/downstream/search/index.js';

/**
 * The store against the engines' documented behaviour:
 * OpenSearch "Index document", "Get document", "Update document", "Delete document", "Bulk"
 * (https://opensearch.org/docs/latest/api-reference/document-apis/), Elasticsearch "Optimistic
 * concurrency control", "Index API" versioning, "Delete API" (index.gc_deletes).
 */
function store(engine: 'opensearch' | 'elasticsearch' = 'opensearch', version?: string) {
  let now = 1_700_000_000_000;
  const s = new SearchStore({ engine, version, now: () => now });
  const call = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = s.handle({ method, url: `https://search.example.com${url}`, headers: { 'content-type': 'application/json', ...headers }, body: text });
    return { status: response.status, headers: response.headers, body: response.body === '' ? undefined : JSON.parse(response.body), raw: response.body, unsupported: response.unsupported };
  };
  return { s, call, advance: (ms: number) => { now += ms; } };
}

const ndjson = (...lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

describe('index, create, get', () => {
  it('indexes with an id: 201 created, then 200 updated with the version and sequence number growing', () => {
    const { call } = store();
    const first = call('PUT', '/products/_doc/1', { name: 'a' });
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ _index: 'products', _id: '1', _version: 1, result: 'created', _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1 });
    const second = call('POST', '/products/_doc/1', { name: 'b' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ _version: 2, result: 'updated', _seq_no: 1 });
    expect(call('GET', '/products/_doc/1').body).toEqual({ _index: 'products', _id: '1', _version: 2, _seq_no: 1, _primary_term: 1, found: true, _source: { name: 'b' } });
  });

  it('generates an id for POST /{index}/_doc', () => {
    const { call } = store();
    const response = call('POST', '/products/_doc', { name: 'a' });
    expect(response.status).toBe(201);
    expect(response.body._id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(call('GET', `/products/_doc/${response.body._id}`).body.found).toBe(true);
  });

  it('_create and op_type=create answer 409 when the document exists', () => {
    const { call } = store();
    expect(call('PUT', '/products/_create/1', { a: 1 }).status).toBe(201);
    const conflict = call('PUT', '/products/_create/1', { a: 2 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.status).toBe(409);
    expect(conflict.body.error.type).toBe('version_conflict_engine_exception');
    expect(conflict.body.error.reason).toBe('[1]: version conflict, document already exists (current version [1])');
    expect(conflict.body.error.root_cause[0].type).toBe('version_conflict_engine_exception');
    expect(call('PUT', '/products/_doc/1?op_type=create', { a: 3 }).status).toBe(409);
    expect(call('GET', '/products/_doc/1').body._source).toEqual({ a: 1 });
  });

  it('get of a missing document is 404 found:false; of a missing index, index_not_found_exception', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    expect(call('GET', '/products/_doc/2')).toMatchObject({ status: 404, body: { _index: 'products', _id: '2', found: false } });
    const missing = call('GET', '/nothing/_doc/1');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ type: 'index_not_found_exception', reason: 'no such index [nothing]' });
  });

  it('HEAD answers 200 or 404 with no body', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    expect(call('HEAD', '/products/_doc/1')).toMatchObject({ status: 200, raw: '' });
    expect(call('HEAD', '/products/_doc/2')).toMatchObject({ status: 404, raw: '' });
    expect(call('HEAD', '/products').status).toBe(200);
    expect(call('HEAD', '/other').status).toBe(404);
  });

  it('_mget returns each document or found:false in order', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    const response = call('POST', '/products/_mget', { ids: ['1', '2'] });
    expect(response.body.docs.map((d: { found: boolean }) => d.found)).toEqual([true, false]);
    const mixed = call('POST', '/_mget', { docs: [{ _index: 'products', _id: '1' }, { _index: 'nothing', _id: '1' }] });
    expect(mixed.body.docs[1].error.type).toBe('index_not_found_exception');
  });

  it('creates indices automatically and rejects invalid names', () => {
    const { call } = store();
    const bad = call('PUT', '/Products/_doc/1', { a: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_index_name_exception', reason: 'Invalid index name [Products], must be lowercase' });
    expect(call('PUT', '/products', {}).body).toEqual({ acknowledged: true, shards_acknowledged: true, index: 'products' });
    expect(call('PUT', '/products', {}).body.error.type).toBe('resource_already_exists_exception');
  });

  it('accepts refresh and reports forced_refresh for refresh=true', () => {
    const { call } = store();
    expect(call('PUT', '/products/_doc/1?refresh=true', { a: 1 }).body.forced_refresh).toBe(true);
    expect(call('PUT', '/products/_doc/1?refresh=wait_for', { a: 1 }).body.forced_refresh).toBeUndefined();
    expect(call('PUT', '/products/_doc/1?refresh=soon', { a: 1 }).status).toBe(400);
  });
});

describe('update', () => {
  it('merges doc into the source (objects recursively, arrays replaced)', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { name: 'a', tags: ['x', 'y'], dims: { w: 1, h: 2 } });
    const response = call('POST', '/products/_update/1', { doc: { tags: ['z'], dims: { h: 3 } } });
    expect(response.body).toMatchObject({ result: 'updated', _version: 2 });
    expect(call('GET', '/products/_doc/1').body._source).toEqual({ name: 'a', tags: ['z'], dims: { w: 1, h: 3 } });
  });

  it('is a noop when nothing changes', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { name: 'a' });
    const response = call('POST', '/products/_update/1', { doc: { name: 'a' } });
    expect(response.body).toMatchObject({ result: 'noop', _version: 1, _shards: { total: 0, successful: 0, failed: 0 } });
  });

  it('answers 404 document_missing_exception without doc_as_upsert or upsert', () => {
    const { call } = store();
    const response = call('POST', '/products/_update/1', { doc: { name: 'a' } });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ type: 'document_missing_exception', reason: '[1]: document missing', index: 'products', shard: '0' });
  });

  it('creates the document with doc_as_upsert or upsert', () => {
    const { call } = store();
    expect(call('POST', '/products/_update/1', { doc: { name: 'a' }, doc_as_upsert: true })).toMatchObject({ status: 201, body: { result: 'created' } });
    expect(call('POST', '/products/_update/2', { doc: { name: 'b' }, upsert: { name: 'u' } }).status).toBe(201);
    expect(call('GET', '/products/_doc/2').body._source).toEqual({ name: 'u' });
  });

  it('refuses versions: updates use if_seq_no and if_primary_term', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    const response = call('POST', '/products/_update/1?version=3&version_type=external', { doc: { a: 2 } });
    expect(response.status).toBe(400);
    expect(response.body.error.type).toBe('action_request_validation_exception');
  });
});

describe('delete', () => {
  it('deletes (200 deleted), then answers 404 with result not_found', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    expect(call('DELETE', '/products/_doc/1')).toMatchObject({ status: 200, body: { result: 'deleted', _version: 2 } });
    expect(call('DELETE', '/products/_doc/1')).toMatchObject({ status: 404, body: { result: 'not_found', _version: 3 } });
    expect(call('GET', '/products/_doc/1').body.found).toBe(false);
  });

  it('does not create an index (internal versioning)', () => {
    const { call } = store();
    expect(call('DELETE', '/nothing/_doc/1').body.error.type).toBe('index_not_found_exception');
  });
});

describe('optimistic concurrency control', () => {
  it('if_seq_no + if_primary_term: a write with the current pair succeeds, a stale one gets 409', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    call('PUT', '/products/_doc/1', { a: 2 });
    const stale = call('PUT', '/products/_doc/1?if_seq_no=0&if_primary_term=1', { a: 3 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.reason).toBe('[1]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]');
    expect(call('PUT', '/products/_doc/1?if_seq_no=1&if_primary_term=1', { a: 3 }).status).toBe(200);
    expect(call('PUT', '/products/_doc/9?if_seq_no=0&if_primary_term=1', { a: 3 }).body.error.reason).toContain('but no document was found');
  });

  it('version_type=external: strictly greater wins; equal or lower is 409', () => {
    const { call } = store();
    expect(call('PUT', '/products/_doc/1?version=5&version_type=external', { a: 1 }).body._version).toBe(5);
    const equal = call('PUT', '/products/_doc/1?version=5&version_type=external', { a: 2 });
    expect(equal.status).toBe(409);
    expect(equal.body.error.reason).toBe('[1]: version conflict, current version [5] is higher or equal to the one provided [5]');
    expect(call('PUT', '/products/_doc/1?version=9&version_type=external', { a: 3 }).body._version).toBe(9);
  });

  it('version_type=external_gte accepts an equal version and refuses a lower one', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1?version=5&version_type=external_gte', { a: 1 });
    expect(call('PUT', '/products/_doc/1?version=5&version_type=external_gte', { a: 2 }).status).toBe(200);
    const lower = call('PUT', '/products/_doc/1?version=4&version_type=external_gte', { a: 3 });
    expect(lower.body.error.reason).toBe('[1]: version conflict, current version [5] is higher than the one provided [4]');
  });

  it('internal versioning with a version is refused, as are negative external versions', () => {
    const { call } = store();
    const internal = call('PUT', '/products/_doc/1?version=2', { a: 1 });
    expect(internal.status).toBe(400);
    expect(internal.body.error.reason).toContain('internal versioning can not be used for optimistic concurrency control');
    expect(call('PUT', '/products/_doc/1?version=-1&version_type=external', { a: 1 }).body.error.reason).toContain('illegal version value [-1] for version type [EXTERNAL]');
    expect(call('PUT', '/products/_doc/1?version_type=external', { a: 1 }).body.error.reason).toContain('illegal version value [-3]');
  });

  it('the largest long is a valid version; one more, or a DynamoDB sequence number, is rejected with 400', () => {
    const { call } = store();
    expect(call('PUT', '/products/_doc/1?version=9223372036854775807&version_type=external', { a: 1 }).raw).toContain('"_version":9223372036854775807');
    for (const version of ['9223372036854775808', '400000000017653466612', '4000000000000000000000000000000000012345']) {
      const response = call('PUT', `/products/_doc/2?version=${version}&version_type=external`, { a: 1 });
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ type: 'illegal_argument_exception', reason: `Failed to parse long parameter [version] with value [${version}]` });
      expect(response.body.error.caused_by.type).toBe('number_format_exception');
    }
    expect(call('GET', '/products/_doc/2').status).toBe(404);
  });
});

describe('delete tombstones (index.gc_deletes)', () => {
  it('a stale external write after a delete is refused within gc_deletes and re-creates the document after it', () => {
    const { call, advance } = store();
    call('PUT', '/products/_doc/1?version=10&version_type=external', { a: 1 });
    expect(call('DELETE', '/products/_doc/1?version=11&version_type=external').body).toMatchObject({ result: 'deleted', _version: 11 });
    advance(59_000);
    expect(call('PUT', '/products/_doc/1?version=10&version_type=external', { a: 'stale' }).status).toBe(409);
    advance(1_000);
    expect(call('PUT', '/products/_doc/1?version=10&version_type=external', { a: 'stale' }).status).toBe(201);
    expect(call('GET', '/products/_doc/1').body._source).toEqual({ a: 'stale' });
  });

  it('internal versions continue from the tombstone within the window and restart after it', () => {
    const { call, advance } = store();
    call('PUT', '/products/_doc/1', { a: 1 });
    call('DELETE', '/products/_doc/1');
    expect(call('PUT', '/products/_doc/1', { a: 2 }).body._version).toBe(3);
    call('DELETE', '/products/_doc/1');
    advance(60_000);
    expect(call('PUT', '/products/_doc/1', { a: 3 }).body._version).toBe(1);
  });

  it('index.gc_deletes is read from the index settings', () => {
    const { call, advance } = store();
    call('PUT', '/products', { settings: { index: { gc_deletes: '5s' } } });
    call('PUT', '/products/_doc/1?version=2&version_type=external', { a: 1 });
    call('DELETE', '/products/_doc/1?version=3&version_type=external');
    advance(5_000);
    expect(call('PUT', '/products/_doc/1?version=1&version_type=external', { a: 'stale' }).status).toBe(201);
  });
});

describe('_bulk', () => {
  it('runs items in order, each on its own, with errors: true when one failed', () => {
    const { call } = store();
    const body = ndjson(
      { index: { _index: 'products', _id: '1' } }, { a: 1 },
      { create: { _index: 'products', _id: '1' } }, { a: 2 },
      { update: { _index: 'products', _id: '2' } }, { doc: { a: 3 } },
      { update: { _index: 'products', _id: '1' } }, { doc: { b: 4 } },
      { delete: { _index: 'products', _id: '3' } },
      { delete: { _index: 'products', _id: '1' } },
    );
    const response = call('POST', '/_bulk', body, { 'content-type': 'application/x-ndjson' });
    expect(response.status).toBe(200);
    expect(response.body.errors).toBe(true);
    const items = response.body.items as Record<string, { status: number; result?: string; error?: { type: string } }>[];
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['index', 'create', 'update', 'update', 'delete', 'delete']);
    expect(items.map((i) => Object.values(i)[0]!.status)).toEqual([201, 409, 404, 200, 404, 200]);
    expect(items[1]!.create!.error!.type).toBe('version_conflict_engine_exception');
    expect(items[2]!.update!.error!.type).toBe('document_missing_exception');
    expect(items[4]!.delete!.result).toBe('not_found');
    expect(items[4]!.delete!.error).toBeUndefined();
  });

  it('errors stays false when every item succeeded (a not_found delete is not an error)', () => {
    const { call } = store();
    call('PUT', '/products/_doc/9', { a: 1 });
    const response = call('POST', '/products/_bulk', ndjson({ index: { _id: '1' } }, { a: 1 }, { delete: { _id: '2' } }));
    expect(response.body.errors).toBe(false);
    expect(response.body.items[0].index._index).toBe('products');
  });

  it('external versions in bulk metadata, and a version that is not a long rejects the whole request', () => {
    const { call } = store();
    const ok = call('POST', '/_bulk', ndjson({ index: { _index: 'p', _id: '1', version: 7, version_type: 'external' } }, { a: 1 }, { index: { _index: 'p', _id: '1', version: 7, version_type: 'external' } }, { a: 2 }));
    expect(ok.body.items.map((i: { index: { status: number } }) => i.index.status)).toEqual([201, 409]);
    const body = `{"index":{"_index":"p","_id":"2","version":400000000017653466612,"version_type":"external"}}\n{"a":1}\n`;
    const rejected = call('POST', '/_bulk', body);
    expect(rejected.status).toBe(400);
    expect(rejected.body.error.reason).toBe('Value [400000000017653466612] is out of range for a long');
    expect(call('GET', '/p/_doc/2').status).toBe(404);
  });

  it('keeps numbers in document sources as numbers (only metadata versions are read as longs)', () => {
    const { call } = store();
    call('POST', '/_bulk', ndjson({ index: { _index: 'p', _id: '1' } }, { version: 3, if_seq_no: 1 }));
    expect(call('GET', '/p/_doc/1').body._source).toEqual({ version: 3, if_seq_no: 1 });
  });

  it('rejects a body without the final newline and a malformed action', () => {
    const { call } = store();
    expect(call('POST', '/_bulk', '{"index":{"_index":"p","_id":"1"}}\n{"a":1}').body.error.reason).toBe('The bulk request must be terminated by a newline [\\n]');
    expect(call('POST', '/_bulk', ndjson({ upsert: { _index: 'p' } }, { a: 1 })).body.error.type).toBe('illegal_argument_exception');
    expect(call('POST', '/_bulk', ndjson({ delete: { _id: '1' } })).body.error.reason).toBe('Validation Failed: 1: index is missing;');
  });

  it('injected rejections fail their items with 429 es_rejected_execution_exception, unapplied', () => {
    const { s } = store();
    const response = s.handle({ method: 'POST', url: 'http://x/_bulk', headers: {}, body: ndjson({ index: { _index: 'p', _id: '1' } }, { a: 1 }, { index: { _index: 'p', _id: '2' } }, { a: 2 }) }, { rejectItems: new Set([1]) });
    const body = JSON.parse(response.body);
    expect(body.errors).toBe(true);
    expect(body.items[1].index).toMatchObject({ status: 429, error: { type: 'es_rejected_execution_exception' } });
    expect(Object.keys(s.snapshot().p!)).toEqual(['1']);
  });
});

describe('_search and _count', () => {
  it('match_all and term', () => {
    const { call } = store();
    call('PUT', '/products/_doc/1', { color: 'red', n: 1 });
    call('PUT', '/products/_doc/2', { color: 'blue', n: 2 });
    expect(call('POST', '/products/_search', { query: { match_all: {} } }).body.hits.total).toEqual({ value: 2, relation: 'eq' });
    const red = call('POST', '/products/_search', { query: { term: { 'color.keyword': 'red' } } });
    expect(red.body.hits.hits.map((h: { _id: string }) => h._id)).toEqual(['1']);
    expect(call('POST', '/products/_count', { query: { term: { n: { value: 2 } } } }).body.count).toBe(1);
    expect(call('GET', '/products/_count').body.count).toBe(2);
  });
});

describe('engines', () => {
  it('Elasticsearch 8 sends the product header and no _type', () => {
    const { call } = store('elasticsearch');
    const response = call('PUT', '/products/_doc/1', { a: 1 }, { accept: 'application/vnd.elasticsearch+json; compatible-with=8' });
    expect(response.headers['x-elastic-product']).toBe('Elasticsearch');
    expect(response.headers['content-type']).toContain('application/vnd.elasticsearch+json');
    expect(response.body._type).toBeUndefined();
    expect(call('GET', '/').body.version.number).toBe('8.11.0');
  });

  it('Elasticsearch 7 and OpenSearch 1 report _type: _doc; OpenSearch 2 does not', () => {
    expect(store('elasticsearch', '7.17.0').call('PUT', '/p/_doc/1', { a: 1 }).body._type).toBe('_doc');
    expect(store('opensearch', '1.3.0').call('PUT', '/p/_doc/1', { a: 1 }).body._type).toBe('_doc');
    const os = store('opensearch');
    expect(os.call('PUT', '/p/_doc/1', { a: 1 }).body._type).toBeUndefined();
    expect(os.call('GET', '/').body.version.distribution).toBe('opensearch');
  });

  it('flags an API it does not emulate', () => {
    expect(store().call('POST', '/products/_reindex', {}).unsupported).toBe('POST /products/_reindex');
  });
});

describe('snapshot and reset', () => {
  it('an id or a field named __proto__ is an id or a field like any other', () => {
    const { s, call } = store();
    call('PUT', '/a/_doc/__proto__', { x: 1 });
    call('POST', '/a/_update/__proto__', { doc: JSON.parse('{"__proto__":{"y":2}}') });
    const snapshot = s.snapshot();
    expect(Object.keys(snapshot.a!)).toEqual(['__proto__']);
    expect(JSON.stringify(snapshot.a!['__proto__']!.source)).toBe('{"x":1,"__proto__":{"y":2}}');
  });

  it('holds the source per index and id, and the version only under external versioning', () => {
    const { s, call } = store();
    call('PUT', '/a/_doc/2', { x: 1 });
    call('PUT', '/a/_doc/1?version=4&version_type=external', { x: 2 });
    expect(s.snapshot()).toEqual({ a: { 1: { source: { x: 2 }, version: '4' }, 2: { source: { x: 1 } } } });
    s.reset();
    expect(s.snapshot()).toEqual({});
  });
});
