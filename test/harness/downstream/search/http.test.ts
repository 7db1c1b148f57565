import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../../src/harness/downstream/search/http.js';

describe('routeOf', () => {
  it('decodes path segments, upper-cases the method, lower-cases header names, keeps the query', () => {
    const route = routeOf({ method: 'put', url: 'https://search.example.com/my%2Dindex/_doc/order%231?version=5&version_type=external', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(route.method).toBe('PUT');
    expect(route.segments).toEqual(['my-index', '_doc', 'order#1']);
    expect(Object.fromEntries(route.query)).toEqual({ version: '5', version_type: 'external' });
    expect(route.headers).toEqual({ 'content-type': 'application/json' });
    expect(route.body).toBe('{}');
  });

  it('reads a path without a host, the root, and a missing body as empty', () => {
    expect(routeOf({ method: 'POST', url: '/_bulk?refresh=true', headers: {} })).toMatchObject({ segments: ['_bulk'], body: '' });
    expect(routeOf({ method: 'GET', url: 'http://localhost:9200/', headers: {} }).segments).toEqual([]);
    expect(routeOf({ method: 'GET', url: 'http://localhost:9200//orders//_doc/1', headers: {} }).segments).toEqual(['orders', '_doc', '1']);
  });
});
