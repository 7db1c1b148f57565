import type { InvocationRecord, TimelineEvent, Trace } from '../src/model/types.js';

/** What the timeline is drawn from: a trace, or a counterexample's (old reports lack `metrics`). */
type TimelineTrace = Pick<Trace, 'invocations' | 'events' | 'destinations' | 'checkpoints'> & { metrics?: Trace['metrics'] };

/** Sequence numbers are long: show the last digits, which is where records of one run differ. */
export function shortSequenceNumber(seq: string, digits = 6): string {
  return seq.length > digits ? `…${seq.slice(-digits)}` : seq;
}

function relative(at: number, origin: number): string {
  const ms = at - origin;
  if (ms < 1000) return `+${ms}ms`;
  if (ms < 3_600_000) return `+${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
  return `+${(ms / 3_600_000).toFixed(2)}h`;
}

function records(seqs: readonly string[]): string {
  const shown = seqs.length <= 4 ? seqs.map((s) => shortSequenceNumber(s)) : [...seqs.slice(0, 2).map((s) => shortSequenceNumber(s)), '…', shortSequenceNumber(seqs.at(-1)!)];
  return `[${shown.join(' ')}] (${seqs.length})`;
}

function invocationLine(inv: InvocationRecord, index: number): string {
  const detail = inv.outcome === 'partial' ? ` at ${shortSequenceNumber(inv.sequenceNumbers[inv.failureIndex!]!)}` : inv.error ? `: ${inv.error}` : '';
  const lane = inv.subStream === undefined ? '' : ` sub-stream ${inv.subStream}`;
  const what = inv.window?.final ? `final of window ${windowText(inv.window)}${inv.window.terminatedEarly ? ' (terminated early)' : ''}` : records(inv.sequenceNumbers);
  return `#${index + 1} invoke ${inv.reason}${inv.attempt > 1 ? ` (attempt ${inv.attempt})` : ''}${lane} ${what} → ${inv.outcome}${detail}`;
}

function windowText(window: NonNullable<InvocationRecord['window']>): string {
  const time = (ms: number) => new Date(ms).toISOString().slice(11, 19);
  return `${time(window.start)}–${time(window.end)}`;
}

/** An invocation's line, numbered from 1 like the HTML timeline's boxes and the faults and calls. */
function invocationMoment(inv: InvocationRecord, index: number) {
  return { at: inv.at, shardId: inv.shardId, text: invocationLine(inv, index) };
}

function eventLine(event: TimelineEvent, origin: number): string {
  switch (event.type) {
    case 'checkpoint':
      return `checkpoint → ${shortSequenceNumber(event.sequenceNumber)}`;
    case 'bisect':
      return `bisect ${records(event.left)} | ${records(event.right)}`;
    case 'throttle':
      return `throttled ${records(event.sequenceNumbers)}`;
    case 'discard':
      return `discard ${records(event.sequenceNumbers)} (${event.condition})`;
    case 'skipped':
      return skippedLine(event, origin);
  }
}

/**
 * Fast-forwarded retries: how many, which tries, what each would have returned, and (for several)
 * until when, in time since `origin` (the trace's start) like the timeline's own time column.
 */
export function skippedLine(event: Extract<TimelineEvent, { type: 'skipped' }>, origin: number): string {
  const outcome = event.invocation.error ? `${event.invocation.outcome}: ${event.invocation.error}` : event.invocation.outcome;
  const tries = event.count === 1
    ? `try #${event.firstAttempt} →`
    : `tries #${event.firstAttempt}–#${event.firstAttempt + event.count - 1} until ${relative(event.lastAt, origin)}, each →`;
  return `… ${event.count} identical attempt${event.count === 1 ? '' : 's'} skipped … ${records(event.sequenceNumbers)} ${tries} ${outcome}`;
}

/** The trace as lines a person reads: invocations and what the mapping did, in virtual time, per shard. */
export function formatTimeline(trace: TimelineTrace, options: { maxLines?: number } = {}): string {
  const moments: ({ at: number; shardId: string; text: string } | TimelineEvent)[] = [];
  let next = 0;
  for (const event of trace.events) {
    for (; next < event.invocationsBefore; next++) moments.push(invocationMoment(trace.invocations[next]!, next));
    moments.push(event);
  }
  for (; next < trace.invocations.length; next++) moments.push(invocationMoment(trace.invocations[next]!, next));
  const origin = moments[0]?.at ?? 0;
  const lines = moments.map((m) => `${relative(m.at, origin).padStart(9)}  ${m.shardId}  ${'type' in m ? eventLine(m, origin) : m.text}`);
  for (const delivery of trace.destinations) {
    const info = delivery.document.DDBStreamBatchInfo ?? delivery.document.KinesisBatchInfo!;
    lines.push(`OnFailure → ${delivery.type} ${delivery.arn}: ${delivery.document.requestContext.condition}, ${info.batchSize} record(s) ${shortSequenceNumber(info.startSequenceNumber)}…${shortSequenceNumber(info.endSequenceNumber)}, approximateInvokeCount ${delivery.document.requestContext.approximateInvokeCount}`);
  }
  for (const [shardId, seq] of Object.entries(trace.checkpoints)) {
    const metrics = trace.metrics?.[shardId];
    const filtered = metrics?.filteredOut ? `, ${metrics.filteredOut} filtered out` : '';
    const counts = metrics === undefined ? '' : `, ${metrics.invoked} records invoked${filtered}, ${metrics.dropped} dropped, worst IteratorAge ${(metrics.maxIteratorAgeMs / 1000).toFixed(1)}s`;
    lines.push(`${shardId}: checkpoint ${seq === null ? 'none' : shortSequenceNumber(seq)}${counts}`);
  }
  const max = options.maxLines ?? Infinity;
  return (lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more lines`] : lines).join('\n');
}
