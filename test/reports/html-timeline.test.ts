import { describe, expect, it } from 'vitest';
import { chipRows, groupInvocations, MAX_DRAWN_ITEMS, relativeTime, renderTimeline, shortener, shortShardId } from '../../reports/html-timeline.js';
import type { DrawnInvocation, DrawnTrace } from '../../reports/html-trace.js';
import type { TimelineEvent } from '../../src/model/types.js';
import { seqs, t0 } from '../support/records.js';

const shardA = 'shardId-00000001767225600000-0000aaaa';
const shardB = 'shardId-00000001767225600000-0000bbbb';
const batch = seqs(3);

function inv(fields: Partial<DrawnInvocation> = {}): DrawnInvocation {
  return { shardId: shardA, sequenceNumbers: batch, outcome: 'function-error', error: 'Error: x', at: t0, durationMs: 0, attempt: 1, reason: 'first', iteratorAgeMs: 0, ...fields };
}

function trace(invocations: DrawnInvocation[], events: TimelineEvent[] = [], checkpoints: DrawnTrace['checkpoints'] = {}): DrawnTrace {
  return { invocations, events, destinations: [], checkpoints, origin: invocations[0]?.at ?? t0 };
}

/** Attempts 1..n of one batch, 1 s apart. */
const retries = (n: number, fields: Partial<DrawnInvocation> = {}) =>
  Array.from({ length: n }, (_, k) => inv({ attempt: k + 1, reason: k === 0 ? 'first' : 'retry', at: t0 + k * 1000, ...fields }));

describe('HTML timeline: labels', () => {
  it('shortens sequence numbers to the fewest last digits (at least 4) that tell a shard\'s records apart', () => {
    const short = shortener([
      { shardId: shardA, sequenceNumber: '1000000000000000012345' },
      { shardId: shardA, sequenceNumber: '1000000000000000022345' },
      { shardId: shardB, sequenceNumber: '1000000000000000012345' },
    ]);
    expect(short('1000000000000000012345')).toBe('…12345');
    expect(shortener([{ shardId: shardA, sequenceNumber: '1000000000000000012345' }])('1000000000000000012345')).toBe('…2345');
    // records of different shards may share a tail: they sit in other lanes
    expect(shortener([{ shardId: shardA, sequenceNumber: '111112345' }, { shardId: shardB, sequenceNumber: '222212345' }])('111112345')).toBe('…2345');
    expect(shortener([])('12345')).toBe('12345');
  });

  it('labels a lane by the part of the shard id that differs', () => {
    expect(shortShardId(shardA)).toBe('shard …0000aaaa');
    expect(shortShardId('shardId-000000000007')).toBe('shard 7');
    expect(shortShardId('a-very-long-shard-name-that-is-not-aws')).toHaveLength(22);
  });

  it('tells virtual time since the start in the unit that reads best', () => {
    expect([0, 999, 1500, 12_500, 119_000, 3_600_000, 7_200_000, 86_400_000].map(relativeTime)).toEqual([
      '+0 ms', '+999 ms', '+1.50 s', '+12.5 s', '+119.0 s', '+60.0 min', '+2.00 h', '+24.00 h',
    ]);
  });

  it('lists every record of a small batch; of a large one the first, the reported failure with its neighbour, and the last, counting the gaps', () => {
    expect(chipRows(3)).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }]);
    expect(chipRows(10)).toEqual([{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }, { gap: 5 }, { index: 9 }]);
    expect(chipRows(10, 6)).toEqual([{ index: 0 }, { gap: 4 }, { index: 5 }, { index: 6 }, { gap: 2 }, { index: 9 }]);
    expect(chipRows(8, 5)).toEqual([{ index: 0 }, { gap: 3 }, { index: 4 }, { index: 5 }, { gap: 1 }, { index: 7 }]);
    expect(chipRows(10, 9)).toEqual([{ index: 0 }, { gap: 7 }, { index: 8 }, { index: 9 }]);
  });
});

describe('HTML timeline: grouping identical attempts', () => {
  it('stacks a run of at least three attempts of the same batch failing the same way into one box', () => {
    const items = groupInvocations(trace(retries(5)));
    expect(items.map((i) => [i.first, i.last, i.count, i.lastAttempt, i.lastAt - t0])).toEqual([[0, 4, 5, 5, 4000]]);
  });

  it('keeps two such attempts as separate boxes, and breaks a run where the outcome, the batch or the lane changes', () => {
    expect(groupInvocations(trace(retries(2))).map((i) => i.count)).toEqual([1, 1]);
    const changed = [...retries(3), inv({ attempt: 4, reason: 'retry', outcome: 'timeout', error: 'timed out' })];
    expect(groupInvocations(trace(changed)).map((i) => i.count)).toEqual([3, 1]);
    const otherLanes = retries(4).map((i, k) => ({ ...i, subStream: k % 2 }));
    expect(groupInvocations(trace(otherLanes)).map((i) => i.count)).toEqual([1, 1, 1, 1]);
  });

  it('breaks a run where the mapping did something to the shard in between, and never stacks a duplicate delivery', () => {
    const bisect: TimelineEvent = { type: 'bisect', invocationsBefore: 2, shardId: shardA, left: [batch[0]!], right: batch.slice(1), at: t0 + 1500 };
    expect(groupInvocations(trace(retries(6), [bisect])).map((i) => i.count)).toEqual([1, 1, 4]);
    const withDuplicate = [...retries(3), inv({ attempt: 4, reason: 'duplicate' })];
    expect(groupInvocations(trace(withDuplicate)).map((i) => i.count)).toEqual([3, 1]);
  });
});

describe('HTML timeline: the picture', () => {
  it('draws a lane per shard and sub-stream, every invocation once, and each shard\'s final checkpoint', () => {
    const invocations = [inv({ outcome: 'success', error: undefined }), inv({ shardId: shardB, subStream: 0, outcome: 'success', error: undefined }), inv({ shardId: shardB, subStream: 1, outcome: 'success', error: undefined })];
    const picture = renderTimeline(trace(invocations, [], { [shardA]: batch[2]!, [shardB]: null }), { id: 't1', records: [] });
    expect(picture.lanes).toBe(3);
    expect(picture.drawn).toBe(3);
    expect(picture.omitted).toBe(0);
    expect(picture.svg).toContain('Invocation timeline: 3 invocation(s) on 3 lanes (shard …0000aaaa, shard …0000bbbb sub-stream 0, shard …0000bbbb sub-stream 1)');
    expect(picture.svg).toContain(`<title>${shardB}: final checkpoint none</title>`);
    expect(picture.svg).toContain(`<title>${shardA}: final checkpoint ${batch[2]}</title>`);
    expect(picture.labelSvg).toContain('sub-stream 1');
  });

  it('says, in an invocation\'s details, that it ended before the work it did not await was done', () => {
    const { svg } = renderTimeline(trace([inv({ outcome: 'success', workLeft: { calls: 2, frozen: true } })]), { id: 't4', records: [] });
    expect(svg).toContain('ended before its work was done (2 downstream calls made after), which stopped when the environment froze');
    const ended = renderTimeline(trace([inv({ outcome: 'success', workLeft: { calls: 1 }, endedAfter: 'Runtime.UnhandledPromiseRejection: Error: socket hang up' })]), { id: 't5', records: [] });
    expect(ended.svg).toContain('then its execution environment ended on Runtime.UnhandledPromiseRejection: Error: socket hang up, which fails the next invocation');
  });

  it('marks a stacked run with its count and the time of its last attempt since the start', () => {
    const { svg } = renderTimeline(trace(retries(4)), { id: 't2', records: [] });
    expect(svg).toContain('data-invocation="0" data-count="4" data-outcome="function-error"');
    expect(svg).toContain('×4 until +3.00 s');
    expect(svg).toContain('#1–4: 4 attempts of the same batch (first, attempts 1–4), each → function-error, from +0 ms to +3.00 s');
  });

  it(`draws at most ${MAX_DRAWN_ITEMS} boxes and counts the invocations left out`, () => {
    const many = Array.from({ length: MAX_DRAWN_ITEMS + 7 }, (_, k) => inv({ sequenceNumbers: [seqs(1, 10n ** 20n + BigInt(k))[0]!], at: t0 + k, outcome: 'success', error: undefined }));
    const picture = renderTimeline(trace(many), { id: 't3', records: [] });
    expect(picture.items).toHaveLength(MAX_DRAWN_ITEMS);
    expect(picture.drawn).toBe(MAX_DRAWN_ITEMS);
    expect(picture.omitted).toBe(7);
  });

  it('titles the skipped-attempts marker with the timeline\'s line, times since the start of the trace', () => {
    const skipped: TimelineEvent = {
      type: 'skipped', invocationsBefore: 2, shardId: shardA, sequenceNumbers: batch, count: 3, at: t0 + 2000, lastAt: t0 + 8000, firstAttempt: 3,
      failures: 2, firstRequestId: 'a', lastRequestId: 'b', iteratorAgeMs: 0, invocation: { outcome: 'function-error', error: 'Error: x', durationMs: 0, reason: 'retry' },
    };
    const { svg } = renderTimeline(trace([...retries(2), inv({ attempt: 6, reason: 'retry', at: t0 + 9000 })], [skipped]), { id: 't4', records: [] });
    expect(svg).toContain('data-event="skipped"');
    expect(svg).toMatch(/<title>… 3 identical attempts skipped … \[[^\]]+\] \(3\) tries #3–#5 until \+8\.00s, each → function-error: Error: x<\/title>/);
  });
});
