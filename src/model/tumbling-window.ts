import type { Classification } from './classify.js';

/** Lambda's cap on the state a windowed function returns (SPEC §3.5). */
export const maxWindowStateBytes = 1024 * 1024;

/** The tumbling window a lane is aggregating: its aligned bounds, the state so far, and where its records start. */
export interface OpenWindow {
  /** Aligned start and end, epoch ms. */
  start: number;
  end: number;
  /** Position in the lane's members of the window's first record (none of the window's records is checkpointed yet). */
  from: number;
  /** The state the last successful invocation of this window returned (`{}` before the first). */
  state: unknown;
  /** Set when the state grew past 1 MB: the next invocation is the window's final one. */
  terminatedEarly: boolean;
}

/** Windows are aligned to the epoch: a record belongs to floor(arrival / W) × W. */
export function windowStartOf(arrivalMs: number, windowMs: number): number {
  return Math.floor(arrivalMs / windowMs) * windowMs;
}

export function openWindow(arrivalMs: number, windowMs: number, from: number): OpenWindow {
  const start = windowStartOf(arrivalMs, windowMs);
  return { start, end: start + windowMs, from, state: {}, terminatedEarly: false };
}

/** The fields a windowed event carries besides `Records` (ISO times without milliseconds, as Lambda sends them). */
export function windowFields(window: OpenWindow, state: unknown, shardId: string, eventSourceARN: string, final: boolean) {
  return {
    window: { start: isoSeconds(window.start), end: isoSeconds(window.end) },
    state: copyState(state),
    shardId,
    eventSourceARN,
    isFinalInvokeForWindow: final,
    isWindowTerminatedEarly: final && window.terminatedEarly,
  };
}

/** With tumbling windows a response must carry `state`; without it Lambda counts the invocation as failed. */
export function requireState(classification: Classification): Classification {
  const { outcome, response } = classification;
  if (outcome !== 'success' && outcome !== 'partial') return classification;
  if (typeof response === 'object' && response !== null && !Array.isArray(response) && 'state' in response) return classification;
  return {
    outcome: 'invalid-response',
    error: 'the response has no state: with TumblingWindowInSeconds the function must return { state } (and may add batchItemFailures)',
    response,
  };
}

export function stateOf(response: unknown): unknown {
  return (response as { state?: unknown }).state ?? {};
}

export function stateBytes(state: unknown): number {
  return Buffer.byteLength(JSON.stringify(state) ?? '', 'utf8');
}

/** Each invocation gets its own copy: a handler that mutates the state it was given cannot change what a retry sees. */
function copyState(state: unknown): unknown {
  return state === undefined ? {} : (JSON.parse(JSON.stringify(state)) as unknown);
}

/** Window bounds as the event's `window` gives them. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
