/** The handler's own timers run in virtual time (worker/virtual-timers.ts), seen through the harness. */
import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../support/records.js';
import { faults, harnesses } from './support.js';

const harness = harnesses(afterAll);
const at = Date.UTC(2024, 0, 1);

async function run(mode: string, records = 1, apartMs = 0) {
  const h = await harness('sleeper.mjs', { environment: { SLEEP: mode }, functionTimeoutMs: 3_000 });
  return h.run({
    shards: [{ shardId: 's', records: seqs(records).map((s, i) => ddb(s, { key: `k${i}`, atMs: at + i * apartMs })) }],
    mapping: { MaximumRetryAttempts: 0, BatchSize: 1 },
    startTime: at,
  });
}

const number = (item: Record<string, unknown>, name: string) => Number((item[name] as { N: string }).N);

describe('virtual time: the handler’s sleeps and back-offs cost no real time', () => {
  it('a back-off loop sees its waits pass in Date.now() and getRemainingTimeInMillis(), and the model counts them in the invocation', async () => {
    const { trace, tables, calls } = await run('backoff', 2);
    // each write made by the invocation under way: none left on a timer
    expect(calls.filter((c) => c.leftBy !== undefined)).toEqual([]);
    expect(trace.invocations.map((i) => [i.outcome, i.durationMs])).toEqual([['success', 1_500], ['success', 1_500]]);
    // the second invocation starts when the first one ended
    expect(trace.invocations[1]!.at - trace.invocations[0]!.at).toBeGreaterThanOrEqual(1_500);
    const rows = tables.replica!.filter((item) => String((item.pk as { S: string }).S).startsWith('k0#'));
    const start = trace.invocations[0]!.at;
    expect(rows.map((item) => number(item, 'at') - start).sort((a, b) => a - b)).toEqual([0, 500, 1_500]);
    for (const item of rows) expect(number(item, 'remaining')).toBeLessThanOrEqual(3_000 - (number(item, 'at') - start));
  });

  it('work a handler left on a timer when it returned runs only when the environment thaws: as the next invocation starts, never after the last', async () => {
    const { trace, tables, calls } = await run('deferred', 2, 1_000);
    expect(trace.invocations.map((i) => i.at - at)).toEqual([0, 1_000]);
    // each returned with its own timer set: the first's ran as the second started, before the handler
    expect(trace.invocations.map((i) => i.timersLeft)).toEqual([{ count: 1, firstDueInMs: 100 }, { count: 1, firstDueInMs: 100 }]);
    expect(tables.replica!.map((item) => [(item.pk as { S: string }).S, number(item, 'at') - at])).toEqual([['k0', 1_000]]);
    // its write is the first invocation's work, though made during the second
    expect(calls.map((c) => [c.invocation, c.leftBy])).toEqual([[1, 0]]);
  });

  it('a timer set while an environment loads is its initialization’s, not the invocation’s before the cold start', async () => {
    const h = await harness('sleeper.mjs', { environment: { SLEEP: 'warmUp' }, functionTimeoutMs: 3_000 });
    const { calls, tables } = await h.run({
      shards: [{ shardId: 's', records: seqs(2).map((s, i) => ddb(s, { key: `k${i}`, atMs: at + i * 1_000 })) }],
      mapping: { MaximumRetryAttempts: 0, BatchSize: 1 },
      startTime: at,
      faults: faults({ invocations: [{ kind: 'cold-start', invocation: 1 }] }),
    });
    expect(tables.replica!.map((item) => (item.pk as { S: string }).S).sort()).toEqual(['warm-up k0', 'warm-up k1']);
    expect(calls.map((c) => [c.invocation, c.leftBy])).toEqual([[0, undefined], [1, undefined]]);
  });

  it('a sleep longer than the function’s timeout times the invocation out, and says why', async () => {
    const { trace } = await run('oversleep');
    expect(trace.invocations[0]!.outcome).toBe('timeout');
    expect(trace.invocations[0]!.durationMs).toBe(3_000);
    expect(trace.invocations[0]!.error).toMatch(/still waiting for a 5 s timer due 5 s into the invocation when its 3 s timeout ran out/);
    // what it logged before it timed out is shown with it
    expect(trace.invocations[0]!.output?.lines).toEqual(['waiting for the export to finish']);
  });

  it('an unref’d timer is not waited for: the promise can never settle, and the message says an unref’d timer is all there is', async () => {
    const { trace } = await run('unref');
    expect(trace.invocations[0]!.error).toMatch(/can never settle: it waits for nothing but an unref'd timer/);
    const alone = await run('abortAlone');
    expect(alone.trace.invocations[0]!.error).toMatch(/can never settle: it waits for nothing but an unref'd timer \(AbortSignal\.timeout's/);
  });

  it('a timer’s callback runs in the async context it was set in (AsyncLocalStorage), as with Node’s timers', async () => {
    const { tables } = await run('asyncContext');
    expect(tables.replica!.map((item) => [(item.pk as { S: string }).S, number(item, 'at') - at])).toEqual([['same request', 400]]);
  });

  it('AbortSignal.timeout and scheduler.wait run in virtual time too', async () => {
    const { trace, tables } = await run('abortRace');
    expect(tables.replica!.map((item) => [(item.pk as { S: string }).S, number(item, 'at') - at])).toEqual([['TimeoutError', 400]]);
    expect(trace.invocations[0]!.durationMs).toBe(1_000);
  });

  it('a callback handler’s response waits for its timers (callbackWaitsForEmptyEventLoop), and a never-ending interval times it out', async () => {
    const waited = await run('callbackTimer');
    expect(waited.trace.invocations[0]!.outcome).toBe('success');
    expect(waited.trace.invocations[0]!.durationMs).toBe(1_000);
    expect(waited.tables.replica!.map((item) => (item.pk as { S: string }).S)).toEqual(['late']);
    const interval = await run('callbackInterval');
    expect(interval.trace.invocations[0]!.outcome).toBe('timeout');
    expect(interval.trace.invocations[0]!.error).toMatch(/called back, but its response waits for the event loop to empty \(context\.callbackWaitsForEmptyEventLoop is true\), and a 1 s setInterval, next due 4 s into the invocation, was still set when its 3 s timeout ran out/);
  });
});
