import { describe, expect, it } from 'vitest';
import type { Concurrency } from '../../../../src/harness/downstream/search/concurrency.js';
import { Cluster } from '../../../../src/harness/downstream/search/documents.js';
import { SearchFailure, type SearchError } from '../../../../src/harness/downstream/search/search-error.js';

/**
 * Write semantics of the document APIs: index (docs-index_.html, including "Versioning"), delete
 * (docs-delete.html: tombstones kept for index.gc_deletes), update (docs-update.html: doc merge,
 * detect_noop, upserts), optimistic-concurrency-control.html.
 */
const none: Concurrency = { kind: 'none' };
const external = (version: bigint, gte = false): Concurrency => ({ kind: 'external', version, gte });

function cluster() {
  let now = 1_700_000_000_000;
  return { c: new Cluster(() => now), advance: (ms: number) => void (now += ms) };
}

function refusal(run: () => unknown): SearchError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(SearchFailure);
    return (err as SearchFailure).error;
  }
  throw new Error('accepted');
}

describe('index and create', () => {
  it('creates (201 created, version 1), then replaces (200 updated), sequence numbers growing per index', () => {
    const { c } = cluster();
    expect(c.index('orders', 'a', { n: 1 }, 'index', none)).toMatchObject({ status: 201, result: 'created', version: 1n, seqNo: 0, primaryTerm: 1 });
    expect(c.index('orders', 'a', { n: 2 }, 'index', none)).toMatchObject({ status: 200, result: 'updated', version: 2n, seqNo: 1 });
    expect(c.index('audit', 'a', { n: 1 }, 'index', none)).toMatchObject({ seqNo: 0 });
    expect(c.get('orders', 'a').document?.source).toEqual({ n: 2 });
  });

  it('refuses create over an existing document with 409, naming its version', () => {
    const { c } = cluster();
    c.index('orders', 'a', {}, 'index', none);
    expect(refusal(() => c.index('orders', 'a', {}, 'create', none))).toMatchObject({
      status: 409,
      type: 'version_conflict_engine_exception',
      reason: '[a]: version conflict, document already exists (current version [1])',
      extra: { shard: '0', index: 'orders' },
    });
  });

  it('external: a strictly greater version wins and becomes the version; equal or lower is 409', () => {
    const { c } = cluster();
    expect(c.index('orders', 'a', { v: 5 }, 'index', external(5n))).toMatchObject({ status: 201, version: 5n });
    expect(refusal(() => c.index('orders', 'a', { v: 5 }, 'index', external(5n))).reason).toBe('[a]: version conflict, current version [5] is higher or equal to the one provided [5]');
    expect(refusal(() => c.index('orders', 'a', { v: 4 }, 'index', external(4n))).status).toBe(409);
    expect(c.index('orders', 'a', { v: 9 }, 'index', external(9n))).toMatchObject({ status: 200, version: 9n });
    expect(c.get('orders', 'a').document).toMatchObject({ source: { v: 9 }, version: 9n, external: true });
  });

  it('external_gte: an equal version wins, a lower one is 409', () => {
    const { c } = cluster();
    c.index('orders', 'a', {}, 'index', external(5n, true));
    expect(c.index('orders', 'a', {}, 'index', external(5n, true)).status).toBe(200);
    expect(refusal(() => c.index('orders', 'a', {}, 'index', external(4n, true))).reason).toBe('[a]: version conflict, current version [5] is higher than the one provided [4]');
  });

  it('if_seq_no + if_primary_term: only the current pair writes', () => {
    const { c } = cluster();
    c.index('orders', 'a', {}, 'index', none);
    c.index('orders', 'b', {}, 'index', none);
    expect(refusal(() => c.index('orders', 'a', {}, 'index', { kind: 'seq', seqNo: 1n, primaryTerm: 1n })).reason).toBe(
      '[a]: version conflict, required seqNo [1], primary term [1]. current document has seqNo [0] and primary term [1]',
    );
    expect(refusal(() => c.index('orders', 'z', {}, 'index', { kind: 'seq', seqNo: 0n, primaryTerm: 1n })).reason).toContain('but no document was found');
    expect(c.index('orders', 'a', {}, 'index', { kind: 'seq', seqNo: 0n, primaryTerm: 1n }).seqNo).toBe(2);
  });

  it('refuses an id over 512 bytes and an invalid index name', () => {
    const { c } = cluster();
    expect(refusal(() => c.index('orders', 'é'.repeat(257), {}, 'index', none)).reason).toBe(
      `Validation Failed: 1: id [${'é'.repeat(257)}] is too long, must be no longer than 512 bytes but was: 514;`,
    );
    expect(refusal(() => c.index('Orders', 'a', {}, 'index', none)).type).toBe('invalid_index_name_exception');
    expect(c.indices.size).toBe(0);
  });

  it('generates 20-character URL-safe ids, the same sequence after reset', () => {
    const { c } = cluster();
    const ids = [c.autoId(), c.autoId(), c.autoId()];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(new Set(ids).size).toBe(3);
    c.reset();
    expect(c.autoId()).toBe(ids[0]);
  });
});

describe('delete and tombstones (index.gc_deletes)', () => {
  it('deletes (200 deleted), answers a missing document 404 not_found, and needs the index unless external', () => {
    const { c } = cluster();
    c.index('orders', 'a', {}, 'index', none);
    expect(c.delete('orders', 'a', none)).toMatchObject({ status: 200, result: 'deleted', version: 2n });
    expect(c.delete('orders', 'b', none)).toMatchObject({ status: 404, result: 'not_found', version: 1n });
    expect(refusal(() => c.delete('nothing', 'a', none))).toMatchObject({ status: 404, type: 'index_not_found_exception', reason: 'no such index [nothing]' });
    expect(c.delete('created-by-delete', 'a', external(3n))).toMatchObject({ status: 404, result: 'not_found', version: 3n });
    expect(c.indices.has('created-by-delete')).toBe(true);
  });

  it('refuses a stale external write within gc_deletes of the delete, and forgets the delete after it', () => {
    const { c, advance } = cluster();
    c.index('orders', 'a', { v: 10 }, 'index', external(10n));
    c.delete('orders', 'a', external(11n));
    advance(59_999);
    expect(refusal(() => c.index('orders', 'a', { v: 10 }, 'index', external(10n))).reason).toBe('[a]: version conflict, current version [11] is higher or equal to the one provided [10]');
    advance(1);
    expect(c.index('orders', 'a', { v: 10 }, 'index', external(10n))).toMatchObject({ status: 201, version: 10n });
  });

  it('continues internal versions from the tombstone', () => {
    const { c } = cluster();
    c.index('orders', 'a', {}, 'index', none);
    c.delete('orders', 'a', none);
    expect(c.index('orders', 'a', {}, 'index', none)).toMatchObject({ status: 201, version: 3n });
  });
});

describe('update', () => {
  it('merges doc into the source and bumps the version; a change-free doc is a noop', () => {
    const { c } = cluster();
    c.index('orders', 'a', { n: 1, tags: ['x'], address: { city: 'Oslo', zip: '0150' } }, 'index', none);
    const updated = c.update('orders', 'a', { doc: { tags: ['y'], address: { city: 'Bergen' } } }, none);
    expect(updated).toMatchObject({ status: 200, result: 'updated', version: 2n, seqNo: 1, noop: false });
    expect(updated.source).toEqual({ n: 1, tags: ['y'], address: { city: 'Bergen', zip: '0150' } });
    expect(c.update('orders', 'a', { doc: { n: 1 } }, none)).toMatchObject({ result: 'noop', version: 2n, seqNo: 1, noop: true });
    expect(c.update('orders', 'a', { doc: { n: 1 }, detect_noop: false }, none)).toMatchObject({ result: 'updated', version: 3n });
  });

  it('answers a missing document 404 document_missing_exception, unless upsert or doc_as_upsert', () => {
    const { c } = cluster();
    expect(refusal(() => c.update('orders', 'a', { doc: { n: 1 } }, none))).toMatchObject({ status: 404, type: 'document_missing_exception', reason: '[a]: document missing' });
    expect(c.update('orders', 'a', { doc: { n: 1 }, upsert: { n: 0 } }, none)).toMatchObject({ status: 201, result: 'created', source: { n: 0 } });
    expect(c.update('orders', 'b', { doc: { n: 1 }, doc_as_upsert: true }, none)).toMatchObject({ status: 201, source: { n: 1 } });
    expect(refusal(() => c.update('orders', 'c', { doc: { n: 1 }, upsert: {} }, { kind: 'seq', seqNo: 0n, primaryTerm: 1n })).type).toBe('document_missing_exception');
  });

  it('refuses scripts and a body without doc', () => {
    const { c } = cluster();
    expect(refusal(() => c.update('orders', 'a', { script: { source: 'ctx._source.n++' } }, none)).reason).toContain('does not run scripts');
    expect(refusal(() => c.update('orders', 'a', {}, none)).reason).toBe('Validation Failed: 1: script or doc is missing;');
  });
});
