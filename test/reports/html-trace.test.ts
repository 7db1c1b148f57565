import { describe, expect, it } from 'vitest';
import { batchInfoOf, readTrace, requestContextOf } from '../../reports/html-trace.js';
import type { DestinationDelivery } from '../../src/model/types.js';
import { seqs, t0 } from '../support/records.js';

const shard = 'shardId-00000001767225600000-0000aaaa';
const [s1, s2] = seqs(2);
const invocation = { shardId: shard, sequenceNumbers: [s1, s2], outcome: 'function-error', at: t0 + 100, durationMs: 5, attempt: 1, reason: 'first', iteratorAgeMs: 0, requestId: 'r1', error: 'Error: x' };

describe('reading a counterexample\'s trace for the picture (it may come from a JSON file of another version)', () => {
  it('reads a well-formed trace as it is, its origin the earliest moment', () => {
    const trace = readTrace({
      invocations: [invocation, { ...invocation, at: t0 + 600, attempt: 2, reason: 'retry', subStream: 1, window: { start: 1, end: 2, final: true } }],
      events: [{ type: 'checkpoint', shardId: shard, sequenceNumber: s2, at: t0 + 50, invocationsBefore: 1 }],
      destinations: [],
      checkpoints: { [shard]: s2, other: null },
    })!;
    expect(trace.invocations).toEqual([
      invocation,
      { ...invocation, at: t0 + 600, attempt: 2, reason: 'retry', subStream: 1, window: { start: 1, end: 2, final: true, terminatedEarly: false } },
    ]);
    expect(trace.events).toEqual([{ type: 'checkpoint', shardId: shard, sequenceNumber: s2, at: t0 + 50, invocationsBefore: 1 }]);
    expect(trace.checkpoints).toEqual({ [shard]: s2, other: null });
    expect(trace.origin).toBe(t0 + 50);
  });

  it('keeps what an invocation left running when it ended, and drops a malformed account of it', () => {
    const trace = readTrace({
      invocations: [{ ...invocation, workLeft: { calls: 2, frozen: true } }, { ...invocation, workLeft: { calls: 'two', frozen: 'yes' } }, { ...invocation, workLeft: 3 }],
      events: [],
      destinations: [],
      checkpoints: {},
    })!;
    expect(trace.invocations.map((i) => i.workLeft)).toEqual([{ calls: 2, frozen: true }, { calls: 0 }, undefined]);
    const ended = readTrace({ invocations: [{ ...invocation, endedAfter: 'Runtime.ExitError: exit' }, { ...invocation, endedAfter: 3 }], events: [], destinations: [], checkpoints: {} })!;
    expect(ended.invocations.map((i) => i.endedAfter)).toEqual(['Runtime.ExitError: exit', undefined]);
  });

  it('leaves out what it cannot read, and fills in what an invocation lacks', () => {
    const trace = readTrace({
      invocations: [
        { shardId: shard, sequenceNumbers: [s1], outcome: 'success' },
        { shardId: shard, sequenceNumbers: [s1], outcome: 'exploded' },
        { shardId: 7, sequenceNumbers: [s1], outcome: 'success' },
        { shardId: shard, sequenceNumbers: [1], outcome: 'success' },
        null,
        { ...invocation, reason: 'whim', at: 'soon', failureIndex: '0' },
      ],
      events: [
        { type: 'bisect', shardId: shard, left: [s1], right: 'no', at: t0 },
        { type: 'discard', shardId: shard, sequenceNumbers: [s1], condition: 'Bored', at: t0 },
        { type: 'weather', shardId: shard, at: t0 },
        { type: 'throttle', shardId: shard, sequenceNumbers: [s1], at: t0, invocationsBefore: 99 },
      ],
      destinations: [{ type: 'email', document: {} }, { type: 'sqs', arn: 'q' }],
      checkpoints: { [shard]: 42, other: s1 },
    })!;
    expect(trace.invocations).toEqual([
      { shardId: shard, sequenceNumbers: [s1], outcome: 'success', at: 0, durationMs: 0, attempt: 1, reason: 'first', iteratorAgeMs: 0 },
      { ...invocation, reason: 'first', at: 0 },
    ]);
    // the throttle is kept, placed after the invocations there are
    expect(trace.events).toEqual([{ type: 'throttle', shardId: shard, sequenceNumbers: [s1], at: t0, invocationsBefore: 2 }]);
    expect(trace.destinations).toEqual([]);
    expect(trace.checkpoints).toEqual({ other: s1 });
    expect(trace.origin).toBe(t0);
  });

  it('shows the discards of a trace written before discard events existed, placed after the invocations that started by then', () => {
    const trace = readTrace({
      invocations: [invocation, { ...invocation, at: t0 + 900 }],
      discards: [{ shardId: shard, sequenceNumbers: [s1], condition: 'RecordAgeExceeded', at: t0 + 500 }],
    })!;
    expect(trace.events).toEqual([{ type: 'discard', shardId: shard, sequenceNumbers: [s1], condition: 'RecordAgeExceeded', at: t0 + 500, invocationsBefore: 1 }]);
  });

  it('has nothing to draw without invocations, events or checkpoints, or when the trace is not an object', () => {
    expect(readTrace(undefined)).toBeUndefined();
    expect(readTrace([invocation])).toBeUndefined();
    expect(readTrace({ invocations: [{ outcome: 'success' }], events: 'none', checkpoints: {} })).toBeUndefined();
    expect(readTrace({ checkpoints: { [shard]: null } })).toEqual({ invocations: [], events: [], destinations: [], checkpoints: { [shard]: null }, origin: 0 });
  });

  it('reads an OnFailure document\'s batch info and request context, of either source, and only their well-typed fields', () => {
    const info = { shardId: shard, startSequenceNumber: s1, endSequenceNumber: s2, batchSize: 2 };
    const context = { requestId: 'r', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 };
    const ddb = { type: 'sqs', arn: 'q', document: { requestContext: context, DDBStreamBatchInfo: info } } as unknown as DestinationDelivery;
    const kinesis = { type: 'sns', arn: 't', document: { KinesisBatchInfo: { ...info, batchSize: '2' } } } as unknown as DestinationDelivery;
    expect(batchInfoOf(ddb)).toEqual(info);
    expect(batchInfoOf(kinesis)).toEqual({ shardId: shard, startSequenceNumber: s1, endSequenceNumber: s2 });
    expect(requestContextOf(ddb)).toEqual({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 });
    expect(requestContextOf(kinesis)).toEqual({});
    expect(batchInfoOf({ type: 's3', arn: 'b', document: {} } as unknown as DestinationDelivery)).toEqual({});
  });
});
