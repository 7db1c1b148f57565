import type { AttributeValue } from 'aws-lambda';
import type { Item, NativeValue } from './attribute-value.js';
import { parseDecimal } from './decimal.js';
import { marshalValue, type StreamImage } from './stream-image.js';

/** The DynamoDB item size limit. */
export const MAX_ITEM_BYTES = 409_600;

const DOCUMENT_OVERHEAD = 3;
const ELEMENT_OVERHEAD = 1;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * DynamoDB stores numbers as base-100 digits plus an exponent byte (and a sign byte when negative),
 * so 15 takes one digit byte and 1.5 takes two: count the digit pairs on even powers of ten.
 */
export function numberSizeBytes(text: string): number {
  const { negative, digits, exponent } = parseDecimal(text);
  if (digits === '') return 1;
  const lowest = exponent - digits.length + 1;
  const pairs = Math.floor(exponent / 2) - Math.floor(lowest / 2) + 1;
  return 1 + pairs + (negative ? 1 : 0);
}

export function attributeSizeBytes(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Bytes(value.S);
  if (value.N !== undefined) return numberSizeBytes(value.N);
  if (value.B !== undefined) return Buffer.byteLength(value.B, 'base64');
  if (value.SS !== undefined) return sum(value.SS.map(utf8Bytes));
  if (value.NS !== undefined) return sum(value.NS.map(numberSizeBytes));
  if (value.BS !== undefined) return sum(value.BS.map((b) => Buffer.byteLength(b, 'base64')));
  if (value.L !== undefined) {
    return DOCUMENT_OVERHEAD + sum(value.L.map((element) => ELEMENT_OVERHEAD + attributeSizeBytes(element)));
  }
  if (value.M !== undefined) {
    return DOCUMENT_OVERHEAD + Object.keys(value.M).length * ELEMENT_OVERHEAD + imageSizeBytes(value.M);
  }
  return 1; // NULL, BOOL
}

/** Size of a marshalled image: attribute-name bytes plus value sizes. */
export function imageSizeBytes(image: StreamImage): number {
  return sum(Object.entries(image).map(([name, value]) => utf8Bytes(name) + attributeSizeBytes(value)));
}

export function valueSizeBytes(value: NativeValue): number {
  return attributeSizeBytes(marshalValue(value));
}

/** One attribute's contribution to the item size. */
export function attributeEntrySizeBytes(name: string, value: NativeValue): number {
  return utf8Bytes(name) + valueSizeBytes(value);
}

/** DynamoDB's item size (what the 400 KB limit applies to), never less than AWS counts. */
export function itemSizeBytes(item: Item): number {
  return sum(Object.entries(item).map(([name, value]) => attributeEntrySizeBytes(name, value)));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
