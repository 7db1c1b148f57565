import { describe, expect, it } from 'vitest';
import { carriesValues, SearchTargets, searchFault, shapeOfSearch } from '../../../src/harness/downstream/search-targets.js';

const now = () => 1_700_000_000_000;
const orders = 'https://search-orders-abc.us-east-1.es.amazonaws.com';
const local = 'http://localhost:9200';

const put = (targets: SearchTargets, url: string, body = '{"a":1}') =>
  targets.storeFor(url)!.handle({ method: 'PUT', url, headers: { 'content-type': 'application/json' }, body });

describe('SearchTargets', () => {
  it('keeps one store per declared endpoint, reached by origin or by host name', () => {
    const targets = new SearchTargets([{ endpoint: `${orders}/`, engine: 'opensearch' }, { endpoint: local, engine: 'elasticsearch', version: '7.17.0' }], now);
    expect(targets.size).toBe(2);
    expect(targets.storeFor(`${orders}/orders/_doc/1`)).toBe(targets.storeFor(`${orders}:443/x`));
    expect(targets.storeFor('http://localhost:9201/x')).toBe(targets.storeFor(`${local}/x`));
    expect(targets.storeFor(`${orders}/x`)).not.toBe(targets.storeFor(`${local}/x`));
    expect(targets.storeFor('https://other.example.com/x')).toBeUndefined();
  });

  it('snapshots by index name with one endpoint, by host/index with several; reset empties them all', () => {
    const one = new SearchTargets([{ endpoint: orders, engine: 'opensearch' }], now);
    put(one, `${orders}/orders/_doc/1`);
    expect(one.snapshot()).toEqual({ orders: { 1: { source: { a: 1 } } } });
    const two = new SearchTargets([{ endpoint: orders, engine: 'opensearch' }, { endpoint: local, engine: 'elasticsearch' }], now);
    put(two, `${orders}/orders/_doc/1`);
    put(two, `${local}/orders/_doc/2`);
    expect(two.snapshot()).toEqual({
      'search-orders-abc.us-east-1.es.amazonaws.com/orders': { 1: { source: { a: 1 } } },
      'localhost:9200/orders': { 2: { source: { a: 1 } } },
    });
    two.reset();
    expect(two.snapshot()).toEqual({});
  });
});

describe('shapeOfSearch', () => {
  const shape = (method: string, path: string, body?: string) => shapeOfSearch({ method, url: `${orders}${path}`, headers: {}, body });

  it('names the operation as the engines\' APIs do', () => {
    expect(
      [
        shape('PUT', '/orders/_doc/1'),
        shape('POST', '/orders/_doc'),
        shape('GET', '/orders/_doc/1'),
        shape('DELETE', '/orders/_doc/1'),
        shape('PUT', '/orders/_create/1'),
        shape('POST', '/orders/_update/1'),
        shape('POST', '/orders/_search'),
        shape('GET', '/'),
        shape('PUT', '/orders'),
      ].map((s) => s.operation),
    ).toEqual(['index', 'index', 'get', 'delete', 'create', 'update', '_search', 'info', 'PUT index']);
  });

  it('parses a JSON body, and a bulk body line by line, counting its items', () => {
    expect(shape('PUT', '/orders/_doc/1', '{"a":1}')).toEqual({ operation: 'index', input: { method: 'PUT', path: '/orders/_doc/1', body: { a: 1 } }, items: 0 });
    const bulk = shape('POST', '/_bulk', '{"index":{"_index":"o","_id":"1"}}\n{"a":1}\n{"delete":{"_index":"o","_id":"2"}}\n');
    expect(bulk.items).toBe(2);
    expect(bulk.input.body).toEqual([{ index: { _index: 'o', _id: '1' } }, { a: 1 }, { delete: { _index: 'o', _id: '2' } }]);
    expect(shape('POST', '/_bulk', 'not json\n').input.body).toBe('not json');
  });
});

describe('searchFault', () => {
  it('throttles with 429 es_rejected_execution_exception and fails with 503 for the index, in the engine\'s headers', () => {
    const targets = new SearchTargets([{ endpoint: local, engine: 'elasticsearch' }], now);
    const store = targets.storeFor(local)!;
    const throttled = searchFault('throttling', store, { path: '/orders/_doc/1' });
    expect(throttled).toMatchObject({ kind: 'response', status: 429, headers: { 'x-elastic-product': 'Elasticsearch' } });
    expect(JSON.parse(String((throttled as { body: string }).body))).toMatchObject({ status: 429, error: { type: 'es_rejected_execution_exception' } });
    const unavailable = searchFault('server-error', store, { path: '/orders/_bulk' });
    expect(JSON.parse(String((unavailable as { body: string }).body)).error.reason).toMatch(/^\[orders\]\[0\] primary shard is not active/);
    // a /_bulk names its index in its first action, not in its path
    const bulk = { path: '/_bulk', body: [{ index: { _index: 'products', _id: 'a' } }, { name: 'x' }] };
    expect(JSON.parse(String((searchFault('server-error', store, bulk) as { body: string }).body)).error.reason).toMatch(/^\[products\]\[0\] primary shard is not active/);
    expect(JSON.parse(String((searchFault('server-error', store, { path: '/_bulk' }) as { body: string }).body)).error.reason).toMatch(/^\[index\]\[0\]/);
  });

  it('drops the connection for a reset and a timeout, writing nothing', () => {
    const targets = new SearchTargets([{ endpoint: local, engine: 'opensearch' }], now);
    expect(searchFault('network-reset', targets.storeFor(local)!, { path: '/o' })).toEqual({ kind: 'network-error', code: 'ECONNRESET', message: 'read ECONNRESET' });
    expect(searchFault('timeout', targets.storeFor(local)!, { path: '/o' })).toEqual({ kind: 'network-error', code: 'ETIMEDOUT', message: 'read ETIMEDOUT' });
    expect(targets.snapshot()).toEqual({});
  });
});

describe('carriesValues', () => {
  it('is true when every poison value is one of the request\'s leaves', () => {
    const input = { path: '/orders/_doc/o-9', body: [{ index: { _id: 'o-9' } }, { orderId: 'o-9', sku: 'x' }] };
    expect(carriesValues(input, ['o-9'])).toBe(true);
    expect(carriesValues(input, ['o-9', 'x'])).toBe(true);
    expect(carriesValues(input, ['o-9', 'y'])).toBe(false);
    expect(carriesValues(input, ['o-'])).toBe(false);
  });
});
