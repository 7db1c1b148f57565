import fc from 'fast-check';
import { NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb';
import type { NativeValue } from './attribute-value.js';
import { nonKeyAttributes, type ItemOptions } from './item.js';
import type { KeySchema } from './key-schema.js';

type JsonObject = { [key: string]: unknown };

/** A payload has no key schema: every declared or sampled field is its own. */
const noKeys: KeySchema = { KeySchema: [], AttributeDefinitions: [] };

/**
 * Payloads as the config's `items` describes them for a Kinesis stream (the decoded `data`):
 * with samples, each field takes one of the values the samples give it, or is left out; declared
 * attributes are always there (when required) with the values they declare; without samples, the
 * other fields are `rest`'s random JSON.
 */
export function declaredPayload(options: ItemOptions, rest: fc.Arbitrary<JsonObject>): fc.Arbitrary<JsonObject> {
  if (options.samples !== undefined && options.samples.length > 0) return nonKeyAttributes(noKeys, options).map(jsonObject);
  const declared = nonKeyAttributes(noKeys, { ...options, samples: [] });
  const names = new Set(Object.keys(options.declared ?? {}));
  return fc.tuple(declared, rest).map(([given, random]) => ({
    ...Object.fromEntries(Object.entries(random).filter(([name]) => !names.has(name))),
    ...jsonObject(given),
  }));
}

function jsonObject(item: Record<string, NativeValue>): JsonObject {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, jsonValue(value)]));
}

/** A DynamoDB value as a producer's JSON holds it: sets as arrays, binary as base64, exact numbers as numbers when they fit. */
function jsonValue(value: unknown): unknown {
  if (value instanceof NumberValue || typeof value === 'bigint') {
    const text = String(value);
    return Number.isSafeInteger(Number(text)) || !/^-?\d+$/.test(text) ? Number(text) : text;
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Set) return [...value].map(jsonValue);
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value !== null && typeof value === 'object') return jsonObject(value as Record<string, NativeValue>);
  return value;
}
