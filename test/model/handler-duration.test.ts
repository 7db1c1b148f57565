import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateWith } from '../../src/simulate.js';
import type { MappingInput } from '../../src/model/mapping.js';
import type { HandlerResult } from '../../src/model/types.js';
import { ddb, seqs, shardOf } from '../support/records.js';

const mapping: MappingInput = { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 0 };

describe('the time a handler reports it took (its own sleeps, in virtual time)', () => {
  it('adds to the configured duration, and the shard’s next batch starts no earlier than the invocation ended', () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 6 }), fc.constantFrom(0, 100), async (waits, base) => {
        const trace = await simulateWith({ shards: [shardOf(seqs(waits.length).map((q) => ddb(q)))], mapping, durationMs: base, functionTimeoutMs: 3_000 }, (_event, meta): HandlerResult => ({
          kind: 'return', value: undefined, durationMs: waits[meta.index]!,
        }));
        expect(trace.invocations.map((i) => i.durationMs)).toEqual(waits.map((w) => w + base));
        for (let i = 1; i < trace.invocations.length; i++) {
          expect(trace.invocations[i]!.at).toBeGreaterThanOrEqual(trace.invocations[i - 1]!.at + trace.invocations[i - 1]!.durationMs);
        }
      }),
    ));

  it('a handler that took longer than the function’s timeout timed out', async () => {
    const trace = await simulateWith({ shards: [shardOf(seqs(1).map((q) => ddb(q)))], mapping, durationMs: 500, functionTimeoutMs: 3_000 }, (): HandlerResult => ({ kind: 'return', value: undefined, durationMs: 2_600 }));
    expect(trace.invocations.map((i) => [i.outcome, i.durationMs])).toEqual([['timeout', 3_000]]);
  });
});
