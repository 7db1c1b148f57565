import type { ErrorDetail } from '../protocol.js';

const MAX_DEPTH = 5;
const MAX_INNER = 10;
const MAX_MESSAGE = 1000;

/**
 * A thrown value as plain data that crosses the thread boundary: name, message, its `cause`
 * chain, and the errors it aggregates (`AggregateError.errors`, Powertools' `FullBatchFailureError`
 * keeps them in `recordErrors`; any own array of errors counts). Bounded in depth and breadth,
 * safe against cycles and throwing getters.
 */
export function errorDetail(error: unknown, depth = 0, seen = new Set<unknown>()): ErrorDetail {
  if (!(error instanceof Error)) return { name: nonErrorName(error), message: clip(shown(error)) };
  seen.add(error);
  const detail: ErrorDetail = { name: safe(() => String(error.name), 'Error'), message: clip(safe(() => String(error.message), '')) };
  if (depth >= MAX_DEPTH) return detail;
  const cause = safe(() => error.cause, undefined);
  if (cause !== undefined && !seen.has(cause)) detail.cause = errorDetail(cause, depth + 1, seen);
  const inner = innerErrors(error).filter((e) => !seen.has(e));
  if (inner.length > 0) {
    detail.errors = inner.slice(0, MAX_INNER).map((e) => errorDetail(e, depth + 1, seen));
    if (inner.length > MAX_INNER) detail.moreErrors = inner.length - MAX_INNER;
  }
  return detail;
}

/** `string`, `number`, `undefined`, … for primitives (`null` too, which typeof calls an object); `non-Error` for objects. */
function nonErrorName(value: unknown): string {
  if (value === null) return 'null';
  return typeof value === 'object' ? 'non-Error' : typeof value;
}

function innerErrors(error: Error): unknown[] {
  const lists = [safe(() => (error as { errors?: unknown }).errors, undefined)];
  for (const key of Object.keys(error)) {
    if (key === 'errors' || key === 'cause') continue;
    lists.push(safe(() => (error as unknown as Record<string, unknown>)[key], undefined));
  }
  const inner: unknown[] = [];
  for (const list of lists) {
    if (Array.isArray(list) && list.length > 0 && list.some((e) => e instanceof Error)) inner.push(...list);
  }
  return inner;
}

function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return safe(() => String(value), '(unprintable)');
  }
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}… (${text.length} chars)` : text;
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
