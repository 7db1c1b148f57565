import { canonical, normalize } from '../core/canonical.js';

/** Where two values first differ, and what each side holds there. */
export interface DifferenceAt {
  /** `a[0]`, `address.city`, or `` for the whole value. */
  path: string;
  expected: unknown;
  actual: unknown;
}

const TYPE_TAGS = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);

/** A DynamoDB attribute value: an object with exactly one of the type tags. */
function attributeType(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && TYPE_TAGS.has(keys[0]!) ? keys[0] : undefined;
}

/** `BS` for a DynamoDB attribute value, else the JSON kind (`string`, `array`, …), `nothing` when absent. */
export function typeOf(value: unknown): string {
  const type = attributeType(value);
  if (type !== undefined) return type;
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

function isItem(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && attributeType(value) === undefined
    && Object.values(value).every((v) => attributeType(v) !== undefined);
}

function step(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (path === '' ? key : `${path}.${key}`) : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The first place two values differ, walking DynamoDB JSON (items, maps, lists; sets compare
 * unordered) or plain JSON, or undefined when they are the same.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): DifferenceAt | undefined {
  if (canonical(expected) === canonical(actual)) return undefined;
  const here = { path, expected, actual };
  if (isItem(expected) && isItem(actual)) return within(expected, actual, path);
  const [te, ta] = [attributeType(expected), attributeType(actual)];
  if (te !== undefined || ta !== undefined) {
    if (te !== ta) return here;
    const [ve, va] = [(expected as Record<string, unknown>)[te!], (actual as Record<string, unknown>)[ta!]];
    if (te === 'M' && isObject(ve) && isObject(va)) return within(ve, va, path) ?? here;
    if (te === 'L' && Array.isArray(ve) && Array.isArray(va)) return inList(ve, va, path) ?? here;
    return here;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) return inList(expected, actual, path) ?? here;
  if (isObject(expected) && isObject(actual)) return within(expected, actual, path) ?? here;
  return here;
}

/**
 * Plain values first (a message's `type` before its images: INSERT against REMOVE says more than
 * the images that follow from it), then by name; DynamoDB attributes are all typed objects.
 */
function within(expected: Record<string, unknown>, actual: Record<string, unknown>, path: string): DifferenceAt | undefined {
  const nested = (key: string) => Number(isObject(expected[key]) || Array.isArray(expected[key]) || isObject(actual[key]) || Array.isArray(actual[key]));
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort((a, b) => nested(a) - nested(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) {
    const found = firstDifference(expected[key], actual[key], step(path, key));
    if (found) return found;
  }
  return undefined;
}

function inList(expected: unknown[], actual: unknown[], path: string): DifferenceAt | undefined {
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const found = firstDifference(expected[i], actual[i], step(path, i));
    if (found) return found;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sorted sets, binary as base64: DynamoDB JSON as a person compares it. */
export function typedView(value: unknown): unknown {
  return normalize(value);
}
