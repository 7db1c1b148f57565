import { afterAll, describe, expect, it } from 'vitest';
import type { InvokeOutcome, InvokeRequest, WorkerInit } from '../../../src/harness/protocol.js';
import { invokeHandler, remainingTime, traceHeader } from '../../../src/harness/worker/invoke.js';
import { ddb, seqs } from '../../support/records.js';
import { harnesses } from '../support.js';

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

/** In this thread: the forms that complete without waiting for the event loop to empty (the others above, in a handler's thread). */
describe('invokeHandler, called directly', () => {
  const init: WorkerInit = {
    handlerFile: '/repo/src/handler.ts', exportName: undefined, cwd: '/repo', seed: 1,
    functionName: 'orders-consumer', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-consumer', memoryLimitInMB: 256, httpHosts: [],
  };
  const request: InvokeRequest = { event: { Records: [] }, requestId: '8f5e0c1a-3b9d-4c7e-9a2f-0d6b1e4c7a90', at: Date.UTC(2024, 0, 31, 23, 59), functionTimeoutMs: 60_000, index: 0, invocation: 0, seed: 1 };
  type Handler = Parameters<typeof invokeHandler>[0];
  /** The handler's timers made 45 s pass (virtual time). */
  const clock = { now: () => request.at + 45_000 };
  const invoke = (handler: Handler): Promise<InvokeOutcome> => invokeHandler(handler, request, init, clock);

  it('gives the event and a Lambda context', async () => {
    let seen: { event: unknown; context: Record<string, unknown> } | undefined;
    await invoke(async (event, context) => {
      seen = { event, context: { ...context, remaining: context.getRemainingTimeInMillis(), waits: context.callbackWaitsForEmptyEventLoop } };
    });
    expect(seen!.event).toBe(request.event);
    expect(seen!.context).toMatchObject({
      functionName: 'orders-consumer',
      functionVersion: '$LATEST',
      invokedFunctionArn: init.functionArn,
      memoryLimitInMB: '256',
      awsRequestId: request.requestId,
      logGroupName: '/aws/lambda/orders-consumer',
      logStreamName: '2024/01/31/[$LATEST]8f5e0c1a3b9d4c7e9a2f0d6b1e4c7a90',
      waits: true,
    });
    // the 45 s its timers made pass; its real running time (under the grace) not at all
    expect(seen!.context.remaining).toBe(15_000);
  });

  it('sets the invocation\'s X-Ray header in _X_AMZN_TRACE_ID, as the runtime does: drawn from the request id, never sampled', async () => {
    let seen: string | undefined;
    await invoke(async () => {
      seen = process.env._X_AMZN_TRACE_ID;
    });
    expect(seen).toBe(traceHeader(request));
    expect(seen).toMatch(/^Root=1-65badec4-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(traceHeader({ ...request, requestId: 'another' })).not.toBe(seen);
  });

  it('the time left counts real running time only past a grace, and catches up by the timeout', () => {
    // the same on every run while the handler runs for less than a second (or a quarter of a shorter timeout)
    expect([remainingTime(60_000, 0, 0), remainingTime(60_000, 999, 0), remainingTime(60_000, 999, 45_000)]).toEqual([60_000, 60_000, 15_000]);
    expect([remainingTime(1_000, 250, 0), remainingTime(1_000, 251, 0)]).toEqual([1_000, 999]);
    // a loop polling it sees it run out as the real-time timeout comes, never below zero
    expect([remainingTime(3_000, 3_000, 0), remainingTime(3_000, 2_000, 0), remainingTime(3_000, 4_000, 0), remainingTime(3_000, 0, 5_000)]).toEqual([0, 1_333, 0, 0]);
  });

  it('a response travels as JSON; undefined as none; one JSON cannot hold is reported', async () => {
    expect(await invoke(async () => ({ batchItemFailures: [{ itemIdentifier: '1' }] }))).toEqual({ kind: 'return', json: '{"batchItemFailures":[{"itemIdentifier":"1"}]}' });
    expect(await invoke(async () => undefined)).toEqual({ kind: 'return', json: undefined });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await invoke(async () => cyclic)).toMatchObject({ kind: 'unserializable', message: expect.stringContaining('circular') });
    expect(await invoke(async () => 1n)).toMatchObject({ kind: 'unserializable', message: expect.stringContaining('BigInt') });
  });

  it('a throw, a rejection or callback(error): the error with its detail; a thrown non-Error as JSON', async () => {
    const cause = new Error('inner');
    expect(await invoke(async () => { throw new TypeError('outer', { cause }); })).toEqual({
      kind: 'throw', name: 'TypeError', message: 'outer', detail: { name: 'TypeError', message: 'outer', cause: { name: 'Error', message: 'inner' } },
    });
    expect(await invoke(() => { throw new RangeError('sync'); })).toMatchObject({ kind: 'throw', name: 'RangeError', message: 'sync' });
    expect(await invoke((_event, _context, callback) => callback(new Error('via callback')))).toMatchObject({ kind: 'throw', message: 'via callback' });
    expect(await invoke(async () => Promise.reject({ code: 42 }))).toEqual({ kind: 'throw', name: 'Error', message: '{"code":42}', nonError: '{"code":42}' });
  });

  it('the first completion counts: context.done, succeed and fail, callback with callbackWaitsForEmptyEventLoop false', async () => {
    const doneFirst = await invoke((_event, context) => {
      context.done(undefined, { via: 'done' });
      context.succeed({ via: 'succeed' });
    });
    expect(doneFirst).toEqual({ kind: 'return', json: '{"via":"done"}' });
    const failWithoutError = await invoke((_event, context) => {
      context.fail(undefined as never);
      context.succeed({});
    });
    expect(failWithoutError).toEqual({ kind: 'throw', name: 'Error', message: '"handled"', nonError: '"handled"' });
    const callbackNotWaiting = await invoke((_event, context, callback) => {
      context.callbackWaitsForEmptyEventLoop = false;
      callback(null, { via: 'callback' });
      callback(new Error('late'));
    });
    expect(callbackNotWaiting).toEqual({ kind: 'return', json: '{"via":"callback"}' });
    const succeedBeforePromise = await invoke(async (_event, context) => {
      context.succeed({ via: 'succeed' });
      return { via: 'promise' };
    });
    expect(succeedBeforePromise).toEqual({ kind: 'return', json: '{"via":"succeed"}' });
  });
});
