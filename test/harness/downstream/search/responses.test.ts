import { describe, expect, it } from 'vitest';
import type { WriteOutcome } from '../../../../src/harness/downstream/search/documents.js';
import { engineOf } from '../../../../src/harness/downstream/search/search-engine.js';
import { IndexState } from '../../../../src/harness/downstream/search/index-state.js';
import { toJson } from '../../../../src/harness/downstream/search/long-numbers.js';
import { getBody, withIndex, writeBody } from '../../../../src/harness/downstream/search/responses.js';

/**
 * Response bodies of the document APIs: index (docs-index_.html#docs-index-api-response-body:
 * `_index`, `_id`, `_version`, `result`, `_shards`, `_seq_no`, `_primary_term`), get
 * (docs-get.html#docs-get-api-response-body), and `_type: "_doc"` in Elasticsearch 7 and OpenSearch 1.
 */
const created: WriteOutcome = { status: 201, index: 'orders', id: 'a', version: 1n, result: 'created', seqNo: 0, primaryTerm: 1, noop: false };

describe('writeBody', () => {
  it('has the documented members, in the documented order', () => {
    expect(toJson(writeBody(engineOf('opensearch'), created, false))).toBe(
      '{"_index":"orders","_id":"a","_version":1,"result":"created","_shards":{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1}',
    );
  });

  it('adds forced_refresh for refresh=true, and reports a noop with no shard touched', () => {
    expect(writeBody(engineOf('opensearch'), created, true)).toMatchObject({ forced_refresh: true });
    const noop = writeBody(engineOf('opensearch'), { ...created, status: 200, result: 'noop', noop: true }, true);
    expect(noop).not.toHaveProperty('forced_refresh');
    expect(noop).toMatchObject({ result: 'noop', _shards: { total: 0, successful: 0, failed: 0 } });
  });

  it('reports _type: _doc only where the engine still has types', () => {
    expect(writeBody(engineOf('elasticsearch', '7.17.0'), created, false)).toMatchObject({ _index: 'orders', _type: '_doc' });
    expect(writeBody(engineOf('opensearch', '1.3'), created, false)).toHaveProperty('_type', '_doc');
    expect(writeBody(engineOf('elasticsearch'), created, false)).not.toHaveProperty('_type');
    expect(Object.keys(withIndex(engineOf('elasticsearch', '7'), 'i', { _id: 'x' }))).toEqual(['_index', '_type', '_id']);
  });
});

describe('getBody', () => {
  it('is found: false for a missing document, the source with its metadata for a stored one', () => {
    const index = new IndexState('orders', 'uuid');
    expect(getBody(engineOf('opensearch'), index, 'a', undefined)).toEqual({ _index: 'orders', _id: 'a', found: false });
    expect(getBody(engineOf('opensearch'), index, 'a', { source: { n: 1 }, version: 4n, seqNo: 7, external: true })).toEqual({
      _index: 'orders',
      _id: 'a',
      _version: 4n,
      _seq_no: 7,
      _primary_term: 1,
      found: true,
      _source: { n: 1 },
    });
  });
});
