import { describe, expect, it } from 'vitest';
import { InputError } from '../src/model/index.js';
import { resolveMappingOnce, simulate, simulateResolved, withSettings } from '../src/simulate.js';
import type { Shard, SimulateInput } from '../src/model/types.js';
import { ddb, kinesis, seqs, shardOf, t0 } from './support/records.js';

const ok = () => ({});
const shards = [shardOf(seqs(4).map((q) => ddb(q)))];
const batches = (trace: Awaited<ReturnType<typeof simulate>>) => trace.invocations.map((i) => i.sequenceNumbers.length);

/** The one-line message simulate refuses this input with. */
async function refusal(input: unknown): Promise<string> {
  const error = await simulate(input as SimulateInput).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('simulate', () => {
  it('refuses bad input in one line naming what to pass', async () => {
    expect(await refusal({ shards })).toBe('simulate: handler must be a function (event, context) => result');
    expect(await refusal({ shards, handler: ok, source: 'sqs' })).toBe('source must be "dynamodb" or "kinesis", got "sqs"');
    expect(await refusal({ shards, handler: ok, functionTimeoutMs: 0 })).toBe('functionTimeoutMs must be a positive number, got 0');
    expect(await refusal({ shards, handler: ok, durationMs: -1 })).toBe('durationMs must be a non-negative number of milliseconds, got -1');
    expect(await refusal({ shards, handler: ok, durationMs: () => Number.NaN })).toBe('durationMs must be a non-negative number of milliseconds, got NaN');
    const kinesisShard: Shard = { shardId: 'shardId-000000000000', records: [kinesis('1')] };
    expect(await refusal({ shards: [kinesisShard], handler: ok, source: 'dynamodb' })).toBe('shard shardId-000000000000 holds aws:kinesis records but the source is dynamodb');
  });

  it('the source is read from the records when not given', async () => {
    const trace = await simulate({ shards: [{ shardId: 'shardId-000000000000', records: [kinesis('1'), kinesis('2')] }], handler: ok });
    expect(trace.invocations).toHaveLength(1);
    expect(trace.checkpoints).toEqual({ 'shardId-000000000000': '2' });
  });

  it('virtual time starts at the first record’s arrival unless startTime is given, and each invocation lasts durationMs', async () => {
    const trace = await simulate({ shards, handler: ok, mapping: { BatchSize: 2 }, durationMs: (event) => event.Records.length * 10 });
    expect(trace.invocations.map((i) => [i.at - t0, i.durationMs])).toEqual([[0, 20], [20, 20]]);
    const later = await simulate({ shards, handler: ok, mapping: { BatchSize: 2 }, startTime: t0 + 5000 });
    expect(later.invocations[0]!.at).toBe(t0 + 5000);
  });
});

describe('mappings resolved once', () => {
  it('raw mapping input is resolved for the run; a mapping resolved at the boundary is taken as it is', async () => {
    expect(batches(await simulate({ shards, handler: ok, mapping: { BatchSize: 3 } }))).toEqual([3, 1]);
    const resolved = resolveMappingOnce({ BatchSize: 3 }, 'dynamodb');
    expect(batches(await simulateResolved({ shards, handler: ok, mapping: resolved }))).toEqual([3, 1]);
    // a setting the resolver refuses shows whether the mapping was resolved again
    const beyond = withSettings(resolved, { BatchSize: 20_000 });
    expect(batches(await simulateResolved({ shards, handler: ok, mapping: beyond }))).toEqual([4]);
    await expect(simulate({ shards, handler: ok, mapping: { ...beyond } as never })).rejects.toThrow(/BatchSize/);
  });

  it('withSettings keeps the mapping resolved, with the settings changed', async () => {
    const resolved = resolveMappingOnce({ BatchSize: 3 }, 'dynamodb');
    const one = withSettings(resolved, { BatchSize: 1 });
    expect(resolved.BatchSize).toBe(3);
    expect(batches(await simulateResolved({ shards, handler: ok, mapping: one }))).toEqual([1, 1, 1, 1]);
  });
});
