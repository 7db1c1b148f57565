import type { DestinationDelivery, InvocationRecord, Outcome, TimelineEvent } from '../src/model/types.js';

/**
 * The parts of a trace the HTML report draws. A report's `trace` is `unknown` (it may come from a
 * JSON file written by another version), so it is read defensively: anything malformed is left
 * out of the picture instead of breaking the page.
 */
export interface DrawnTrace {
  invocations: DrawnInvocation[];
  events: TimelineEvent[];
  destinations: DestinationDelivery[];
  checkpoints: Record<string, string | null>;
  /** Virtual time of the first moment in the trace, epoch ms (0 when unknown). */
  origin: number;
}

export type DrawnInvocation = Pick<InvocationRecord, 'shardId' | 'sequenceNumbers' | 'outcome' | 'at' | 'durationMs' | 'attempt' | 'reason' | 'iteratorAgeMs'> &
  Partial<Pick<InvocationRecord, 'failureIndex' | 'error' | 'subStream' | 'requestId' | 'window' | 'timersLeft' | 'workLeft' | 'endedAfter'>>;

export const OUTCOMES: readonly Outcome[] = ['success', 'partial', 'invalid-response', 'function-error', 'timeout'];
const REASONS: readonly InvocationRecord['reason'][] = ['first', 'retry', 'bisect', 'partial-suffix', 'duplicate'];

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

function readInvocation(v: unknown): DrawnInvocation | undefined {
  if (!isObject(v) || typeof v.shardId !== 'string' || !isStringArray(v.sequenceNumbers)) return undefined;
  const outcome = OUTCOMES.find((o) => o === v.outcome);
  if (outcome === undefined) return undefined;
  const inv: DrawnInvocation = {
    shardId: v.shardId,
    sequenceNumbers: v.sequenceNumbers,
    outcome,
    at: num(v.at, 0),
    durationMs: num(v.durationMs, 0),
    attempt: num(v.attempt, 1),
    reason: REASONS.find((r) => r === v.reason) ?? 'first',
    iteratorAgeMs: num(v.iteratorAgeMs, 0),
  };
  if (typeof v.failureIndex === 'number') inv.failureIndex = v.failureIndex;
  if (typeof v.error === 'string') inv.error = v.error;
  if (typeof v.endedAfter === 'string') inv.endedAfter = v.endedAfter;
  if (typeof v.subStream === 'number') inv.subStream = v.subStream;
  if (typeof v.requestId === 'string') inv.requestId = v.requestId;
  if (isObject(v.timersLeft)) inv.timersLeft = { count: num(v.timersLeft.count, 1), firstDueInMs: num(v.timersLeft.firstDueInMs, 0) };
  if (isObject(v.workLeft)) inv.workLeft = { calls: num(v.workLeft.calls, 0), ...(v.workLeft.frozen === true && { frozen: true as const }) };
  const w = v.window;
  if (isObject(w) && typeof w.start === 'number' && typeof w.end === 'number') {
    inv.window = { start: w.start, end: w.end, final: w.final === true, terminatedEarly: w.terminatedEarly === true };
  }
  return inv;
}

function readEvent(v: unknown, invocations: number): TimelineEvent | undefined {
  if (!isObject(v) || typeof v.shardId !== 'string') return undefined;
  const base = { shardId: v.shardId, at: num(v.at, 0), invocationsBefore: Math.max(0, Math.min(invocations, Math.floor(num(v.invocationsBefore, invocations)))) };
  switch (v.type) {
    case 'checkpoint':
      return typeof v.sequenceNumber === 'string' ? { ...base, type: 'checkpoint', sequenceNumber: v.sequenceNumber } : undefined;
    case 'bisect':
      return isStringArray(v.left) && isStringArray(v.right) ? { ...base, type: 'bisect', left: v.left, right: v.right } : undefined;
    case 'throttle':
      return isStringArray(v.sequenceNumbers) ? { ...base, type: 'throttle', sequenceNumbers: v.sequenceNumbers } : undefined;
    case 'discard': {
      const condition = v.condition === 'RetryAttemptsExhausted' || v.condition === 'RecordAgeExceeded' || v.condition === 'RetentionExpired' ? v.condition : undefined;
      return isStringArray(v.sequenceNumbers) && condition ? { ...base, type: 'discard', sequenceNumbers: v.sequenceNumbers, condition } : undefined;
    }
    case 'skipped':
      return isStringArray(v.sequenceNumbers) && typeof v.count === 'number' && isObject(v.invocation) ? ({ ...v, ...base } as unknown as TimelineEvent) : undefined;
    default:
      return undefined;
  }
}

function readDestination(v: unknown): DestinationDelivery | undefined {
  if (!isObject(v) || (v.type !== 'sqs' && v.type !== 'sns' && v.type !== 's3') || !isObject(v.document)) return undefined;
  return v as unknown as DestinationDelivery;
}

/** What the batch info of an OnFailure document says, when it has one. */
export function batchInfoOf(delivery: DestinationDelivery): { shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string; batchSize?: number } {
  const doc = delivery.document as unknown as Obj;
  const info = doc.DDBStreamBatchInfo ?? doc.KinesisBatchInfo;
  if (!isObject(info)) return {};
  const out: { shardId?: string; startSequenceNumber?: string; endSequenceNumber?: string; batchSize?: number } = {};
  if (typeof info.shardId === 'string') out.shardId = info.shardId;
  if (typeof info.startSequenceNumber === 'string') out.startSequenceNumber = info.startSequenceNumber;
  if (typeof info.endSequenceNumber === 'string') out.endSequenceNumber = info.endSequenceNumber;
  if (typeof info.batchSize === 'number') out.batchSize = info.batchSize;
  return out;
}

/** The request context of an OnFailure document, when it has one. */
export function requestContextOf(delivery: DestinationDelivery): { condition?: string; approximateInvokeCount?: number } {
  const rc = (delivery.document as unknown as Obj).requestContext;
  if (!isObject(rc)) return {};
  const out: { condition?: string; approximateInvokeCount?: number } = {};
  if (typeof rc.condition === 'string') out.condition = rc.condition;
  if (typeof rc.approximateInvokeCount === 'number') out.approximateInvokeCount = rc.approximateInvokeCount;
  return out;
}

/** Reads a counterexample's trace; `undefined` when it has nothing to draw. */
export function readTrace(value: unknown): DrawnTrace | undefined {
  if (!isObject(value)) return undefined;
  const invocations = (Array.isArray(value.invocations) ? value.invocations : []).map(readInvocation).filter((i): i is DrawnInvocation => i !== undefined);
  const events = (Array.isArray(value.events) ? value.events : []).map((e) => readEvent(e, invocations.length)).filter((e): e is TimelineEvent => e !== undefined);
  // Traces without discard events (or written before they existed) still show their discards.
  if (Array.isArray(value.discards) && !events.some((e) => e.type === 'discard')) {
    for (const d of value.discards) {
      if (!isObject(d)) continue;
      const at = num(d.at, 0);
      const event = readEvent({ ...d, type: 'discard', invocationsBefore: invocations.filter((i) => i.at <= at).length }, invocations.length);
      if (event) events.push(event);
    }
    events.sort((a, b) => a.invocationsBefore - b.invocationsBefore);
  }
  const destinations = (Array.isArray(value.destinations) ? value.destinations : []).map(readDestination).filter((d): d is DestinationDelivery => d !== undefined);
  const checkpoints: Record<string, string | null> = {};
  if (isObject(value.checkpoints)) {
    for (const [shardId, seq] of Object.entries(value.checkpoints)) if (typeof seq === 'string' || seq === null) checkpoints[shardId] = seq;
  }
  if (invocations.length === 0 && events.length === 0 && Object.keys(checkpoints).length === 0) return undefined;
  let origin = Infinity;
  for (const t of [...invocations.map((i) => i.at), ...events.map((e) => e.at)]) if (t > 0 && t < origin) origin = t;
  return { invocations, events, destinations, checkpoints, origin: Number.isFinite(origin) ? origin : 0 };
}
