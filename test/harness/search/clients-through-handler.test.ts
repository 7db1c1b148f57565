import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../../support/records.js';
import { faults, harnesses } from '../support.js';

const harness = harnesses(afterAll);

describe('search clients in a handler', () => {
  it('OpenSearch (AwsSigv4Signer), Elasticsearch 8 and 7 and axios reach the declared stores through the HTTP capture', async () => {
    const h = await harness('search-clients.mjs', {
      search: [
        { endpoint: 'https://search-orders.us-east-1.es.amazonaws.com', engine: 'opensearch' },
        { endpoint: 'https://es8.example.com', engine: 'elasticsearch' },
        { endpoint: 'https://es7.example.com', engine: 'elasticsearch', version: '7.17.0' },
      ],
    });
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!, { key: 'k1', eventName: 'INSERT' })] }] });
    expect(run.problems).toEqual([]);
    expect(run.trace.invocations[0]!.response).toEqual({ opensearch: 'created', es8: 'created', es7: ['created', '_doc'], axios: false, conflict: 'version_conflict_engine_exception' });
    expect(run.calls.every((c) => c.service === 'search')).toBe(true);
    // several endpoints: the state names each index with its host
    expect(Object.keys(run.search!).sort()).toEqual(['es7.example.com/orders', 'es8.example.com/orders', 'search-orders.us-east-1.es.amazonaws.com/axios', 'search-orders.us-east-1.es.amazonaws.com/orders']);
  });
});

describe('the Elasticsearch 8 client retrying after a network fault', () => {
  it('retries at once (its back-off sleep is removed, as the AWS SDKs\'): the invocation ends with the client\'s error instead of being cut as a hang', async () => {
    const h = await harness('search-versioned-bulk.mjs', { search: [{ endpoint: 'https://es8.example.com', engine: 'elasticsearch' }] });
    const run = await h.run({
      shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!, { key: 'k1' })] }],
      mapping: { StartingPosition: 'TRIM_HORIZON', MaximumRetryAttempts: 0 },
      faults: faults({ calls: [{ kind: 'error', call: 0, error: 'network-reset', attempts: 99 }] }),
    });
    // 1 + maxRetries (3) attempts, with 1–4 s of real sleep before each retry unless the back-off is removed
    expect(run.calls.map((c) => [c.call, c.attempt, c.outcome])).toEqual([[0, 1, 'network-error'], [0, 2, 'network-error'], [0, 3, 'network-error'], [0, 4, 'network-error']]);
    expect(run.trace.invocations[0]).toMatchObject({ outcome: 'function-error' });
    expect(String(run.trace.invocations[0]!.error)).toContain('ConnectionError');
    expect(run.warnings).toEqual([]);
  });
});
