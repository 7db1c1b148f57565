/**
 * The UTF-8 byte length of `JSON.stringify(value)`, counted without building the string: the
 * payload limit needs every record's size, and serializing each one was most of the model's cost.
 * Exact for what JSON.stringify does with plain data (escapes of quotes, backslashes and control
 * characters, lone surrogates as `\uXXXX`, non-finite numbers as null, undefined/functions/symbols
 * left out of objects and null in arrays); anything else (toJSON, boxed primitives, BigInt) is
 * serialized the ordinary way.
 */
export function jsonBytes(value: unknown): number {
  const size = prototypesClean() ? valueBytes(value) : serializedBytes(value);
  if (size < 0) throw new TypeError('jsonBytes: the value has no JSON form');
  return size;
}

/** Whether plain objects and arrays serialize as their own properties (nobody added toJSON or enumerable members to their prototypes). */
function prototypesClean(): boolean {
  if ('toJSON' in Object.prototype || 'toJSON' in Array.prototype) return false;
  for (const _ in Object.prototype) return false;
  return true;
}

/** -1 when the value has no JSON form here (undefined, a function, a symbol). */
function valueBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      return numberBytes(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Object.prototype || proto === null) return objectBytes(value as Record<string, unknown>);
      if (proto === Array.prototype && Array.isArray(value)) return arrayBytes(value);
      return serializedBytes(value);
    }
    case 'bigint':
      return serializedBytes(value); // throws, as JSON.stringify does
    default:
      return -1;
  }
}

function arrayBytes(array: unknown[]): number {
  if (Object.prototype.hasOwnProperty.call(array, 'toJSON')) return serializedBytes(array);
  const n = array.length;
  let bytes = n > 1 ? n + 1 : 2; // brackets and commas
  for (let i = 0; i < n; i++) {
    const size = valueBytes(array[i]);
    bytes += size < 0 ? 4 : size; // undefined, functions and symbols become null in arrays
  }
  return bytes;
}

/** Own enumerable string keys, in for-in order (the prototype has none: see prototypesClean). */
function objectBytes(object: Record<string, unknown>): number {
  let bytes = 2;
  let members = 0;
  for (const key in object) {
    const member = object[key];
    if (key === 'toJSON' && typeof member === 'function') return serializedBytes(object);
    const size = valueBytes(member);
    if (size < 0) continue; // left out of objects
    bytes += keyBytes(key) + 1 + size; // "key":value
    members++;
  }
  return members > 1 ? bytes + members - 1 : bytes;
}

/** Property names repeat across records: their sizes are remembered. */
const keySizes = new Map<string, number>();

function keyBytes(key: string): number {
  let size = keySizes.get(key);
  if (size === undefined) {
    size = stringBytes(key);
    if (keySizes.size < 10_000) keySizes.set(key, size);
  }
  return size;
}

/** A JSON string: quotes, escapes, and UTF-8 (4 bytes per surrogate pair, `\uXXXX` for a lone one). */
export function stringBytes(text: string): number {
  const n = text.length;
  let bytes = n + 2;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20) {
        if (c === 0x22 || c === 0x5c) bytes += 1; // \" and \\
      } else if (c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) {
        bytes += 1; // \b \t \n \f \r
      } else {
        bytes += 5; // \u00XX
      }
    } else if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c <= 0xdbff && i + 1 < n) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          bytes += 2; // a pair: two UTF-16 units, four UTF-8 bytes
          i++;
          continue;
        }
      }
      bytes += 5; // a lone surrogate is written \uXXXX
    } else {
      bytes += 2;
    }
  }
  return bytes;
}

function numberBytes(n: number): number {
  if (!Number.isFinite(n)) return 4; // null
  if (Number.isInteger(n) && n > -1e15 && n < 1e15) {
    let bytes = n < 0 ? 2 : 1;
    for (let rest = Math.abs(n); rest >= 10; rest = Math.floor(rest / 10)) bytes++;
    return bytes;
  }
  return String(n).length;
}

/**
 * At least the UTF-8 byte length of `JSON.stringify(value)`, counted from string lengths only (a
 * UTF-16 unit is at most 6 bytes of JSON, as `\uXXXX`): a third of the cost of the exact count,
 * enough to tell that a batch is far from the payload limit. -1 when the value has no JSON form.
 */
export function jsonBytesBound(value: unknown): number {
  return prototypesClean() ? boundBytes(value) : serializedBytes(value);
}

function boundBytes(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return 24; // the longest a number is written: -1.2345678901234567e-308
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Array.prototype && Array.isArray(value) && !Object.prototype.hasOwnProperty.call(value, 'toJSON')) {
        const array = value as unknown[];
        let bytes = array.length > 1 ? array.length + 1 : 2;
        for (let i = 0; i < array.length; i++) {
          const size = boundBytes(array[i]);
          bytes += size < 0 ? 4 : size;
        }
        return bytes;
      }
      if (proto !== Object.prototype && proto !== null) return serializedBytes(value);
      let bytes = 2;
      let members = 0;
      for (const key in value as Record<string, unknown>) {
        const member = (value as Record<string, unknown>)[key];
        if (key === 'toJSON' && typeof member === 'function') return serializedBytes(value);
        const size = boundBytes(member);
        if (size < 0) continue;
        bytes += 6 * key.length + 3 + size;
        members++;
      }
      return members > 1 ? bytes + members - 1 : bytes;
    }
    case 'bigint':
      return serializedBytes(value);
    default:
      return -1;
  }
}

function serializedBytes(value: unknown): number {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? -1 : Buffer.byteLength(json);
}
