import { describe, expect, it } from 'vitest';
import { Downstream } from '../../../src/harness/downstream/downstream.js';
import { SearchTargets } from '../../../src/harness/downstream/search-targets.js';
import type { FaultSchedule } from '../../../src/harness/faults.js';
import type { FetchAnswer } from '../../../src/harness/protocol.js';

const endpoint = 'https://search-orders-abc.us-east-1.es.amazonaws.com';

function downstream(schedule?: Partial<FaultSchedule>) {
  let at = 1_700_000_000_000;
  const search = new SearchTargets([{ endpoint, engine: 'opensearch' }], () => at);
  const d = new Downstream({ dynamodb: undefined, http: {}, search });
  d.beginRun({ calls: [], invocations: [], reorder: false, seed: 0, ...schedule });
  d.beginInvocation(0, at);
  const send = (method: string, path: string, body?: string) => d.fetch({ method, url: `${endpoint}${path}`, headers: { 'content-type': 'application/json' }, body });
  return { d, search, send, next: (ms: number) => (d.invocationEnded(), d.beginInvocation(1, (at += ms))) };
}

const json = (answer: FetchAnswer) => (answer.kind === 'response' ? JSON.parse(String(answer.body)) : undefined);
const bulk = (...ids: string[]) => ids.map((id) => `{"index":{"_index":"orders","_id":"${id}"}}\n{"orderId":"${id}"}\n`).join('');

describe('search endpoints in the downstream', () => {
  it('a declared endpoint is answered by the store, even on an AWS host, and its documents are state', async () => {
    const { d, send } = downstream();
    const answer = await send('PUT', '/orders/_doc/o-1', '{"orderId":"o-1"}');
    expect(answer).toMatchObject({ kind: 'response', status: 201 });
    expect(d.searchSnapshot()).toEqual({ orders: { 'o-1': { source: { orderId: 'o-1' } } } });
    expect(d.calls).toMatchObject([{ service: 'search', operation: 'index', statusCode: 201, outcome: 'ok', input: { path: '/orders/_doc/o-1', body: { orderId: 'o-1' } } }]);
    expect([...d.problems]).toEqual([]);
  });

  it('an undeclared search host is refused with a message naming downstream.search', async () => {
    const d = new Downstream({ dynamodb: undefined, http: {} });
    d.beginRun();
    const answer = await d.fetch({ method: 'POST', url: 'https://search-x.eu-west-1.es.amazonaws.com/_bulk', headers: {}, body: '' });
    expect(answer.kind).toBe('refused');
    expect([...d.problems][0]).toContain('add { "endpoint": "https://search-x.eu-west-1.es.amazonaws.com", "engine": "opensearch" } (or "elasticsearch") to downstream.search');
  });

  it('throttling answers 429 es_rejected_execution_exception; a server error 503; the client retry is the same call', async () => {
    const { d, send } = downstream({ calls: [{ kind: 'error', call: 0, error: 'server-error', attempts: 1 }, { kind: 'error', call: 1, error: 'throttling', attempts: 1 }] });
    const first = await send('PUT', '/orders/_doc/o-1', '{"orderId":"o-1"}');
    expect(first).toMatchObject({ status: 503 });
    expect(json(first).error.type).toBe('unavailable_shards_exception');
    expect(await send('PUT', '/orders/_doc/o-1', '{"orderId":"o-1"}')).toMatchObject({ status: 201 });
    const throttled = await send('PUT', '/orders/_doc/o-2', '{"orderId":"o-2"}');
    expect(json(throttled)).toMatchObject({ status: 429, error: { type: 'es_rejected_execution_exception' } });
    expect(d.calls.map((c) => [c.call, c.attempt, c.outcome, c.error, c.fault])).toEqual([
      [0, 1, 'error', 'unavailable_shards_exception', 'server-error'], [0, 2, 'ok', undefined, undefined], [1, 1, 'error', 'es_rejected_execution_exception', 'throttling'],
    ]);
    expect(Object.keys(d.searchSnapshot().orders!)).toEqual(['o-1']);
  });

  it('a connection reset is a network error and writes nothing', async () => {
    const { d, send } = downstream({ calls: [{ kind: 'error', call: 0, error: 'network-reset', attempts: 99 }] });
    expect(await send('PUT', '/orders/_doc/o-1', '{}')).toMatchObject({ kind: 'network-error', code: 'ECONNRESET' });
    expect(d.searchSnapshot()).toEqual({});
  });

  it('a partial-batch fault fails those _bulk items with 429 and errors: true', async () => {
    const { d, send } = downstream({ calls: [{ kind: 'partial-batch', call: 0, failed: [1, 7] }] });
    const answer = json(await send('POST', '/_bulk', bulk('a', 'b', 'c')));
    expect(answer.errors).toBe(true);
    expect(answer.items.map((i: { index: { status: number } }) => i.index.status)).toEqual([201, 429, 201]);
    // item 7 is past the end of the batch: it never failed
    expect(d.calls[0]).toMatchObject({ outcome: 'partial', fault: 'partial-batch', failedEntries: [1] });
    expect(Object.keys(d.searchSnapshot().orders!)).toEqual(['a', 'c']);
  });

  it('a version conflict is the engine refusing a stale write, not a failed call', async () => {
    const { d, send } = downstream();
    await send('PUT', '/orders/_doc/a?version=5&version_type=external', '{}');
    const body = '{"index":{"_index":"orders","_id":"a","version":4,"version_type":"external"}}\n{}\n';
    expect(json(await send('POST', '/_bulk', body)).errors).toBe(true);
    expect(d.calls[1]).toMatchObject({ outcome: 'ok', conflicts: 1 });
    // a single request refused by the guard is an error whose conflict the rules can tell apart
    expect(await send('PUT', '/orders/_doc/a?version=5&version_type=external', '{}')).toMatchObject({ status: 409 });
    expect(d.calls[2]).toMatchObject({ outcome: 'error', statusCode: 409, error: 'version_conflict_engine_exception', conflicts: 1 });
    expect(d.calls[0]!.conflicts).toBeUndefined();
  });

  it('a _bulk with a conflicting and a failed item is partial, and counts its conflict', async () => {
    const { d, send } = downstream({ calls: [{ kind: 'partial-batch', call: 1, failed: [1] }] });
    await send('PUT', '/orders/_doc/a?version=5&version_type=external', '{}');
    const body = '{"index":{"_index":"orders","_id":"a","version":5,"version_type":"external"}}\n{}\n' + bulk('b');
    expect(json(await send('POST', '/_bulk', body)).items.map((i: { index: { status: number } }) => i.index.status)).toEqual([409, 429]);
    expect(d.calls[1]).toMatchObject({ outcome: 'partial', fault: 'partial-batch', conflicts: 1 });
  });

  it('a poison key fails every request that carries it', async () => {
    const { send } = downstream({ calls: [{ kind: 'poison', values: ['o-9'] }] });
    expect(await send('POST', '/_bulk', bulk('o-9'))).toMatchObject({ status: 503 });
    expect(await send('POST', '/_bulk', bulk('o-9'))).toMatchObject({ status: 503 });
    expect(await send('POST', '/_bulk', bulk('o-8'))).toMatchObject({ status: 200 });
  });

  it('tombstones expire with the invocations\' virtual time', async () => {
    const { send, next } = downstream();
    await send('PUT', '/orders/_doc/a?version=2&version_type=external', '{}');
    await send('DELETE', '/orders/_doc/a?version=3&version_type=external');
    next(30_000);
    expect(await send('PUT', '/orders/_doc/a?version=2&version_type=external', '{"stale":true}')).toMatchObject({ status: 409 });
    next(30_000);
    expect(await send('PUT', '/orders/_doc/a?version=2&version_type=external', '{"stale":true}')).toMatchObject({ status: 201 });
  });

  it('a timeout fault ends the invocation before its next search request', async () => {
    const { d, send } = downstream({ invocations: [{ kind: 'timeout-after-calls', invocation: 0, calls: 1 }] });
    expect(await send('PUT', '/orders/_doc/a', '{}')).toMatchObject({ kind: 'response', status: 201 });
    expect(await send('PUT', '/orders/_doc/b', '{}')).toEqual({ kind: 'abort', reason: 'fault: the invocation timed out after 1 downstream call(s)' });
    expect(Object.keys(d.searchSnapshot().orders!)).toEqual(['a']);
  });

  it('an API the store does not emulate is a problem of the setup', async () => {
    const { d, send } = downstream();
    await send('POST', '/orders/_delete_by_query', '{}');
    expect([...d.problems][0]).toContain('POST /orders/_delete_by_query');
  });
});

describe('whether an invocation that called a search store may be fast-forwarded', () => {
  const versioned = (id: string, version: number) => `{"index":{"_index":"orders","_id":"${id}","version":${version},"version_type":"external"}}\n{"orderId":"${id}"}\n`;

  it('a _bulk whose every write is refused as a version conflict changed nothing: repeatable', async () => {
    const { d, send, next } = downstream();
    await send('POST', '/_bulk', versioned('a', 2) + versioned('b', 2));
    expect(d.invocationRepeatable()).toBe('no'); // it wrote both documents
    next(1000);
    const again = json(await send('POST', '/_bulk', versioned('a', 2) + versioned('b', 2)));
    expect(again.items.map((item: { index: { status: number } }) => item.index.status)).toEqual([409, 409]);
    expect(d.invocationRepeatable()).toBe('yes');
  });

  it('after work the previous invocation left running wrote something, the next one is not repeatable: that work may write again', async () => {
    const { d, send, next } = downstream();
    await send('POST', '/_bulk', versioned('a', 2));
    next(1000);
    d.invocationEnded();
    await send('POST', '/_bulk', versioned('b', 1)); // the left work, before the next invocation begins
    d.beginInvocation(2, Date.UTC(2024, 0, 2));
    expect(json(await send('POST', '/_bulk', versioned('a', 2))).items[0].index.status).toBe(409);
    expect(d.invocationRepeatable()).toBe('no');
  });

  it('one write that went through among the conflicts is a change', async () => {
    const { d, send, next } = downstream();
    await send('POST', '/_bulk', versioned('a', 2));
    next(1000);
    await send('POST', '/_bulk', versioned('a', 2) + versioned('b', 1));
    expect(d.invocationRepeatable()).toBe('no');
  });

  it('a failed request that still created its index is a change', async () => {
    const { d, send } = downstream();
    const missing = await send('POST', '/orders/_update/a', '{"doc":{"n":1}}');
    expect(missing).toMatchObject({ status: 404 });
    expect(d.invocationRepeatable()).toBe('no');
  });

  it('while a delete is remembered (index.gc_deletes), a refused write may pass later: not repeatable until it is forgotten', async () => {
    const { d, send, next } = downstream();
    await send('POST', '/_bulk', '{"delete":{"_index":"orders","_id":"a","version":5,"version_type":"external"}}\n');
    next(1000);
    // the stale write is refused because of the tombstone, which expires 60 s after the delete
    expect(json(await send('POST', '/_bulk', versioned('a', 3))).items[0].index.status).toBe(409);
    expect(d.invocationRepeatable()).toBe('no');
    next(60_000);
    expect(json(await send('POST', '/_bulk', versioned('a', 4))).items[0].index.status).toBe(201);
    next(1000);
    expect(json(await send('POST', '/_bulk', versioned('a', 4))).items[0].index.status).toBe(409);
    expect(d.invocationRepeatable()).toBe('yes');
  });
});
