/** worker.ts, the handler's thread, run through the harness: how an execution environment ends, is reported, and is renewed. */
import { afterAll, describe, expect, it } from 'vitest';
import type { Harness } from '../../../src/harness/harness.js';
import { ddb, seqs } from '../../support/records.js';
import { startHarness } from '../support.js';

const open: Harness[] = [];
afterAll(() => Promise.all(open.map((h) => h.close())));

async function runHostile(mode: string, options: Parameters<typeof startHarness>[1] = {}) {
  const h = await startHarness('hostile.mjs', { environment: { HOSTILE: mode }, functionTimeoutMs: 400, ...options });
  open.push(h);
  return h.run({ shards: [{ shardId: 's', records: seqs(2).map((s) => ddb(s)) }], mapping: { MaximumRetryAttempts: 1 } });
}

describe('hostile handlers are reported, not obeyed', () => {
  const cases: [string, string, RegExp][] = [
    ['never-resolves', 'timeout', /can never settle/],
    ['sync-loop', 'timeout', /still running after 400 ms of real time: it loops/],
    ['exit', 'function-error', /Runtime\.ExitError: the handler called process\.exit\(3\)/],
    ['throw-string', 'function-error', /non-Error thrown: "plain string"/],
    ['unhandled-rejection', 'function-error', /Runtime\.UnhandledPromiseRejection: Error: forgotten promise/],
    ['circular', 'function-error', /Runtime\.UnmarshalError: the response cannot be serialized/],
  ];
  it.each(cases)('%s → %s', async (mode, outcome, message) => {
    const run = await runHostile(mode);
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual([outcome, outcome]);
    expect(run.trace.invocations[0]!.error).toMatch(message);
    // the model carried on: retries exhausted, the batch discarded, the run finished
    expect(run.trace.discards).toHaveLength(1);
  });

  it('a handler that outgrows function.MemorySize fails the invocation as out of memory', async () => {
    const run = await runHostile('out-of-memory', { memoryLimitInMB: 64, functionTimeoutMs: 20_000, watchdogMs: 20_000 });
    expect(run.trace.invocations[0]!.outcome).toBe('function-error');
    expect(run.trace.invocations[0]!.error).toMatch(/Runtime\.OutOfMemory/);
  });
});

describe('an ended execution environment stays ended', () => {
  it('timers it left behind never fire: no write of it lands during a later invocation', async () => {
    const h = await startHarness('../hostile/late-timer.mjs', { functionTimeoutMs: 2000 });
    open.push(h);
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(3).map((s) => ddb(s, { key: `k${s}` })) }], mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } });
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual(['function-error', 'success', 'success']);
    expect(run.calls).toEqual([]);
    expect(run.tables.replica).toEqual([]);
  });

  it('after process.exit the next invocation runs in a fresh environment (a cold start)', async () => {
    const h = await startHarness('../hostile/exit-on-second.mjs');
    open.push(h);
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(4).map((s) => ddb(s, { key: `k${s}` })) }], mapping: { BatchSize: 1, MaximumRetryAttempts: 0 } });
    expect(run.trace.invocations.map((i) => i.outcome)).toEqual(['success', 'function-error', 'success', 'function-error']);
    expect(run.outbox.map((m) => m.body)).toEqual(['1', '2', '1', '2']);
  });
});
