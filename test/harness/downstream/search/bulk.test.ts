import { describe, expect, it } from 'vitest';
import { parseBulk, runBulk, type BulkItem } from '../../../../src/harness/downstream/search/bulk.js';
import { Cluster } from '../../../../src/harness/downstream/search/documents.js';
import { engineOf } from '../../../../src/harness/downstream/search/search-engine.js';
import { SearchFailure } from '../../../../src/harness/downstream/search/search-error.js';

/**
 * The bulk API's NDJSON body and response, as documented:
 * https://opensearch.org/docs/latest/api-reference/document-apis/bulk/ and
 * https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-bulk.html
 * (an action line, then a source line except for delete; the body ends with a newline; one result
 * per item, in order, with its own status and error; `errors: true` when any item failed).
 */
const ndjson = (...lines: unknown[]) => lines.map((line) => JSON.stringify(line)).join('\n') + '\n';

function refusal(body: string, defaultIndex?: string): { status: number; type: string; reason: string } {
  try {
    parseBulk(body, defaultIndex);
  } catch (err) {
    expect(err).toBeInstanceOf(SearchFailure);
    return (err as SearchFailure).error;
  }
  throw new Error('the bulk body was accepted');
}

describe('parseBulk', () => {
  it('reads action and source line pairs, delete without a source, the index from the path when the line has none', () => {
    const items = parseBulk(
      ndjson({ index: { _index: 'a', _id: '1' } }, { n: 1 }, { delete: { _id: '2' } }, { create: {} }, { n: 3 }, { update: { _id: 4 } }, { doc: { n: 4 } }),
      'orders',
    );
    expect(items.map(({ action, index, id, source }) => ({ action, index, id, source }))).toEqual([
      { action: 'index', index: 'a', id: '1', source: { n: 1 } },
      { action: 'delete', index: 'orders', id: '2', source: undefined },
      { action: 'create', index: 'orders', id: undefined, source: { n: 3 } },
      { action: 'update', index: 'orders', id: '4', source: { doc: { n: 4 } } },
    ]);
  });

  it('reads external versions in the metadata exactly, however long (up to the long range)', () => {
    const body = '{"index":{"_index":"a","_id":"1","version":9223372036854775807,"version_type":"external"}}\n{"version":12345678901234567890}\n';
    const [item] = parseBulk(body, undefined);
    expect(item!.guard).toEqual({ kind: 'external', version: 9223372036854775807n, gte: false });
    // only metadata numbers are kept as longs: the source is plain JSON
    expect(item!.source).toEqual({ version: 12345678901234567000 });
    const sequenceNumber = '{"index":{"_index":"a","_id":"1","version":400000000017653466612,"version_type":"external"}}\n{}\n';
    expect(refusal(sequenceNumber)).toEqual({ status: 400, type: 'illegal_argument_exception', reason: 'Value [400000000017653466612] is out of range for a long' });
  });

  it('rejects the whole request for a malformed body, naming the line', () => {
    expect(refusal('{"index":{"_index":"a"}}\n{}')).toMatchObject({ status: 400, reason: 'The bulk request must be terminated by a newline [\\n]' });
    expect(refusal(ndjson({ upsert: { _index: 'a' } }, {}))).toMatchObject({
      type: 'illegal_argument_exception',
      reason: 'Malformed action/metadata line [1], expected field [create], [delete], [index] or [update] but found [upsert]',
    });
    expect(refusal(ndjson({ index: {}, delete: {} }, {}), 'a').reason).toContain('Malformed action/metadata line [1]');
    expect(refusal(ndjson({ index: { _index: 'a' } }, [1]))).toMatchObject({ reason: 'Malformed action/metadata line [2], expected START_OBJECT but found [START_ARRAY]' });
    expect(refusal('{"delete":{"_index":"a","_id":"1"}}\n{oops\n')).toMatchObject({ status: 400, type: 'x_content_parse_exception', reason: expect.stringContaining('[2:1]') });
  });

  it('answers a body with no items, or an action missing its source, with "no requests added"', () => {
    expect(refusal('')).toEqual({ status: 400, type: 'action_request_validation_exception', reason: 'Validation Failed: 1: no requests added;' });
    expect(refusal(ndjson({ index: { _index: 'a' } })).reason).toBe('Validation Failed: 1: no requests added;');
  });

  it('lists every missing index and id, numbered, in one validation failure', () => {
    expect(refusal(ndjson({ delete: {} }, { index: {} }, {}))).toEqual({
      status: 400,
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: index is missing;2: id is missing;3: index is missing;',
    });
  });

  it('validates each item\'s concurrency parameters: create takes internal versioning only', () => {
    expect(refusal(ndjson({ create: { _index: 'a', _id: '1', version: 2, version_type: 'external' } }, {})).reason).toBe(
      'Validation Failed: 1: create operations only support internal versioning. use index instead;',
    );
  });
});

describe('runBulk', () => {
  const opensearch = engineOf('opensearch');
  const items = (body: string) => parseBulk(body, 'orders');

  it('runs every item in order, each on its own, with its own status; errors is true when one failed', () => {
    const cluster = new Cluster(() => 0);
    const result = runBulk(
      cluster,
      opensearch,
      items(ndjson({ index: { _id: '1' } }, { n: 1 }, { create: { _id: '1' } }, { n: 2 }, { index: { _id: '1' } }, { n: 3 }, { delete: { _id: '9' } })),
      new Set(),
      false,
    );
    expect(result.errors).toBe(true);
    expect(result.items.map((item) => Object.entries(item).map(([action, body]) => [action, (body as { status: number }).status])[0])).toEqual([
      ['index', 201],
      ['create', 409],
      ['index', 200],
      ['delete', 404],
    ]);
    expect(result.items[0]).toEqual({
      index: { _index: 'orders', _id: '1', _version: 1n, result: 'created', _shards: { total: 2, successful: 1, failed: 0 }, _seq_no: 0, _primary_term: 1, status: 201 },
    });
    expect(result.items[1]).toEqual({
      create: {
        _index: 'orders',
        _id: '1',
        status: 409,
        error: { type: 'version_conflict_engine_exception', reason: '[1]: version conflict, document already exists (current version [1])', index_uuid: expect.any(String), shard: '0', index: 'orders' },
      },
    });
    expect(cluster.get('orders', '1').document?.source).toEqual({ n: 3 });
  });

  it('a stale external version fails its item with 409 and leaves the document as it was', () => {
    const cluster = new Cluster(() => 0);
    const body = ndjson(
      { index: { _id: 'k', version: 5, version_type: 'external' } }, { v: 5 },
      { index: { _id: 'k', version: 4, version_type: 'external' } }, { v: 4 },
      { index: { _id: 'k', version: 5, version_type: 'external' } }, { v: 5 },
    );
    const result = runBulk(cluster, opensearch, items(body), new Set(), false);
    const statuses = result.items.map((item) => (item.index as { status: number; error?: { reason: string } }));
    expect(statuses.map((s) => s.status)).toEqual([201, 409, 409]);
    expect(statuses[1]!.error!.reason).toBe('[k]: version conflict, current version [5] is higher or equal to the one provided [4]');
    expect(cluster.get('orders', 'k').document).toMatchObject({ source: { v: 5 }, version: 5n });
  });

  it('errors stays false when every item succeeded, a delete of a missing document included', () => {
    const cluster = new Cluster(() => 0);
    cluster.ensure('orders');
    const result = runBulk(cluster, opensearch, items(ndjson({ delete: { _id: 'x' } })), new Set(), false);
    expect(result).toEqual({ errors: false, items: [{ delete: expect.objectContaining({ result: 'not_found', status: 404 }) }] });
  });

  it('fails the rejected positions with 429 es_rejected_execution_exception without applying them', () => {
    const cluster = new Cluster(() => 0);
    const result = runBulk(cluster, opensearch, items(ndjson({ index: { _id: 'a' } }, {}, { index: { _id: 'b' } }, {})), new Set([0]), true);
    expect(result.items[0]).toMatchObject({ index: { _id: 'a', status: 429, error: { type: 'es_rejected_execution_exception' } } });
    expect(result.items[1]).toMatchObject({ index: { _id: 'b', status: 201, forced_refresh: true } });
    expect([...cluster.get('orders', 'a').index.documents.keys()]).toEqual(['b']);
  });

  it('generates an id for index and create items without one, and reports _type on Elasticsearch 7', () => {
    const cluster = new Cluster(() => 0);
    const result = runBulk(cluster, engineOf('elasticsearch', '7.17.0'), items(ndjson({ index: {} }, { n: 1 })) as BulkItem[], new Set(), false);
    const item = result.items[0]!.index as { _id: string; _type: string };
    expect(item._id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(item._type).toBe('_doc');
    expect(cluster.get('orders', item._id).document?.source).toEqual({ n: 1 });
  });
});
