import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../support/records.js';
import { harnesses } from './support.js';

const start = harnesses(afterAll);
const started = new Map<string, ReturnType<typeof start>>();
const harness = (handler: string) => started.get(handler) ?? started.set(handler, start(handler)).get(handler)!;

/**
 * The first invocation of a one-record run of the form `callback-forms.cjs#name`: async forms are
 * loaded as the handler, the others through `byKey` (not async either), which picks the form by
 * the record's key, so they share one execution environment.
 */
async function firstInvocation(name: string) {
  const h = await harness(`callback-forms.cjs#${name.startsWith('async') ? name : 'byKey'}`);
  const run = await h.run({ shards: [{ shardId: 's', records: seqs(1).map((s) => ddb(s, { key: name })) }], mapping: { MaximumRetryAttempts: 0 } });
  return run.trace.invocations[0]!;
}

describe('callback-style handlers, as the Node.js 20 and 22 runtimes run them', () => {
  it('callback(error) fails the invocation', async () => {
    const first = await firstInvocation('callbackError');
    expect(first.outcome).toBe('function-error');
    expect(first.error).toMatch(/callback failed/);
  });

  it('callback(null, response) waits for the empty event loop by default', async () => {
    expect((await firstInvocation('callbackWaits')).response).toEqual({ batchItemFailures: [], late: true });
  });

  it('callback(null, response) with an event loop that never empties times out', async () => {
    const h = await start('callback-forms.cjs#callbackLoopNeverEmpties', { functionTimeoutMs: 500 });
    const run = await h.run({ shards: [{ shardId: 's', records: seqs(1).map((s) => ddb(s)) }], mapping: { MaximumRetryAttempts: 0 } });
    expect(run.trace.invocations[0]!.outcome).toBe('timeout');
  });

  it('callback(null, response) answers at once when callbackWaitsForEmptyEventLoop is false', async () => {
    expect((await firstInvocation('callbackDoesNotWait')).response).toEqual({ batchItemFailures: [], late: false, waits: false });
  });

  it('context.succeed, fail and done complete at once; only the first completion counts', async () => {
    expect((await firstInvocation('contextSucceed')).response).toEqual({ late: false });
    const failed = await firstInvocation('contextFail');
    expect(failed.outcome).toBe('function-error');
    expect(failed.error).toMatch(/TypeError.*context\.fail/);
    expect((await firstInvocation('contextFailWithoutError')).error).toMatch(/handled/);
    expect((await firstInvocation('contextDone')).response).toEqual({ via: 'done' });
  });

  it('a handler that returns a promise and calls back gets the first of the two', async () => {
    expect((await firstInvocation('callbackBeforePromise')).response).toEqual({ via: 'callback' });
    expect((await firstInvocation('promiseBeforeCallback')).response).toEqual({ via: 'promise' });
  });

  it('an async handler with three parameters completes with its promise', async () => {
    expect((await firstInvocation('asyncThreeParameters')).response).toEqual({ via: 'async', callbackGiven: true });
    const failed = await firstInvocation('asyncThreeParametersThrows');
    expect(failed.outcome).toBe('function-error');
    expect(failed.error).toMatch(/RangeError.*async failed/);
  });

  it('a handler that is not async and never completes answers null; its return value is ignored', async () => {
    const first = await firstInvocation('syncReturnsValue');
    expect(first.outcome).toBe('success');
    expect(first.response).toBeNull();
    expect((await firstInvocation('syncThrows')).error).toMatch(/sync failed/);
  });
});
