import fc from 'fast-check';
import { dynamoNumber, integer38, plainNumber, preciseNumber, type NumberValue } from './number.js';
import { toBase64 } from './stream-image.js';

/** A DynamoDB attribute value as the document client takes it (`marshall`/`convertToAttr`). */
export type NativeValue =
  | string
  | number
  | bigint
  | NumberValue
  | Uint8Array
  | boolean
  | null
  | Set<string>
  | Set<number>
  | Set<NumberValue>
  | Set<Uint8Array>
  | NativeValue[]
  | NativeMap;

export interface NativeMap {
  [name: string]: NativeValue;
}

/** A whole item, or a key (its key attributes only). */
export type Item = NativeMap;

export type AttributeType = 'S' | 'N' | 'B' | 'SS' | 'NS' | 'BS' | 'M' | 'L' | 'NULL' | 'BOOL';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['S', 'N', 'B', 'SS', 'NS', 'BS', 'M', 'L', 'NULL', 'BOOL'];

/** DynamoDB allows 32 levels of nested documents. */
export const MAX_NESTING_DEPTH = 32;

const MAX_SET_SIZE = 5;
const MAX_CONTAINER_SIZE = 4;
const COMMON_NAMES = ['a', 'b', 'c', 'status', 'payload', 'count'] as const;

/** Strings: ASCII mostly, any printable Unicode often enough (so UTF-8 sizes differ from `.length`). */
export function dynamoString(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.string(constraints) }, { weight: 1, arbitrary: fc.string({ ...constraints, unit: 'grapheme' }) });
}

/** Attribute and map-key names: a few common ones (so writes touch the same attributes) and any others. */
export function attributeName(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...COMMON_NAMES) },
    { weight: 1, arbitrary: dynamoString({ minLength: 1, maxLength: 8 }) },
  ).filter((name) => name !== '__proto__');
}

export function dynamoBinary(constraints: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ maxLength: 16, ...constraints });
}

function setOf<T>(member: fc.Arbitrary<T>, selector: (value: T) => unknown): fc.Arbitrary<Set<T>> {
  return fc.uniqueArray(member, { minLength: 1, maxLength: MAX_SET_SIZE, selector }).map((members) => new Set(members));
}

// A set is either all JS numbers or all NumberValue: `marshall` types the set by its first member.
function numberSet(): fc.Arbitrary<Set<number> | Set<NumberValue>> {
  return fc.oneof(
    setOf(plainNumber(), (n) => String(n)),
    setOf(fc.oneof(preciseNumber(), integer38()), (n) => n.value),
  );
}

function scalarArbitraries(): Record<Exclude<AttributeType, 'M' | 'L'>, fc.Arbitrary<NativeValue>> {
  return {
    S: dynamoString(),
    N: dynamoNumber(),
    B: dynamoBinary(),
    BOOL: fc.boolean(),
    NULL: fc.constant(null),
    SS: setOf(dynamoString(), (s) => s),
    NS: numberSet(),
    BS: setOf(dynamoBinary({ maxLength: 8 }), toBase64),
  };
}

/**
 * How often each scalar type is drawn: plain strings and numbers mostly, so a first report reads
 * clearly; binaries and sets (and, inside N, 38-digit numbers) often enough to find their bugs.
 */
const SCALAR_WEIGHTS: Record<Exclude<AttributeType, 'M' | 'L'>, number> = { S: 3, N: 3, BOOL: 1, NULL: 1, B: 1, SS: 1, NS: 1, BS: 1 };

export interface AttributeValueOptions {
  /** Maximum number of nested M/L levels (default 2, at most 32). */
  maxDepth?: number;
  /** Restrict the generated types (default: all ten). */
  types?: readonly AttributeType[];
}

/** A native attribute value of any DynamoDB type, nested at most `maxDepth` documents deep. */
export function attributeValue(options: AttributeValueOptions = {}): fc.Arbitrary<NativeValue> {
  const maxDepth = Math.max(0, Math.min(options.maxDepth ?? 2, MAX_NESTING_DEPTH));
  const types = new Set(options.types ?? ATTRIBUTE_TYPES);
  const scalars = Object.entries(scalarArbitraries())
    .filter(([type]) => types.has(type as AttributeType))
    .map(([type, arbitrary]) => ({ weight: SCALAR_WEIGHTS[type as keyof typeof SCALAR_WEIGHTS], arbitrary }));
  const containers = maxDepth > 0 && (types.has('M') || types.has('L'));
  const leaf =
    scalars.length > 0 ? fc.oneof(...scalars) : fc.constant<NativeValue>(types.has('L') ? [] : {});
  if (!containers) return leaf;

  const depthIdentifier = fc.createDepthIdentifier();
  const { value } = fc.letrec<{ value: NativeValue }>((tie) => {
    const inner = tie('value');
    const documents: fc.Arbitrary<NativeValue>[] = [];
    if (types.has('L')) documents.push(fc.array(inner, { maxLength: MAX_CONTAINER_SIZE, depthIdentifier }));
    if (types.has('M')) documents.push(documentMap(inner, depthIdentifier));
    return {
      value: fc.oneof({ maxDepth, depthSize: 'small', depthIdentifier, withCrossShrink: true }, leaf, ...documents),
    };
  });
  if (maxDepth <= 2) return value;
  // Random nesting almost never reaches a deep limit, so sometimes build a chain exactly maxDepth deep.
  return fc.oneof({ weight: 9, arbitrary: value }, { weight: 1, arbitrary: nestedChain(maxDepth, leaf, types) });
}

function documentMap(inner: fc.Arbitrary<NativeValue>, depthIdentifier: fc.DepthIdentifier): fc.Arbitrary<NativeMap> {
  return fc.dictionary(attributeName(), inner, {
    maxKeys: MAX_CONTAINER_SIZE,
    depthIdentifier,
    noNullPrototype: true,
  });
}

/** A value that is exactly `depth` documents (maps or lists) deep around a scalar. */
export function nestedChain(
  depth: number,
  leaf: fc.Arbitrary<NativeValue> = fc.oneof(...Object.values(scalarArbitraries())),
  types: ReadonlySet<AttributeType> = new Set(ATTRIBUTE_TYPES),
): fc.Arbitrary<NativeValue> {
  const kinds = types.has('M') && types.has('L') ? fc.boolean() : fc.constant(types.has('L'));
  return fc
    .tuple(fc.array(kinds, { minLength: depth, maxLength: depth }), leaf)
    .map(([levels, scalar]) =>
      levels.reduce<NativeValue>((inner, isList) => (isList ? [inner] : { nested: inner }), scalar),
    );
}

/** How many documents (M or L) deep a value is: 0 for scalars and sets. */
export function nestingDepth(value: NativeValue): number {
  const children = Array.isArray(value) ? value : isNativeMap(value) ? Object.values(value) : undefined;
  if (children === undefined) return 0;
  return 1 + Math.max(0, ...children.map(nestingDepth));
}

export function isNativeMap(value: NativeValue): value is NativeMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
