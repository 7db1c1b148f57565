import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import type { HarnessRun, OutboxMessage } from '../../src/harness/index.js';
import { differences, normalizeState, type StateOptions } from '../../src/judge/differences.js';

const run = (fields: Partial<HarnessRun>) => ({ trace: { invocations: [] }, calls: [], outbox: [], tables: {}, problems: [], warnings: [], ...fields }) as unknown as HarnessRun;
const keys = [{ id: 'pk=a', values: ['a'] }, { id: 'pk=b', values: ['b'] }];
const options = (fields: Partial<StateOptions> = {}): StateOptions => ({ ignoreFields: [], tableKeys: { replica: ['pk'] }, messageKey: undefined, ...fields });
type Item = HarnessRun['tables'][string][number];
const item = (pk: string, fields: Record<string, unknown> = {}) => marshall({ pk, ...fields }) as Item;
const sqs = (body: unknown, fields: Partial<OutboxMessage> = {}): OutboxMessage => ({ service: 'sqs', operation: 'SendMessage', target: 'queue', body: JSON.stringify(body), invocation: 0, at: 0, ...fields });
const state = (fields: Partial<HarnessRun>, opts = options(), custom?: unknown) => normalizeState(run(fields), keys, opts, custom);

describe('normalizeState', () => {
  it('a table item is identified by the table’s key attributes and belongs to the source keys whose values it holds', () => {
    const s = state({ tables: { replica: [item('a', { v: 1 })] } });
    expect([...s.effects.keys()]).toEqual(['table replica [{"S":"a"}]']);
    expect(s.effects.get('table replica [{"S":"a"}]')).toMatchObject({ where: 'table replica', id: '[{"S":"a"}]', keys: ['pk=a'] });
    expect(s.observable).toBe(true);
  });

  it('a table without declared keys is identified by the whole item', () => {
    const s = state({ tables: { log: [item('a', { v: 1 }), item('a', { v: 2 })] } });
    expect(s.effects.size).toBe(2);
  });

  it('ignored fields (dotted paths into maps too) are not state', () => {
    const opts = options({ ignoreFields: ['updatedAt', 'meta.at'] });
    const a = state({ tables: { replica: [item('a', { v: 1, updatedAt: 10, meta: { at: 1, by: 'x' } })] } }, opts);
    const b = state({ tables: { replica: [item('a', { v: 1, updatedAt: 99, meta: { at: 2, by: 'x' } })] } }, opts);
    expect(differences(a, b, new Set())).toEqual([]);
    expect(differences(a, state({ tables: { replica: [item('a', { v: 1, updatedAt: 99, meta: { at: 2, by: 'y' } })] } }, opts), new Set())).toHaveLength(1);
  });

  it('ignored tables (downstream.ignoreTables) are not state, seeded items included', () => {
    const opts = options({ ignoreTables: ['idempotency'], tableKeys: { replica: ['pk'], idempotency: ['pk'] }, seeded: { idempotency: [item('seed')] } });
    const a = state({ tables: { replica: [item('a', { v: 1 })], idempotency: [item('a', { status: 'COMPLETED' })] } }, opts);
    const b = state({ tables: { replica: [item('a', { v: 1 })], idempotency: [item('a', { status: 'INPROGRESS' })] } }, opts);
    expect(differences(a, b, new Set())).toEqual([]);
    expect([...a.effects.keys()]).toEqual(['table replica [{"S":"a"}]']);
    expect(state({ tables: { idempotency: [item('a')] } }, opts).observable).toBe(false);
  });

  it('ignored fields are left out of JSON message bodies too, by deduplication id and by content', () => {
    const opts = options({ ignoreFields: ['nonce', 'meta.at'] });
    const sent = (nonce: number, fields: Partial<OutboxMessage> = {}) => sqs({ pk: 'a', nonce, meta: { at: nonce, by: 'x' } }, fields);
    expect(differences(state({ outbox: [sent(1, { id: 'd' })] }, opts), state({ outbox: [sent(2, { id: 'd' })] }, opts), new Set())).toEqual([]);
    expect(differences(state({ outbox: [sent(1)] }, opts), state({ outbox: [sent(2)] }, opts), new Set())).toEqual([]);
    // without them the nonce is state
    expect(differences(state({ outbox: [sent(1, { id: 'd' })] }), state({ outbox: [sent(2, { id: 'd' })] }), new Set()).map((d) => d.kind)).toEqual(['changed']);
    // a body that is no JSON object is compared as sent
    expect(state({ outbox: [sqs('plain'), sqs([1])] }, opts).effects.size).toBe(2);
  });

  it('outbox messages are a set by deduplication id, ordered per source key by first emission', () => {
    const s = state({ outbox: [sqs({ pk: 'a', n: 1 }, { id: 'm1' }), sqs({ pk: 'a', n: 1 }, { id: 'm1' }), sqs({ pk: 'a', n: 2 }, { id: 'm2' }), sqs({ pk: 'b' }, { id: 'm3' })] });
    expect(s.effects.size).toBe(3);
    expect(s.messageOrder.get('pk=a')).toEqual(['sqs queue m1', 'sqs queue m2']);
    expect(s.messageOrder.get('pk=b')).toEqual(['sqs queue m3']);
  });

  it('without a deduplication id, a message is identified by its body and group', () => {
    const s = state({ outbox: [sqs({ pk: 'a' }), sqs({ pk: 'a' }), sqs({ pk: 'a' }, { group: 'g' })] });
    expect(s.effects.size).toBe(2);
  });

  it('messageKey says which key a message belongs to, by dotted path or function', () => {
    const body = { order: { pk: 'a' }, previous: 'b' };
    expect(state({ outbox: [sqs(body)] }).effects.values().next().value!.keys).toEqual(['pk=a', 'pk=b']);
    expect(state({ outbox: [sqs(body)] }, options({ messageKey: 'order.pk' })).effects.values().next().value!.keys).toEqual(['pk=a']);
    expect(state({ outbox: [sqs(body)] }, options({ messageKey: (b) => (b as typeof body).previous })).effects.values().next().value!.keys).toEqual(['pk=b']);
  });

  it('an HTTP request that names its key in its URL alone belongs to that key; one whose body names a key, to the body\'s', () => {
    const http = (target: string, body: unknown) => sqs(body, { service: 'http', operation: 'DELETE', target });
    const keysOf = (message: OutboxMessage) => state({ outbox: [message] }).effects.values().next().value!.keys;
    expect(keysOf(http('DELETE https://api.example/v1/products/a', ''))).toEqual(['pk=a']);
    expect(keysOf(http('PUT https://api.example/v1/products/a', { pk: 'b' }))).toEqual(['pk=b']);
    // a queue's target is no URL of the record's
    expect(keysOf(sqs('', { target: 'https://sqs.us-east-1.amazonaws.com/1/a' }))).toEqual([]);
  });

  it('items the tables started with, left as they were, are nothing the run did; changed or deleted, they are', () => {
    const seeded = { inventory: [item('sku-1', { stock: 5 })] };
    const opts = options({ tableKeys: { inventory: ['pk'] }, seeded });
    expect(state({ tables: { inventory: [item('sku-1', { stock: 5 })] } }, opts).observable).toBe(false);
    expect(state({ tables: { inventory: [item('sku-1', { stock: 4 })] } }, opts).observable).toBe(true);
    expect(state({ tables: { inventory: [] } }, opts).observable).toBe(true);
    expect(state({ tables: { inventory: [item('sku-1', { stock: 5 }), item('sku-2', { stock: 1 })] } }, opts).observable).toBe(true);
    // still state to compare: a changed seeded item is a difference like any other
    const before = state({ tables: { inventory: [item('sku-1', { stock: 5 })] } }, opts);
    const after = state({ tables: { inventory: [item('sku-1', { stock: 3 })] } }, opts);
    expect(differences(before, after, new Set()).map((d) => d.kind)).toEqual(['changed']);
  });

  it('a handler that read the source table is judged by its latest message per key (which items it read depends on the batches), others by every message', () => {
    const read = { call: 0, attempt: 1, invocation: 0, at: 0, service: 'dynamodb', operation: 'GetItem', input: { TableName: 'orders', Key: { pk: { S: 'a' } } }, statusCode: 200, outcome: 'ok' };
    const outbox = [sqs({ pk: 'a', v: 1 }), sqs({ pk: 'a', v: 2 }), sqs({ note: 'no key' })];
    const rereads = options({ sourceTable: 'orders' });
    const latest = state({ outbox, calls: [read] as never }, rereads);
    expect([...latest.effects.values()].map((e) => e.value)).toEqual([{ pk: 'a', v: 2 }, { note: 'no key' }]);
    // the same messages from a handler that never read it, or with no source table named: every message counts
    expect(state({ outbox, calls: [] }, rereads).effects.size).toBe(3);
    expect(state({ outbox, calls: [read] as never }).effects.size).toBe(3);
    // an intermediate message missing is no difference; another latest one is
    const fewer = state({ outbox: [sqs({ pk: 'a', v: 2 })], calls: [read] as never }, rereads);
    expect(differences(latest, fewer, new Set()).filter((d) => d.keys.length > 0)).toEqual([]);
    const older = state({ outbox: [sqs({ pk: 'a', v: 2 }), sqs({ pk: 'a', v: 1 }), sqs({ note: 'no key' })], calls: [read] as never }, rereads);
    expect(differences(latest, older, new Set()).map((d) => d.kind)).toEqual(['changed']);
  });

  it('a run that left nothing is not observable; a custom snapshot is state', () => {
    expect(state({}).observable).toBe(false);
    expect(state({}, options(), { total: 0 })).toMatchObject({ observable: true, custom: '{"total":0}' });
  });
});

describe('differences', () => {
  const reference = state({ tables: { replica: [item('a', { v: 2 }), item('b', { v: 1 })] } });

  it('missing, changed and extra effects, each with the source keys it belongs to', () => {
    const adversarial = state({ tables: { replica: [item('a', { v: 1 }), item('c')] } });
    const found = differences(reference, adversarial, new Set());
    expect(found.map((d) => [d.kind, d.id, d.keys])).toEqual([['changed', '[{"S":"a"}]', ['pk=a']], ['missing', '[{"S":"b"}]', ['pk=b']], ['extra', '[{"S":"c"}]', []]]);
    expect(found[0]).toMatchObject({ where: 'table replica', expected: item('a', { v: 2 }), actual: item('a', { v: 1 }) });
  });

  it('leaves out the effects of keys whose records the adversarial run discarded', () => {
    const adversarial = state({ tables: { replica: [item('a', { v: 2 })] } });
    expect(differences(reference, adversarial, new Set(['pk=b']))).toEqual([]);
    expect(differences(reference, adversarial, new Set(['pk=a'])).map((d) => d.kind)).toEqual(['missing']);
  });

  it('the same messages of a key in another order are an order difference; a message missing is not one', () => {
    const m = (n: number) => sqs({ pk: 'a', n }, { id: `m${n}` });
    const sent = state({ outbox: [m(1), m(2), m(3)] });
    const swapped = differences(sent, state({ outbox: [m(2), m(1), m(3)] }), new Set());
    expect(swapped).toEqual([{ kind: 'order', where: 'outbox', id: 'pk=a', keys: ['pk=a'], expected: [{ pk: 'a', n: 1 }, { pk: 'a', n: 2 }, { pk: 'a', n: 3 }], actual: [{ pk: 'a', n: 2 }, { pk: 'a', n: 1 }, { pk: 'a', n: 3 }] }]);
    expect(differences(sent, state({ outbox: [m(1), m(3)] }), new Set()).map((d) => d.kind)).toEqual(['missing']);
    expect(differences(sent, state({ outbox: [m(2), m(1)] }), new Set(['pk=a']))).toEqual([]);
  });

  it('custom snapshots that differ', () => {
    expect(differences(state({}, options(), { n: 1 }), state({}, options(), { n: 2 }), new Set())).toEqual([
      { kind: 'custom', where: 'custom snapshot', id: '', expected: '{"n":1}', actual: '{"n":2}', keys: [] },
    ]);
  });
});
