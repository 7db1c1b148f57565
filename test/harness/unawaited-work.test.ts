/** Work the handler does not await runs on after its invocation ends: the harness tells it apart (worker.ts, madeAfterEnd). */
import { afterAll, describe, expect, it } from 'vitest';
import { ddb, seqs } from '../support/records.js';
import { faults, harnesses } from './support.js';

const harness = harnesses(afterAll);
const at = Date.UTC(2024, 0, 1);
const hooks = { 'https://hooks.example.com': { status: 202 } };

async function run(mode: string, { records = 2, batchSize = 2, frozenAfter }: { records?: number; batchSize?: number; frozenAfter?: number } = {}) {
  const h = await harness('unawaited.mjs', { environment: { MODE: mode }, http: hooks });
  return h.run({
    shards: [{ shardId: 's', records: seqs(records).map((s, i) => ddb(s, { key: `k${i}`, atMs: at })) }],
    mapping: { MaximumRetryAttempts: 0, BatchSize: batchSize },
    startTime: at,
    ...(frozenAfter !== undefined && { faults: faults({ invocations: [{ kind: 'timeout-after-calls', invocation: 0, calls: frozenAfter }] }) }),
  });
}

const keys = (tables: Record<string, Record<string, unknown>[]>) => (tables.replica ?? []).map((item) => (item.pk as { S: string }).S).sort();

describe('work the handler does not await', () => {
  it('forEach(async …): its calls are marked as made after the invocation ended, and what that work logged is kept with the invocation', async () => {
    const { trace, calls, tables } = await run('forEach');
    expect(trace.invocations.map((i) => [i.outcome, i.workLeft])).toEqual([['success', { calls: 2 }]]);
    expect(calls.map((c) => [c.operation, c.afterReturn])).toEqual([['PutItem', true], ['PutItem', true]]);
    // the environment was thawed (the run went on), so the work finished
    expect(keys(tables)).toEqual(['k0', 'k1']);
    expect(trace.invocations[0]!.outputAfter?.lines.toSorted()).toEqual(['wrote k0', 'wrote k1']);
    expect(trace.invocations[0]!.output).toBeUndefined();
  });

  it('a timeout-after-calls fault that falls after the invocation ended freezes that work for good: the invocation still succeeded', async () => {
    const { trace, tables } = await run('forEach', { frozenAfter: 1 });
    expect(trace.invocations.map((i) => [i.outcome, i.workLeft])).toEqual([['success', { calls: 1, frozen: true }]]);
    expect(keys(tables)).toEqual(['k0']);
  });

  it('over fetch too (requests captured at the HTTP layer)', async () => {
    const { trace, calls } = await run('forEachFetch');
    expect(calls.map((c) => [c.service, c.afterReturn])).toEqual([['http', true], ['http', true]]);
    expect(trace.invocations[0]!.workLeft).toEqual({ calls: 2 });
    expect(trace.invocations[0]!.outputAfter?.lines.toSorted()).toEqual(['posted k0 202', 'posted k1 202']);
  });

  it('work left by one invocation is its own: the next one begins once that work has had its answers', async () => {
    const { trace, calls, tables } = await run('forEach', { batchSize: 1 });
    expect(trace.invocations.map((i) => i.workLeft)).toEqual([{ calls: 1 }, { calls: 1 }]);
    expect(calls.map((c) => [c.invocation, c.leftBy, c.afterReturn])).toEqual([[0, undefined, true], [1, undefined, true]]);
    expect(keys(tables)).toEqual(['k0', 'k1']);
  });

  it('a handler that awaits its writes leaves nothing behind', async () => {
    const { trace, calls } = await run('awaited');
    expect(trace.invocations.map((i) => i.workLeft)).toEqual([undefined]);
    expect(calls.filter((c) => c.afterReturn)).toEqual([]);
  });
});
