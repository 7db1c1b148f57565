import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dynamodbAccess, prepareShards } from '../../src/model/prepare.js';
import { Lane, RecordState, ShardRun, type Batch } from '../../src/model/shard-run.js';
import { ddb, seqs, shardOf, t0 } from '../support/records.js';

const { Pending, Committed, Discarded, Skipped, Filtered } = RecordState;

function shardRun(records: number): ShardRun {
  return new ShardRun(prepareShards([shardOf(seqs(records).map((q) => ddb(q)))], dynamodbAccess)[0]!);
}

describe('ShardRun.advanceCheckpoint', () => {
  it('moves over the final records at the start of the shard and stops at the first pending one', () => {
    const run = shardRun(5);
    run.status.set([Committed, Discarded, Pending, Committed, Committed]);
    expect(run.advanceCheckpoint()).toBe(true);
    expect([run.finalPrefix, run.checkpointIndex]).toEqual([2, 1]);
    expect(run.advanceCheckpoint()).toBe(false);
    run.status[2] = Filtered;
    expect(run.advanceCheckpoint()).toBe(true);
    expect([run.finalPrefix, run.checkpointIndex]).toEqual([5, 4]);
  });

  it('passes records gone before the mapping read them without checkpointing on them', () => {
    const run = shardRun(4);
    run.status.set([Skipped, Skipped, Pending, Pending]);
    expect(run.advanceCheckpoint()).toBe(false);
    expect([run.finalPrefix, run.checkpointIndex]).toEqual([2, -1]);
    run.status.set([Skipped, Skipped, Committed, Skipped]);
    expect(run.advanceCheckpoint()).toBe(true);
    expect([run.finalPrefix, run.checkpointIndex]).toEqual([4, 2]);
  });

  it('starts with nothing checkpointed and every record pending', () => {
    const run = shardRun(3);
    expect([...run.status]).toEqual([Pending, Pending, Pending]);
    expect([run.finalPrefix, run.checkpointIndex, run.shardId]).toEqual([0, -1, 'shardId-00000001767225600000-0000aaaa']);
  });

  it('keeps the checkpoint at the last non-skipped record of the final prefix, whatever order records become final in', () =>
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(Committed, Discarded, Skipped, Filtered), { minLength: 1, maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (finals, order) => {
          const run = shardRun(finals.length);
          const indexes = finals.map((_, i) => i);
          for (const k of order) indexes.push(...indexes.splice(k % indexes.length, 1));
          let previous = run.checkpointIndex;
          for (const i of indexes) {
            run.status[i] = finals[i]!;
            const moved = run.advanceCheckpoint();
            const prefix = [...run.status].findIndex((state) => state === Pending);
            const finalPrefix = prefix === -1 ? finals.length : prefix;
            const expected = finals.slice(0, finalPrefix).findLastIndex((state) => state !== Skipped);
            expect(run.finalPrefix).toBe(finalPrefix);
            expect(run.checkpointIndex).toBe(expected);
            expect(moved).toBe(expected !== previous);
            expect(run.checkpointIndex).toBeGreaterThanOrEqual(previous);
            previous = run.checkpointIndex;
          }
        },
      ),
    ));
});

describe('Lane', () => {
  it('starts at its shard\'s start time, with its batching window open from there', () => {
    const lane = new Lane(shardRun(2), Int32Array.from([0, 1]), undefined, 0, t0 + 500);
    expect([lane.time, lane.windowStart, lane.pos]).toEqual([t0 + 500, t0 + 500, 0]);
  });

  it('is idle only with no pending batch and no bisected half waiting', () => {
    const lane = new Lane(shardRun(2), Int32Array.from([0, 1]), 0, 0, t0);
    const batch: Batch = { from: 0, to: 2, attempts: 0, invokes: 0, reason: 'first', lastRequestId: undefined };
    expect(lane.idle).toBe(true);
    lane.pending = batch;
    expect(lane.idle).toBe(false);
    lane.pending = null;
    lane.stack.push({ ...batch, from: 1, reason: 'bisect' });
    expect(lane.idle).toBe(false);
  });
});
