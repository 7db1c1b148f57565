import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';

/**
 * A reference matcher: the filtering rules transcribed directly, on the raw pattern JSON, with no
 * validation, compilation or caching. Assumes the patterns are valid.
 */
export function referencePasses(patterns: string[], record: DynamoDBRecord | KinesisStreamRecord, source: 'dynamodb' | 'kinesis'): boolean {
  return patterns.some((pattern) => patternPasses(JSON.parse(pattern) as Json, record, source));
}

type Json = { [key: string]: unknown };

function patternPasses(pattern: Json, record: object, source: 'dynamodb' | 'kinesis'): boolean {
  if (source === 'kinesis' && Object.keys(pattern).includes('data')) {
    let payload: unknown;
    try {
      payload = JSON.parse(Buffer.from((record as KinesisStreamRecord).kinesis.data, 'base64').toString('utf8'));
    } catch {
      return false;
    }
    return objectPasses(pattern, { ...record, data: payload });
  }
  return objectPasses(pattern, record);
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Nested pattern object: every field must match; an array in the event matches if one element does. */
function objectPasses(pattern: Json, value: unknown): boolean {
  if (Array.isArray(value)) {
    const elements = value.flat(Infinity);
    if (elements.length === 0) return objectPasses(pattern, undefined);
    return elements.some((element) => objectPasses(pattern, element));
  }
  for (const [name, sub] of Object.entries(pattern)) {
    const child = isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
    const ok = Array.isArray(sub) ? listPasses(sub, child) : objectPasses(sub as Json, child);
    if (!ok) return false;
  }
  return true;
}

/** Scalars at this path: the value, or the scalars among (nested) array elements. */
function leaves(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return [value];
  return [];
}

function listPasses(list: unknown[], value: unknown): boolean {
  const found = leaves(value);
  for (const entry of list) {
    if (isPlainObject(entry) && 'exists' in entry) {
      if (entry.exists === true && found.length > 0) return true;
      if (entry.exists === false && found.length === 0) return true;
    } else if (found.some((leaf) => entryPasses(entry, leaf))) {
      return true;
    }
  }
  return false;
}

function entryPasses(entry: unknown, leaf: unknown): boolean {
  if (!isPlainObject(entry)) return leaf === entry;
  const [operator, operand] = Object.entries(entry)[0]!;
  const isString = typeof leaf === 'string';
  switch (operator) {
    case 'prefix':
      return isString && leaf.startsWith(operand as string);
    case 'suffix':
      return isString && leaf.endsWith(operand as string);
    case 'equals-ignore-case':
      return isString && leaf.toLowerCase() === (operand as string).toLowerCase();
    case 'numeric':
      return typeof leaf === 'number' && numericPasses(operand as (string | number)[], leaf);
    case 'anything-but':
      if (isPlainObject(operand)) {
        if ('prefix' in operand) return !(isString && leaf.startsWith(operand.prefix as string));
        return !(isString && leaf.endsWith(operand.suffix as string));
      }
      return !(Array.isArray(operand) ? operand : [operand]).includes(leaf);
  }
  throw new Error(`reference: unknown operator ${operator}`);
}

function numericPasses(comparisons: (string | number)[], n: number): boolean {
  for (let i = 0; i < comparisons.length; i += 2) {
    const bound = comparisons[i + 1] as number;
    const ok = { '=': n === bound, '<': n < bound, '<=': n <= bound, '>': n > bound, '>=': n >= bound }[comparisons[i] as string];
    if (!ok) return false;
  }
  return true;
}
