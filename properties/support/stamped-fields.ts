import type { Difference } from '../../src/core/difference.js';

/** At most this many fields may differ for two effects to count as one effect stamped differently. */
const MAX_STAMPED = 3;

const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Epoch seconds or milliseconds from 2001 to 2286. */
const EPOCH = /^(1\d{9}|1\d{12})(\.\d+)?$/;

export interface StampedFields {
  /** The fields in which the two effects differ, every one a time or a random id. */
  names: string[];
  expected: Record<string, unknown>;
  actual: Record<string, unknown>;
}

/**
 * The fields an effect of the difference holds with other values than the run without faults,
 * when that is all that differs and each is a stamp the handler makes as it writes (a time, a
 * UUID): a retry that runs later stamps later. A missing effect is paired with an extra one of
 * the same place (a message is known by its whole body, so a new stamp makes it another message);
 * a changed item is compared with itself.
 */
export function stampedFields(d: Difference, all: readonly Difference[]): StampedFields | undefined {
  if (d.kind === 'changed') return onlyStamps(d.expected, d.actual);
  const counterpart = d.kind === 'missing' ? 'extra' : d.kind === 'extra' ? 'missing' : undefined;
  if (counterpart === undefined) return undefined;
  for (const other of all) {
    if (other.kind !== counterpart || other.where !== d.where) continue;
    const found = d.kind === 'missing' ? onlyStamps(d.expected, other.actual) : onlyStamps(other.expected, d.actual);
    if (found) return found;
  }
  return undefined;
}

function onlyStamps(expected: unknown, actual: unknown): StampedFields | undefined {
  if (!isRecord(expected) || !isRecord(actual)) return undefined;
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].filter((name) => JSON.stringify(expected[name]) !== JSON.stringify(actual[name]));
  if (names.length === 0 || names.length > MAX_STAMPED) return undefined;
  if (!names.every((name) => isStamp(scalar(expected[name])) && isStamp(scalar(actual[name])))) return undefined;
  const pick = (from: Record<string, unknown>) => Object.fromEntries(names.map((name) => [name, scalar(from[name])]));
  return { names, expected: pick(expected), actual: pick(actual) };
}

/** A value as written: DynamoDB JSON's `{ S }` or `{ N }` unwrapped. */
function scalar(value: unknown): unknown {
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'S' || keys[0] === 'N')) return value[keys[0]];
  }
  return value;
}

function isStamp(value: unknown): boolean {
  if (typeof value === 'number') return EPOCH.test(String(value));
  return typeof value === 'string' && (ISO_TIME.test(value) || UUID.test(value) || EPOCH.test(value));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the finding's message adds: which fields differ, with both values. */
export function stampedNote(stamped: StampedFields): string {
  const values = stamped.names.map((name) => `${name} ${JSON.stringify(stamped.expected[name])} expected, ${JSON.stringify(stamped.actual[name])} actual`);
  return `it differs from what the run without faults wrote only in ${values.join('; ')}`;
}

/** The fix when the difference is only stamps: left out of the comparison, the rest is still judged. */
export function stampedFix(stamped: StampedFields): string {
  const list = stamped.names.map((name) => JSON.stringify(name)).join(', ');
  const fields = stamped.names.join(', ');
  return `The effect differs between the runs only in ${fields}, a time or random id the handler stamps as it writes: a retry that runs later stamps another value, so the suite sees another effect. If that is all ${stamped.names.length > 1 ? 'they are' : 'it is'}, list ${stamped.names.length > 1 ? 'them' : 'it'} in downstream.ignoreFields ([${list}]): everything else is still compared. If a receiver tells effects apart by ${fields}, derive ${stamped.names.length > 1 ? 'them' : 'it'} from the record instead (its ApproximateCreationDateTime or event id), so that a retry sends the same value.`;
}
