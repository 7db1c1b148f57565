import type { AttributeValue } from 'aws-lambda';
import { convertToAttr, marshall, type marshallOptions } from '@aws-sdk/util-dynamodb';
import type { Item, NativeValue } from './attribute-value.js';
import { canonicalNumber } from './decimal.js';

/** An image (Keys, NewImage, OldImage) as Lambda delivers it. */
export type StreamImage = Record<string, AttributeValue>;

/**
 * `marshall` handles Sets (typed by their first member) and NumberValue without extra options;
 * `removeUndefinedValues` drops undefined the way the document client does.
 */
export const MARSHALL_OPTIONS: marshallOptions = { removeUndefinedValues: true };

/** What `marshall` returns, seen loosely so we do not depend on @aws-sdk/client-dynamodb types. */
interface SdkAttributeValue {
  S?: string;
  N?: string;
  B?: unknown;
  SS?: string[];
  NS?: string[];
  BS?: unknown[];
  M?: Record<string, SdkAttributeValue>;
  L?: SdkAttributeValue[];
  NULL?: boolean;
  BOOL?: boolean;
}

export function toBase64(binary: unknown): string {
  if (ArrayBuffer.isView(binary)) {
    return Buffer.from(binary.buffer, binary.byteOffset, binary.byteLength).toString('base64');
  }
  if (binary instanceof ArrayBuffer) return Buffer.from(binary).toString('base64');
  throw new Error(`Unsupported binary value: ${String(binary)}`);
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, f(value)]));
}

/**
 * The JSON wire form Lambda delivers: binary as base64 and numbers normalised the way DynamoDB
 * stores them (so `1.50` and `1.5E0` both arrive as "1.5").
 */
function toStreamAttribute(value: SdkAttributeValue): AttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: canonicalNumber(value.N) };
  if (value.B !== undefined) return { B: toBase64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: value.NS.map(canonicalNumber) };
  if (value.BS !== undefined) return { BS: value.BS.map(toBase64) };
  if (value.M !== undefined) return { M: mapValues(value.M, toStreamAttribute) };
  if (value.L !== undefined) return { L: value.L.map(toStreamAttribute) };
  if (value.NULL !== undefined) return { NULL: true };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  throw new Error(`Unsupported attribute value: ${JSON.stringify(value)}`);
}

export function marshalValue(value: NativeValue): AttributeValue {
  return toStreamAttribute(convertToAttr(value, MARSHALL_OPTIONS) as SdkAttributeValue);
}

export function marshalImage(item: Item): StreamImage {
  const image = marshall(item, MARSHALL_OPTIONS) as Record<string, SdkAttributeValue>;
  return mapValues(image, toStreamAttribute);
}

/** The single type tag of a stream attribute value. */
export function attributeType(value: AttributeValue): keyof AttributeValue {
  const [type] = Object.keys(value);
  if (type === undefined) throw new Error('Empty attribute value');
  return type as keyof AttributeValue;
}
