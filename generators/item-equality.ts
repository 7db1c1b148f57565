import type { AttributeValue } from 'aws-lambda';
import type { Item, NativeValue } from './attribute-value.js';
import { attributeType, marshalImage, marshalValue, type StreamImage } from './stream-image.js';

/**
 * A string that is equal for two values exactly when DynamoDB considers them equal: sets compare
 * without order, numbers by value (5, 5.0 and NumberValue('5') agree), binaries by content.
 */
export function canonicalValue(value: NativeValue): string {
  return JSON.stringify(canonicalAttribute(marshalValue(value)));
}

export function canonicalItem(item: Item): string {
  return JSON.stringify(canonicalImage(marshalImage(item)));
}

export function valuesEqual(a: NativeValue, b: NativeValue): boolean {
  return canonicalValue(a) === canonicalValue(b);
}

export function itemsEqual(a: Item, b: Item): boolean {
  return canonicalItem(a) === canonicalItem(b);
}

function canonicalImage(image: StreamImage): unknown {
  return Object.keys(image)
    .sort()
    .map((name) => [name, canonicalAttribute(image[name] as AttributeValue)]);
}

/** Also usable on stream images, e.g. to compare `Keys` across records. */
export function canonicalAttribute(value: AttributeValue): unknown {
  const type = attributeType(value);
  if (value.SS !== undefined) return [type, [...value.SS].sort()];
  if (value.NS !== undefined) return [type, [...value.NS].sort()];
  if (value.BS !== undefined) return [type, [...value.BS].sort()];
  if (value.M !== undefined) return [type, canonicalImage(value.M)];
  if (value.L !== undefined) return [type, value.L.map(canonicalAttribute)];
  return [type, value[type]];
}

export function canonicalStreamImage(image: StreamImage): string {
  return JSON.stringify(canonicalImage(image));
}
