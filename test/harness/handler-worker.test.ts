import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processCpuMs } from '../../src/harness/cpu-time.js';
import { HandlerLoadFailure, HandlerWorker, type HandlerWorkerOptions } from '../../src/harness/handler-worker.js';
import type { InvokeRequest } from '../../src/harness/protocol.js';

const fixture = (name: string) => resolve('test/fixtures/hostile', name);
const refused = { kind: 'refused' as const, message: 'no downstream in this test' };
const ok = { kind: 'response' as const, status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
let watchdogMs = 60_000;
let hangs = 0;
const options = (handlerFile: string): HandlerWorkerOptions => ({
  init: {
    handlerFile, exportName: undefined, cwd: process.cwd(), seed: 1, functionName: 'consumer',
    functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:consumer', memoryLimitInMB: 256, httpHosts: [],
  },
  env: { PATH: process.env.PATH ?? '' },
  memoryLimitInMB: 256,
  watchdog: () => ({ totalMs: watchdogMs }),
  onHang: () => hangs++,
  calls: {
    answerBurst: async (calls, answer) => (calls.forEach(({ id }) => answer(id, refused)), 'ok'),
    answerRequests: async (requests, answer) => (requests.forEach(({ id }) => answer(id, refused)), 'ok'),
    problem: () => {},
  },
});
let index = 0;
const request = (mode: string): InvokeRequest => ({ event: { mode }, requestId: `r-${index}`, at: Date.UTC(2024, 0, 1), functionTimeoutMs: 3000, invocation: index, index: index++, seed: 1 });
const invocations = (outcome: unknown) => JSON.parse((outcome as { json: string }).json).invocations as number;

describe('HandlerWorker: the handler in its own thread, one execution environment at a time', () => {
  let worker: HandlerWorker;
  afterAll(() => worker?.terminate());

  it('loads the handler and runs invocations in one warm environment; a reset gives fresh module state in the same thread', async () => {
    worker = await HandlerWorker.start(options(fixture('by-event.mjs')));
    expect(worker.exportPath).toBe('handler');
    expect(invocations(await worker.invoke(request('count')))).toBe(1);
    expect(invocations(await worker.invoke(request('count')))).toBe(2);
    await worker.reset();
    expect(invocations(await worker.invoke(request('count')))).toBe(1);
  });

  it('a synchronous loop is cut by the watchdog, stopped in place (the thread is kept), and the environment renewed', async () => {
    watchdogMs = 100;
    const outcome = await worker.invoke(request('sync-loop'));
    watchdogMs = 60_000;
    expect(outcome).toEqual({ kind: 'timeout', reason: 'the handler was still running after 100 ms of real time: it loops, or waits longer than its timeout' });
    expect(hangs).toBe(1);
    expect([worker.cutByWatchdog, worker.alive, worker.usable]).toEqual([true, true, false]);
    expect(await worker.invoke(request('count'))).toEqual({ kind: 'crash', name: 'Runtime.Exited', message: 'the execution environment had already ended' });
    await worker.reset();
    expect(invocations(await worker.invoke(request('count')))).toBe(1);
  });

  it('what the handler logged before its loop was stopped comes with the timeout: it is what explains the hang', async () => {
    watchdogMs = 100;
    const outcome = await worker.invoke({ ...request('log-then-loop'), event: { mode: 'log-then-loop', records: 3 } });
    watchdogMs = 60_000;
    expect(outcome).toMatchObject({ kind: 'timeout', output: { lines: ['processing 3 record(s)', 'retrying the write until it succeeds'], cutLines: 0, stopped: true } });
    await worker.reset();
    expect(await worker.invoke(request('count'))).not.toHaveProperty('output');
  });

  it('a loop stopped under async hooks (an AsyncLocalStorage context) keeps the thread too: Node’s check of its async stack does not end the process', async () => {
    const pid = worker.pid;
    watchdogMs = 100;
    const outcome = await worker.invoke(request('scoped-loop'));
    watchdogMs = 60_000;
    expect(outcome).toMatchObject({ kind: 'timeout' });
    expect([worker.cutByWatchdog, worker.alive, worker.usable]).toEqual([true, true, false]);
    await worker.reset();
    expect(JSON.parse((await worker.invoke(request('scoped')) as { json: string }).json)).toEqual({ invocations: 1, scope: { invocations: 1 } });
    expect(worker.pid).toBe(pid);
  });

  it('once a hang was cut, the next ones are cut a while after the handler’s last downstream call: a slow machine does not cut the calls it makes before it loops', async () => {
    const paths: string[] = [];
    let watchdog: { totalMs: number; quietMs?: number } = { totalMs: 60_000 };
    const slow = await HandlerWorker.start({
      ...options(fixture('by-event.mjs')),
      watchdog: () => watchdog,
      calls: {
        ...options('').calls,
        // each answer takes 40 ms: the ten calls take twice the 190 ms in all, never that long each
        // (a limit under 200 ms is real time: CPU time is counted in 10 ms ticks)
        answerRequests: async (requests, answer) => {
          await new Promise((resolve) => setTimeout(resolve, 40));
          for (const { id, request } of requests) (paths.push(new URL(request.url).pathname), answer(id, ok));
          return 'ok';
        },
      },
    });
    try {
      // a first call loads fetch's client (undici), which takes long on a busy machine: not what is tested here
      await slow.invoke({ ...request('calls-then-loop'), event: { mode: 'calls-then-loop', calls: 1, loop: false } });
      paths.length = 0;
      watchdog = { totalMs: 60_000, quietMs: 190 };
      const outcome = await slow.invoke({ ...request('calls-then-loop'), event: { mode: 'calls-then-loop', calls: 10 } });
      expect(outcome).toEqual({ kind: 'timeout', reason: 'the handler was still running 190 ms of real time after its last downstream call: it loops, or waits longer than its timeout' });
      expect(paths).toEqual(Array.from({ length: 10 }, (_, i) => `/${i}`));
      await slow.reset();
      expect(await slow.invoke(request('sync-loop'))).toEqual({ kind: 'timeout', reason: 'the handler was still running 190 ms of real time after it started (it made no downstream call): it loops, or waits longer than its timeout' });
    } finally {
      await slow.terminate();
    }
  });

  it('on a busy machine a handler that computes is cut on the CPU time it had, not on real time', async () => {
    const pid = worker.pid;
    const base = processCpuMs(pid);
    if (base === undefined) return; // no /proc: real time decides, as the test above shows
    watchdogMs = 1000;
    const outcome = worker.invoke({ ...request('compute'), event: { mode: 'compute', cpuMs: 300 } });
    // the handler gets no core for longer than its limit (as under heavy load), after 200 ms of CPU time
    while (processCpuMs(pid)! - base < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    process.kill(pid!, 'SIGSTOP');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    process.kill(pid!, 'SIGCONT');
    const result = await outcome;
    watchdogMs = 60_000;
    expect(result).toMatchObject({ kind: 'return' });
    expect(worker.usable).toBe(true);
  });

  it('a loop stopped inside a timer callback leaves the thread’s timers broken: the thread is replaced, not renewed', async () => {
    watchdogMs = 100;
    const outcome = await worker.invoke(request('timer-loop'));
    watchdogMs = 60_000;
    expect(outcome).toMatchObject({ kind: 'timeout' });
    expect([worker.cutByWatchdog, worker.alive, worker.usable]).toEqual([true, false, false]);
    await expect(worker.reset()).rejects.toThrow('the execution environment has ended');
    worker = await HandlerWorker.start(options(fixture('by-event.mjs')));
  });

  it('process.exit ends the environment, not the thread', async () => {
    const outcome = await worker.invoke(request('exit'));
    expect(outcome).toMatchObject({ kind: 'crash', name: 'Runtime.ExitError', message: expect.stringContaining('process.exit(3)') });
    expect([worker.alive, worker.usable]).toEqual([true, false]);
    await worker.reset();
    expect(invocations(await worker.invoke(request('count')))).toBe(1);
  });

  it('a reset also drops the sockets node’s global keep-alive agent pooled: a cold start shares no connection with the environment before it', async () => {
    const pooled = await HandlerWorker.start({
      ...options(fixture('keep-alive.mjs')),
      calls: { ...options('').calls, answerRequests: async (requests, answer) => (requests.forEach(({ id }) => answer(id, ok)), 'ok') },
    });
    try {
      const sockets = async () => JSON.parse(((await pooled.invoke(request('call'))) as { json: string }).json) as { before: number; after: number };
      expect(await sockets()).toEqual({ before: 0, after: 1 });
      expect(await sockets()).toEqual({ before: 1, after: 1 });
      await pooled.reset();
      expect(await sockets()).toEqual({ before: 0, after: 1 });
    } finally {
      await pooled.terminate();
    }
  });

  it('a request sent while an earlier one waits for its answer is a burst of its own: both are answered, whatever order their answers come in', async () => {
    const body = (request: { body?: string | Uint8Array | undefined }) => Buffer.from(request.body ?? []).toString();
    let secondSent = () => {};
    const second = new Promise<void>((resolve) => (secondSent = resolve));
    // the main thread answers bursts in the order they came: the first only once the second was sent
    let answering = Promise.resolve();
    const overlapping = await HandlerWorker.start({
      ...options(fixture('overlapping-posts.mjs')),
      calls: {
        ...options('').calls,
        answerRequests: (requests, answer) => {
          const isFirst = requests.some(({ request }) => body(request) === 'first');
          if (!isFirst) secondSent();
          const done = answering.then(async () => {
            if (isFirst) await second;
            for (const { id } of requests) answer(id, ok);
            return 'ok' as const;
          });
          answering = done.then(() => undefined);
          return done;
        },
      },
    });
    try {
      watchdogMs = 5_000;
      expect(await overlapping.invoke(request('post'))).toEqual({ kind: 'return', json: JSON.stringify({ answered: ['first', 'second'] }) });
    } finally {
      watchdogMs = 60_000;
      await overlapping.terminate();
    }
  });

  it('a cold start leaves the ended environment’s requests unanswered: its code never resumes to write during a later invocation', async () => {
    const posted: unknown[] = [];
    let timeOutAt = 2;
    const timeout = 'fault: the invocation timed out after 1 downstream call(s)';
    const late = await HandlerWorker.start({
      ...options(fixture('late-writer.mjs')),
      calls: {
        ...options('').calls,
        answerRequests: async (requests, answer) => {
          for (const { id, request: { body } } of requests) {
            posted.push(JSON.parse(Buffer.from(body ?? []).toString()));
            if (posted.length === timeOutAt) return { abort: timeout };
            answer(id, ok);
          }
          return 'ok';
        },
      },
    });
    try {
      expect(await late.invoke({ ...request('post'), event: { ids: ['a', 'b', 'c'] } })).toEqual({ kind: 'timeout', reason: timeout });
      timeOutAt = 0;
      await late.reset();
      expect(await late.invoke({ ...request('post'), event: { ids: ['d', 'e'] } })).toMatchObject({ kind: 'return' });
      expect(posted).toEqual([{ generation: 1, id: 'a' }, { generation: 1, id: 'b' }, { generation: 2, id: 'd' }, { generation: 2, id: 'e' }]);
    } finally {
      await late.terminate();
    }
  });

  it('after terminate nothing runs', async () => {
    await worker.terminate();
    expect(worker.alive).toBe(false);
    expect(await worker.invoke(request('count'))).toMatchObject({ kind: 'crash', name: 'Runtime.Exited' });
    await expect(worker.reset()).rejects.toThrow('the execution environment has ended');
  });

  it('a handler that cannot be loaded fails to start with the loader kind and message', async () => {
    const failure = HandlerWorker.start(options(fixture('no-such-handler.mjs')));
    await expect(failure).rejects.toBeInstanceOf(HandlerLoadFailure);
    await expect(failure).rejects.toMatchObject({ kind: 'not-found', message: expect.stringMatching(/^Handler file not found: test\/fixtures\/hostile\/no-such-handler\.mjs/) });
  });
});
