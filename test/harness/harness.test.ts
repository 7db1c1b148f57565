import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs, t0 } from '../support/records.js';
import { live } from '../../src/harness/live.js';
import { harnesses } from './support.js';

const harness = harnesses(afterAll);

describe('invocation and environment', () => {
  it('passes a realistic context, a safe environment, the virtual clock, and a deep copy of the event', async () => {
    process.env.AWS_PROFILE = 'real-profile-must-not-leak';
    process.env.AWS_SESSION_TOKEN = 'real-token-must-not-leak';
    const h = await harness('context-echo.mjs', { environment: { TABLE_NAME: 'replica' }, functionTimeoutMs: 5000 });
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_SESSION_TOKEN;
    const records = seqs(2).map((s) => ddb(s));
    const run = await h.run({ shards: [{ shardId: 's', records }], mapping: { BatchSize: 1 } });
    const [first, second] = run.trace.invocations;
    const seen = first!.response as Record<string, any>;
    expect(seen.requestId).toBe(first!.requestId);
    expect(seen).toMatchObject({ functionName: 'stream-consumer', memoryLimitInMB: '1024', logGroupName: '/aws/lambda/stream-consumer', now: t0, date: new Date(t0).toISOString() });
    expect(seen.remainingAtStart).toBeGreaterThan(4000);
    expect(seen.remainingAtStart).toBeLessThanOrEqual(5000);
    expect(seen.env).toMatchObject({ AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', AWS_ACCESS_KEY_ID: 'AKIASTREAMCONFORMANCE', TABLE_NAME: 'replica' });
    expect(seen.env.AWS_ENDPOINT_URL_DYNAMODB).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(seen.env).not.toHaveProperty('AWS_PROFILE');
    expect(seen.env).not.toHaveProperty('AWS_SESSION_TOKEN');
    // the handler overwrote SequenceNumber in its copy: the model and the next delivery are untouched
    expect(first!.sequenceNumbers).toEqual([records[0]!.dynamodb!.SequenceNumber]);
    expect(records[0]!.dynamodb!.SequenceNumber).toBe(seqs(1)[0]);
    expect(second!.outcome).toBe('success');
  });

  it('runs callback-style handlers', async () => {
    const h = await harness('callback-style.cjs');
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(3).map((s) => ddb(s)) }] });
    expect(run.trace.invocations[0]!.response).toEqual({ batchItemFailures: [], count: 3 });
    // this repository's package.json depends on the AWS SDK, and the handler made no call: the check warns over all runs (sdk-usage.test.ts)
    expect(h.dependsOnSdk).toBe(true);
    expect(run.sdk).toEqual({ calls: 0, completed: 1, clientErrors: [], refused: [] });
  });

  it('loads a TypeScript handler in a CommonJS project', async () => {
    const h = await harness('cjs-project/handler.ts');
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(2).map((s, i) => ddb(s, { key: `k${i}` })) }] });
    expect(run.trace.invocations[0]!.response).toBe('commonjs');
    expect(run.tables.replica).toHaveLength(2);
    expect(run.warnings).toEqual([]);
  });

  it('the same seed gives the same downstream trace and state', async () => {
    const h = await harness('random-writer.mjs');
    const input = { shards: [{ shardId: 's', records: seqs(3).map((s, i) => ddb(s, { key: `k${i}` })) }], seed: 42 };
    const a = await h.run(input);
    const b = await h.run(input);
    const c = await h.run({ ...input, seed: 43 });
    expect(b.calls).toEqual(a.calls);
    expect(b.tables).toEqual(a.tables);
    expect(c.tables).not.toEqual(a.tables);
  });
});

describe('fresh module state for every run', () => {
  it.each(['cjs-counter.cjs', 'esm-state/handler.ts'])('%s: module state (its own imports included) starts over with each run', async (handler) => {
    const h = await harness(handler);
    const input = { shards: [{ shardId: 's', records: seqs(2).map((s) => ddb(s)) }], mapping: { BatchSize: 1 } };
    for (let run = 0; run < 3; run++) {
      const { trace } = await h.run(input);
      expect(trace.invocations.map((i) => (i.response as { invocations: number }).invocations)).toEqual([1, 2]);
    }
  });
});

describe('execution environments', () => {
  it('prepares no spare environment while the handler never ends one (each run reloads the same thread)', async () => {
    const before = live.workers;
    const h = await harness('cjs-counter.cjs');
    const input = { shards: [{ shardId: 's', records: seqs(2).map((s) => ddb(s)) }], mapping: { BatchSize: 1 } };
    for (let run = 0; run < 3; run++) await h.run(input);
    expect(live.workers - before).toBe(1);
  });
});

describe('network safety', () => {
  it('refuses an SDK client built with an explicit non-local endpoint, naming the host', async () => {
    const h = await harness('explicit-endpoint.mjs');
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!)] }] });
    expect(run.trace.invocations[0]!.response).toMatch(/RequestRefusedByStreamConformance.*dynamodb\.example\.internal/);
    expect(run.problems.join('\n')).toMatch(/dynamodb\.example\.internal/);
    expect(run.calls.map((c) => c.outcome)).toEqual(['refused']);
  });

  it('captures fetch to declared hosts and refuses the rest', async () => {
    const h = await harness('fetcher.mjs', { http: { 'https://hooks.example.com': { status: 202, body: '{"ok":true}' } } });
    const run = await h.run({ shards: [{ shardId: 's', records: [ddb(seqs(1)[0]!)] }] });
    expect(run.trace.invocations[0]!.response).toMatchObject({ status: 202, body: '{"ok":true}' });
    expect((run.trace.invocations[0]!.response as { undeclared: string }).undeclared).toMatch(/fetch failed.*api\.other\.example/);
    expect(run.outbox).toEqual([expect.objectContaining({ service: 'http', operation: 'POST', target: 'POST https://hooks.example.com/notify', body: '{"n":1}' })]);
    expect(run.problems.join('\n')).toMatch(/api\.other\.example is not declared.*"downstream": \{ "http": \{ "https:\/\/api\.other\.example"/);
    // its requests reach the suite: a project that depends on the AWS SDK gets no "no AWS call was recorded" warning for it
    expect(run.sdk!.calls).toBe(2);
  });
});
