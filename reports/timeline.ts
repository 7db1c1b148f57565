import type { InvocationRecord, TimelineEvent, Trace } from '../src/model/types.js';

/** What the timeline is drawn from: a trace, or a counterexample's (old reports lack `metrics`). */
type TimelineTrace = Pick<Trace, 'invocations' | 'events' | 'destinations' | 'checkpoints'> & { metrics?: Trace['metrics'] };

/** Sequence numbers are long: show the last digits, which is where records of one run differ. */
export function shortSequenceNumber(seq: string, digits = 6): string {
  return seq.length > digits ? `…${seq.slice(-digits)}` : seq;
}

/**
 * How many last digits tell a trace's sequence numbers apart, in their order: at least 6, more
 * where two share their last 6 (…000000 twice) or where the shortened ones would read in another
 * order than the numbers (…000014 before …000008). Numbers that cross a power of ten
 * (…99999970612883099, then …00000011884495804) read in order only in full: they are told apart
 * by as few digits as make them distinct, as 35-digit numbers help no one.
 */
export function sequenceDigits(seqs: Iterable<string>, least = 6): number {
  const sorted = [...new Set(seqs)].filter((s) => /^\d+$/.test(s)).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const longest = Math.max(least, ...sorted.map((s) => s.length));
  const readsInOrder = (digits: number) => sorted.every((s, i) => i === 0 || BigInt(s.slice(-digits)) > BigInt(sorted[i - 1]!.slice(-digits)));
  const distinct = (digits: number) => new Set(sorted.map((s) => s.slice(-digits))).size === sorted.length;
  const fewest = (fits: (digits: number) => boolean) => {
    let digits = least;
    while (digits < longest && !fits(digits)) digits++;
    return digits;
  };
  const inOrder = fewest(readsInOrder);
  return inOrder <= least + MAX_EXTRA_DIGITS ? inOrder : fewest(distinct);
}

/** Digits beyond the least that keeping shortened numbers in order may cost. */
const MAX_EXTRA_DIGITS = 6;

/** The trace's sequence numbers per shard: numbers of different shards are never compared, so only each shard's need telling apart. */
function traceSequenceNumbers(trace: TimelineTrace): Map<string, string[]> {
  const byShard = new Map<string, string[]>();
  const add = (shardId: string, ...seqs: string[]) => byShard.set(shardId, [...(byShard.get(shardId) ?? []), ...seqs]);
  for (const invocation of trace.invocations) add(invocation.shardId, ...invocation.sequenceNumbers);
  for (const [shardId, seq] of Object.entries(trace.checkpoints)) if (seq !== null) add(shardId, seq);
  for (const event of trace.events) {
    if (event.type === 'checkpoint') add(event.shardId, event.sequenceNumber);
    else if (event.type === 'bisect') add(event.shardId, ...event.left, ...event.right);
    else add(event.shardId, ...event.sequenceNumbers);
  }
  return byShard;
}

function relative(at: number, origin: number): string {
  const ms = at - origin;
  if (ms < 1000) return `+${ms}ms`;
  if (ms < 3_600_000) return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  return `+${(ms / 3_600_000).toFixed(2)}h`;
}

function records(seqs: readonly string[], digits = 6): string {
  const short = (s: string) => shortSequenceNumber(s, digits);
  const shown = seqs.length <= 4 ? seqs.map(short) : [...seqs.slice(0, 2).map(short), '…', short(seqs.at(-1)!)];
  return `[${shown.join(' ')}] (${seqs.length})`;
}

function invocationLine(inv: InvocationRecord, index: number, digits: number): string {
  const detail = inv.outcome === 'partial' ? ` at ${shortSequenceNumber(inv.sequenceNumbers[inv.failureIndex!]!, digits)}` : inv.error ? `: ${inv.error}` : '';
  const lane = inv.subStream === undefined ? '' : ` sub-stream ${inv.subStream}`;
  const what = inv.window?.final ? `final of window ${windowText(inv.window)}${inv.window.terminatedEarly ? ' (terminated early)' : ''}` : records(inv.sequenceNumbers, digits);
  return `#${index + 1} invoke ${inv.reason}${inv.attempt > 1 ? ` (attempt ${inv.attempt})` : ''}${lane} ${what} → ${inv.outcome}${detail}${timersLeftText(inv)}${inv.workLeft ? `; ${workLeftText(inv.workLeft)}` : ''}${inv.endedAfter ? `; ${endedAfterText(inv.endedAfter)}` : ''}`;
}

/** The last invocation of a run, after which the environment ended (a rejection its left work raised): no later invocation of the run shows it. */
export function endedAfterText(ending: string): string {
  return `then its execution environment ended on ${ending}, which fails the next invocation`;
}

/** An invocation that ended with work still running: the downstream calls that work made, and whether a fault froze it. */
export function workLeftText(left: NonNullable<InvocationRecord['workLeft']>): string {
  const made = left.calls === 0 ? 'before its work made any downstream call' : `before its work was done (${left.calls === 1 ? '1 downstream call' : `${left.calls} downstream calls`} made after)`;
  return `ended ${made}${left.frozen ? ', which stopped when the environment froze' : ''}`;
}

function timersLeftText(inv: InvocationRecord): string {
  const left = inv.timersLeft;
  if (left === undefined) return '';
  return `; returned with ${left.count === 1 ? 'a timer' : `${left.count} timers`} still set (${left.count === 1 ? '' : 'the first '}due in ${left.firstDueInMs}ms)`;
}

/** Said once under a timeline whose handler ended with work it did not await still running. */
export const WORK_LEFT_NOTE = 'Work the handler does not await (an async callback of Array.forEach, a promise it neither awaits nor returns) runs on after the invocation ends: its failures fail no batch, and Lambda freezes it with the execution environment, so it resumes only if the same environment is invoked again.';

/** Said once under a timeline whose handler returned with timers set. */
export const TIMERS_LEFT_NOTE = 'Lambda freezes the execution environment when the handler returns: a timer left set runs only if the same environment is invoked again, and never after the last invocation.';

function windowText(window: NonNullable<InvocationRecord['window']>): string {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);
  return `${time(window.start)}–${time(window.end)}`;
}

/** An invocation's line, numbered from 1 like the HTML timeline's boxes and the faults and calls. */
function invocationMoment(inv: InvocationRecord, index: number, digits: number) {
  return { at: inv.at, shardId: inv.shardId, text: invocationLine(inv, index, digits) };
}

function eventLine(event: TimelineEvent, origin: number, digits: number): string {
  switch (event.type) {
    case 'checkpoint':
      return `checkpoint → ${shortSequenceNumber(event.sequenceNumber, digits)}`;
    case 'bisect':
      return `bisect ${records(event.left, digits)} | ${records(event.right, digits)}`;
    case 'throttle':
      return `throttled ${records(event.sequenceNumbers, digits)}`;
    case 'discard':
      return `discard ${records(event.sequenceNumbers, digits)} (${event.condition})`;
    case 'skipped':
      return skippedLine(event, origin, digits);
  }
}

/**
 * Fast-forwarded retries: how many, which tries, what each would have returned, and (for several)
 * until when, in time since `origin` (the trace's start) like the timeline's own time column.
 */
export function skippedLine(event: Extract<TimelineEvent, { type: 'skipped' }>, origin: number, digits = 6): string {
  const outcome = event.invocation.error ? `${event.invocation.outcome}: ${event.invocation.error}` : event.invocation.outcome;
  const tries = event.count === 1
    ? `try #${event.firstAttempt} →`
    : `tries #${event.firstAttempt}–#${event.firstAttempt + event.count - 1} until ${relative(event.lastAt, origin)}, each →`;
  return `… ${event.count} identical attempt${event.count === 1 ? '' : 's'} skipped … ${records(event.sequenceNumbers, digits)} ${tries} ${outcome}`;
}

/** The trace as lines a person reads: invocations and what the mapping did, in virtual time, per shard. */
export function formatTimeline(trace: TimelineTrace, options: { maxLines?: number } = {}): string {
  const digits = Math.max(6, ...[...traceSequenceNumbers(trace).values()].map((seqs) => sequenceDigits(seqs)));
  const short = (seq: string) => shortSequenceNumber(seq, digits);
  const moments: ({ at: number; shardId: string; text: string } | TimelineEvent)[] = [];
  let next = 0;
  for (const event of trace.events) {
    for (; next < event.invocationsBefore; next++) moments.push(invocationMoment(trace.invocations[next]!, next, digits));
    moments.push(event);
  }
  for (; next < trace.invocations.length; next++) moments.push(invocationMoment(trace.invocations[next]!, next, digits));
  const origin = moments[0]?.at ?? 0;
  const lines = moments.map((m) => `${relative(m.at, origin).padStart(9)}  ${m.shardId}  ${'type' in m ? eventLine(m, origin, digits) : m.text}`);
  if (trace.invocations.some((inv) => inv.timersLeft !== undefined)) lines.push(TIMERS_LEFT_NOTE);
  if (trace.invocations.some((inv) => inv.workLeft !== undefined)) lines.push(WORK_LEFT_NOTE);
  for (const delivery of trace.destinations) {
    const info = delivery.document.DDBStreamBatchInfo ?? delivery.document.KinesisBatchInfo!;
    lines.push(`OnFailure → ${delivery.type} ${delivery.arn}: ${delivery.document.requestContext.condition}, ${info.batchSize} record(s) ${short(info.startSequenceNumber)}…${short(info.endSequenceNumber)}, approximateInvokeCount ${delivery.document.requestContext.approximateInvokeCount}`);
  }
  for (const [shardId, seq] of Object.entries(trace.checkpoints)) {
    const metrics = trace.metrics?.[shardId];
    const filtered = metrics?.filteredOut ? `, ${metrics.filteredOut} filtered out` : '';
    const counts = metrics === undefined ? '' : `, ${metrics.invoked} record${metrics.invoked === 1 ? '' : 's'} invoked${filtered}, ${metrics.dropped} dropped, worst IteratorAge ${(metrics.maxIteratorAgeMs / 1000).toFixed(1)}s`;
    lines.push(`${shardId}: checkpoint ${seq === null ? 'none' : short(seq)}${counts}`);
  }
  const max = options.maxLines ?? Infinity;
  return (lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more lines`] : lines).join('\n');
}
