import { describe, expect, it } from 'vitest';
import { simulateWith } from '../../src/simulate.js';
import type { MappingInput } from '../../src/model/mapping.js';
import { SimulationStopped } from '../../src/model/stop.js';
import type { HandlerResult, InvocationMeta } from '../../src/model/types.js';
import { ddb, seqs, shardOf } from '../support/records.js';

const shards = [shardOf(seqs(3).map((q) => ddb(q)))];
const mapping: MappingInput = { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 0 };

describe('SimulationStopped', () => {
  it('thrown by an invoker, ends the simulation with it: the setup is wrong, not the function', async () => {
    const seen: InvocationMeta[] = [];
    const stop = new SimulationStopped('the handler wrote to a table the config does not declare: audit');
    const run = simulateWith({ shards, mapping }, (_event, meta): HandlerResult => {
      seen.push(meta);
      if (meta.index === 1) throw stop;
      return { kind: 'return', value: undefined };
    });
    await expect(run).rejects.toBe(stop);
    expect(seen.map((m) => m.index)).toEqual([0, 1]);
  });

  it('unlike any other error an invoker throws, which counts as the function throwing', async () => {
    const trace = await simulateWith({ shards, mapping }, (_event, meta): HandlerResult => {
      if (meta.index === 1) throw new Error('boom');
      return { kind: 'return', value: undefined };
    });
    expect(trace.invocations.map((i) => i.outcome)).toEqual(['success', 'function-error', 'success']);
    expect(trace.invocations[1]!.error).toContain('boom');
  });

  it('is named for the reports', () => {
    expect(new SimulationStopped('x').name).toBe('SimulationStopped');
  });
});
