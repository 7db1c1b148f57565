import { describe, expect, it } from 'vitest';
import { formatTimeline, sequenceDigits, shortSequenceNumber, skippedLine, TIMERS_LEFT_NOTE, WORK_LEFT_NOTE } from '../../reports/timeline.js';
import type { InvocationRecord, SkippedAttempts, TimelineEvent, Trace } from '../../src/model/types.js';
import { seqs, t0 } from '../support/records.js';

const shard = 'shardId-00000001767225600000-0000aaaa';
const [s1, s2, s3] = seqs(3);

function invocation(fields: Partial<InvocationRecord> = {}): InvocationRecord {
  return {
    shardId: shard, sequenceNumbers: [s1!, s2!, s3!], outcome: 'success', at: t0, durationMs: 0, requestId: 'r',
    attempt: 1, reason: 'first', iteratorAgeMs: 0, ...fields,
  };
}

function skipped(fields: Partial<SkippedAttempts> = {}): SkippedAttempts & { invocationsBefore: number } {
  return {
    type: 'skipped', invocationsBefore: 1, shardId: shard, sequenceNumbers: [s1!], count: 1, at: t0 + 1500, lastAt: t0 + 1500,
    firstAttempt: 3, failures: 2, firstRequestId: 'a', lastRequestId: 'b', iteratorAgeMs: 1500,
    invocation: { outcome: 'function-error', error: 'Error: poison', durationMs: 0, reason: 'retry' }, ...fields,
  };
}

function trace(invocations: InvocationRecord[], events: TimelineEvent[] = [], more: Partial<Trace> = {}): Trace {
  return { invocations, events, destinations: [], checkpoints: {}, discards: [], metrics: {}, endTime: t0, ...more };
}

describe('timeline: skipped attempts (fast-forward)', () => {
  it('tells one skipped attempt by its try number alone: no "until" range, no "each"', () => {
    const line = skippedLine(skipped(), t0);
    expect(line).toBe(`… 1 identical attempt skipped … [${shortSequenceNumber(s1!)}] (1) try #3 → function-error: Error: poison`);
    expect(line).not.toContain('until');
  });

  it('tells several by their try range and the time of the last, on the clock of the timeline (since its start)', () => {
    const event = skipped({ count: 4, at: t0 + 1500, lastAt: t0 + 12_500 });
    expect(skippedLine(event, t0)).toBe(`… 4 identical attempts skipped … [${shortSequenceNumber(s1!)}] (1) tries #3–#6 until +12.5s, each → function-error: Error: poison`);
    expect(skippedLine({ ...event, lastAt: t0 + 3 * 3_600_000 }, t0)).toContain('tries #3–#6 until +3.00h, each →');
  });

  it('gives the outcome without a colon when the attempts would not have raised an error', () => {
    const event = skipped({ count: 2, lastAt: t0 + 2500, invocation: { outcome: 'partial', failureIndex: 0, durationMs: 0, reason: 'retry' } });
    expect(skippedLine(event, t0)).toMatch(/until \+2\.50s, each → partial$/);
  });

  it('places the skipped line among the invocations with the range measured from the first moment of the trace', () => {
    const first = invocation({ outcome: 'function-error', error: 'Error: poison', at: t0 + 500 });
    const last = invocation({ outcome: 'function-error', error: 'Error: poison', at: t0 + 20_500, attempt: 7, reason: 'retry' });
    const lines = formatTimeline(trace([first, last], [skipped({ count: 5, at: t0 + 1500, lastAt: t0 + 12_500 })])).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^ +\+0ms {2}shardId-\S+ {2}#1 invoke first \[/);
    expect(lines[1]).toMatch(/^ +\+1\.00s {2}shardId-\S+ {2}… 5 identical attempts skipped … .* tries #3–#7 until \+12\.0s, each → function-error: Error: poison$/);
    expect(lines[2]).toMatch(/^ +\+20\.0s {2}shardId-\S+ {2}#2 invoke retry \(attempt 7\) /);
  });
});

describe('timeline: invocations and events', () => {
  it('numbers invocations from 1 and tells a partial response by the record it failed at, an error by its message', () => {
    const text = formatTimeline(trace([
      invocation({ outcome: 'partial', failureIndex: 1 }),
      invocation({ outcome: 'function-error', error: 'Error: boom', attempt: 2, reason: 'retry', at: t0 + 1000, subStream: 1 }),
    ]));
    const [a, b] = text.split('\n');
    expect(a).toContain(`#1 invoke first [${[s1, s2, s3].map((s) => shortSequenceNumber(s!)).join(' ')}] (3) → partial at ${shortSequenceNumber(s2!)}`);
    expect(b).toContain('#2 invoke retry (attempt 2) sub-stream 1 [');
    expect(b).toMatch(/→ function-error: Error: boom$/);
  });

  it('tells when the handler returned with timers still set, and once, under the invocations, what Lambda does with them', () => {
    const lines = formatTimeline(trace([
      invocation({ timersLeft: { count: 1, firstDueInMs: 50 } }),
      invocation({ timersLeft: { count: 3, firstDueInMs: 0 } }),
      invocation(),
    ])).split('\n');
    expect(lines[0]).toMatch(/→ success; returned with a timer still set \(due in 50ms\)$/);
    expect(lines[1]).toMatch(/→ success; returned with 3 timers still set \(the first due in 0ms\)$/);
    expect(lines[2]).toMatch(/→ success$/);
    expect(lines.filter((line) => line === TIMERS_LEFT_NOTE)).toHaveLength(1);
    expect(formatTimeline(trace([invocation()]))).not.toContain(TIMERS_LEFT_NOTE);
  });

  it('tells when an invocation ended before the work it did not await was done, and whether that work froze', () => {
    const lines = formatTimeline(trace([
      invocation({ workLeft: { calls: 2 } }),
      invocation({ workLeft: { calls: 1, frozen: true } }),
      invocation({ workLeft: { calls: 0, frozen: true } }),
      invocation(),
    ])).split('\n');
    expect(lines[0]).toMatch(/→ success; ended before its work was done \(2 downstream calls made after\)$/);
    expect(lines[1]).toMatch(/→ success; ended before its work was done \(1 downstream call made after\), which stopped when the environment froze$/);
    expect(lines[2]).toMatch(/→ success; ended before its work made any downstream call, which stopped when the environment froze$/);
    expect(lines[3]).toMatch(/→ success$/);
    expect(lines.filter((line) => line === WORK_LEFT_NOTE)).toHaveLength(1);
    expect(formatTimeline(trace([invocation()]))).not.toContain(WORK_LEFT_NOTE);
  });

  it("tells what ended the environment after a run's last invocation returned", () => {
    const lines = formatTimeline(trace([invocation({ workLeft: { calls: 1 }, endedAfter: 'Runtime.UnhandledPromiseRejection: Error: read ETIMEDOUT' })])).split('\n');
    expect(lines[0]).toMatch(/→ success; ended before its work was done \(1 downstream call made after\); then its execution environment ended on Runtime\.UnhandledPromiseRejection: Error: read ETIMEDOUT, which fails the next invocation$/);
  });

  it('shows a long batch by its first two and last records and its size', () => {
    const many = seqs(9);
    const text = formatTimeline(trace([invocation({ sequenceNumbers: many })]));
    expect(text).toContain(`[${shortSequenceNumber(many[0]!)} ${shortSequenceNumber(many[1]!)} … ${shortSequenceNumber(many[8]!)}] (9)`);
  });

  it('tells checkpoints, bisects, throttles and discards, and ends with each shard\'s checkpoint and counts', () => {
    const events: TimelineEvent[] = [
      { type: 'bisect', invocationsBefore: 1, shardId: shard, left: [s1!], right: [s2!, s3!], at: t0 + 10 },
      { type: 'throttle', invocationsBefore: 1, shardId: shard, sequenceNumbers: [s1!], at: t0 + 20 },
      { type: 'discard', invocationsBefore: 1, shardId: shard, sequenceNumbers: [s1!], condition: 'RetryAttemptsExhausted', at: t0 + 30 },
      { type: 'checkpoint', invocationsBefore: 1, shardId: shard, sequenceNumber: s3!, at: t0 + 40 },
    ];
    const metrics = { [shard]: { polled: 3, filteredOut: 0, invoked: 3, failedInvoke: 1, dropped: 1, deliveredToDestination: 0, throttles: 1, skipped: 0, maxIteratorAgeMs: 2500 } };
    const lines = formatTimeline(trace([invocation({ outcome: 'function-error', error: 'x' })], events, { checkpoints: { [shard]: s3!, other: null }, metrics })).split('\n');
    expect(lines.slice(1, 5).map((l) => l.split('  ').at(-1))).toEqual([
      `bisect [${shortSequenceNumber(s1!)}] (1) | [${shortSequenceNumber(s2!)} ${shortSequenceNumber(s3!)}] (2)`,
      `throttled [${shortSequenceNumber(s1!)}] (1)`,
      `discard [${shortSequenceNumber(s1!)}] (1) (RetryAttemptsExhausted)`,
      `checkpoint → ${shortSequenceNumber(s3!)}`,
    ]);
    expect(lines.slice(5)).toEqual([
      `${shard}: checkpoint ${shortSequenceNumber(s3!)}, 3 records invoked, 1 dropped, worst IteratorAge 2.5s`,
      'other: checkpoint none',
    ]);
  });

  it("counts the records the mapping's filter dropped beside the invoked ones, only when there are any", () => {
    const metrics = { [shard]: { polled: 4, filteredOut: 2, invoked: 2, failedInvoke: 0, dropped: 0, deliveredToDestination: 0, throttles: 0, skipped: 0, maxIteratorAgeMs: 0 } };
    const lines = formatTimeline(trace([invocation()], [], { checkpoints: { [shard]: s3! }, metrics })).split('\n');
    expect(lines.at(-1)).toBe(`${shard}: checkpoint ${shortSequenceNumber(s3!)}, 2 records invoked, 2 filtered out, 0 dropped, worst IteratorAge 0.0s`);
  });

  it('cuts after maxLines and says how many lines were left out', () => {
    const invocations = Array.from({ length: 5 }, (_, i) => invocation({ at: t0 + i }));
    const lines = formatTimeline(trace(invocations), { maxLines: 2 }).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('… 3 more lines');
  });

  it('shortens only sequence numbers longer than the digits it keeps', () => {
    expect(shortSequenceNumber('123456789')).toBe('…456789');
    expect(shortSequenceNumber('123456')).toBe('123456');
    expect(shortSequenceNumber('123456789', 3)).toBe('…789');
  });
});

describe('timeline: shortened sequence numbers stay apart and in order', () => {
  it('keeps 6 digits where they tell the numbers apart, and more where two would read alike or out of order', () => {
    expect(sequenceDigits(['100000000000000000000001', '100000000000000000000002'])).toBe(6);
    // …000000 twice: the digits before the run of zeros tell them apart
    expect(sequenceDigits(['10180000000000000000000000', '10180000000000129000000000'])).toBe(10);
    // …000014 would read before …000008 though it is the smaller number
    const [low, high] = ['999999999999998629000000014', '1000000000000000000167000000008'];
    const digits = sequenceDigits([high, low]);
    expect(BigInt(shortSequenceNumber(low, digits).slice(1))).toBeLessThan(BigInt(shortSequenceNumber(high, digits).slice(1)));
  });

  it('numbers that cross a power of ten, which read in order only in full, are told apart by their fewest distinct last digits', () => {
    const shardSeqs = ['99999999999999999999999970612883099', '99999999999999999999999999999999999', '100000000000000000000000011884495804', '100000000000000000000000415309107945'];
    expect(sequenceDigits(shardSeqs)).toBe(6);
    expect(formatTimeline(trace([invocation({ sequenceNumbers: shardSeqs })]))).toContain('[…883099 …999999 …495804 …107945] (4)');
  });

  it('compares the numbers of one shard only: two shards of unrelated lengths keep the short form', () => {
    const long = `2${'0'.repeat(124)}`;
    const [a, b] = ['74180000000000000000000000000000000000000000000000000001', '74180000000000000000000000000000000000000000000000000007'];
    const text = formatTimeline(trace([invocation({ shardId: 'shardId-000000000000', sequenceNumbers: [long] }), invocation({ shardId: 'shardId-000000000001', sequenceNumbers: [a, b] })]));
    expect(text).toContain('[…000000] (1)');
    expect(text).toContain('[…000001 …000007] (2)');
  });

  it('shortens every line of one timeline alike, and counts one record in the singular', () => {
    const [a, b] = ['10180000000000000000000000', '10180000000000129000000000'];
    const text = formatTimeline(trace([invocation({ sequenceNumbers: [a] }), invocation({ sequenceNumbers: [b] })], [], {
      checkpoints: { [shard]: b },
      metrics: { [shard]: { invoked: 1, dropped: 0, maxIteratorAgeMs: 0, filteredOut: 1 } as Trace['metrics'][string] },
    }));
    expect(text).toContain('[…0000000000] (1)');
    expect(text).toContain('[…9000000000] (1)');
    expect(text).toContain(`${shard}: checkpoint …9000000000, 1 record invoked, 1 filtered out`);
  });
});
