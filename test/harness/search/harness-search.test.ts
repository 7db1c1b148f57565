import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../../support/records.js';
import { faults, harnesses } from '../support.js';

const harness = harnesses(afterAll, { share: true });
const search = [{ endpoint: 'https://search-replica.us-east-1.es.amazonaws.com', engine: 'opensearch' as const }];

describe('a search consumer in the harness', () => {
  it('reaches the store through fetch in the worker; every run starts from an empty store', async () => {
    const h = await harness('search-bulk.ts', { search });
    const [a, b] = seqs(2);
    const records = [ddb(a!, { key: 'k1', eventName: 'INSERT' }), ddb(b!, { key: 'k2', eventName: 'INSERT' })];
    const first = await h.run({ shards: [{ shardId: 's', records }] });
    expect(first.problems).toEqual([]);
    expect(first.search).toEqual({ replica: { k1: { source: { pk: 'k1', seq: a } }, k2: { source: { pk: 'k2', seq: b } } } });
    const second = await h.run({ shards: [{ shardId: 's', records: records.slice(0, 1) }] });
    expect(Object.keys(second.search!.replica!)).toEqual(['k1']);
  });

  it('a rejected _bulk item is reported and redelivered, so the document arrives', async () => {
    const h = await harness('search-bulk.ts', { search });
    const [a, b] = seqs(2);
    const records = [ddb(a!, { key: 'k1', eventName: 'INSERT' }), ddb(b!, { key: 'k2', eventName: 'INSERT' })];
    const run = await h.run({ mapping: { FunctionResponseTypes: ['ReportBatchItemFailures'] }, shards: [{ shardId: 's', records }], faults: faults({ calls: [{ kind: 'partial-batch', call: 0, failed: [1] }] }) });
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual(['partial', 'success']);
    expect(run.calls.map((c) => [c.service, c.operation, c.outcome, c.fault])).toEqual([['search', '_bulk', 'partial', 'partial-batch'], ['search', '_bulk', 'ok', undefined]]);
    expect(Object.keys(run.search!.replica!)).toEqual(['k1', 'k2']);
  });
});
