import fc from 'fast-check';
import { attributeName, attributeValue, type Item, type NativeValue } from './attribute-value.js';
import { canonicalValue } from './item-equality.js';
import { attributeEntrySizeBytes, itemSizeBytes, MAX_ITEM_BYTES, utf8Bytes } from './item-size.js';
import { keyArb, keyAttributeNames, type KeySchema } from './key-schema.js';
import { attributeSpecValues, type AttributeSpec } from './attribute-spec.js';

export { keyArb, keySchemaArb, type KeySchema } from './key-schema.js';

export interface ItemOptions {
  /** Upper bound of `itemSizeBytes(item)` (default 65536, at most 409600). */
  maxSizeBytes?: number;
  /**
   * Example items. Non-key attributes are then recombined from them attribute by attribute:
   * for each name seen in the samples, one of the values seen for it, or nothing.
   */
  samples?: readonly Item[];
  /** Non-key attributes every item has, with their value arbitraries (they override samples). */
  attributes?: Record<string, fc.Arbitrary<NativeValue>>;
  /**
   * What the user declared per attribute: always present or not, what its values look like, or a
   * per-key version (set by the write history). Other attributes stay as samples or random make them.
   */
  declared?: Record<string, AttributeSpec>;
  /** Whole items (their non-key attributes are used; the keys are generated): an `items` arbitrary of the config. */
  arbitrary?: fc.Arbitrary<Item>;
  /** Nesting depth of random documents (default 2, at most 32). */
  maxDepth?: number;
}

export const DEFAULT_MAX_ITEM_BYTES = 65_536;

export function maxItemBytes(options: ItemOptions = {}): number {
  return Math.min(options.maxSizeBytes ?? DEFAULT_MAX_ITEM_BYTES, MAX_ITEM_BYTES);
}

/** Non-key attributes given by samples and `attributes`, or undefined for random attributes. */
interface AttributeModel {
  arbitraries: Record<string, fc.Arbitrary<NativeValue>>;
  required: string[];
}

function attributeModel(schema: KeySchema, options: ItemOptions): AttributeModel | undefined {
  if (options.samples === undefined && options.attributes === undefined) return undefined;
  const keyNames = keyAttributeNames(schema);
  const arbitraries: Record<string, fc.Arbitrary<NativeValue>> = {};
  for (const [name, values] of sampleValues(options.samples ?? [])) {
    if (!keyNames.has(name)) arbitraries[name] = fc.constantFrom(...values);
  }
  const required = Object.keys(options.attributes ?? {}).filter((name) => !keyNames.has(name));
  for (const name of required) arbitraries[name] = options.attributes?.[name] as fc.Arbitrary<NativeValue>;
  return { arbitraries, required };
}

/** Each attribute name of the samples with its distinct values. */
function sampleValues(samples: readonly Item[]): Map<string, NativeValue[]> {
  const seen = new Map<string, Map<string, NativeValue>>();
  for (const sample of samples) {
    for (const [name, value] of Object.entries(sample)) {
      if (value === undefined) continue;
      const values = seen.get(name) ?? new Map<string, NativeValue>();
      values.set(canonicalValue(value), value);
      seen.set(name, values);
    }
  }
  return new Map([...seen].map(([name, values]) => [name, [...values.values()]]));
}

function withoutUndefined(record: Partial<Record<string, NativeValue>>): Item {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, NativeValue] => entry[1] !== undefined));
}

function nonKeyName(schema: KeySchema): fc.Arbitrary<string> {
  const keyNames = keyAttributeNames(schema);
  return attributeName().filter((name) => !keyNames.has(name));
}

/** Rarely, one large string or binary attribute, so items near the size limit occur. */
function bulkAttribute(schema: KeySchema, maxSizeBytes: number): fc.Arbitrary<Item> {
  const keyNames = keyAttributeNames(schema);
  const bulk = fc
    .tuple(fc.constantFrom('body', 'blob'), fc.integer({ min: 0, max: maxSizeBytes }))
    .filter(([name]) => !keyNames.has(name))
    .map(([name, length]): Item => ({
      [name]: name === 'body' ? 'x'.repeat(length) : new Uint8Array(length).fill(0xab),
    }));
  return fc.oneof({ weight: 5, arbitrary: fc.constant<Item>({}) }, { weight: 1, arbitrary: bulk });
}

/** The declared attributes (versions aside, the history sets them) as a record arbitrary; `all` makes every one present. */
function declaredAttributes(schema: KeySchema, options: ItemOptions, requiredOnly: boolean): { names: string[]; values: fc.Arbitrary<Item> } | undefined {
  const keyNames = keyAttributeNames(schema);
  const entries = Object.entries(options.declared ?? {}).filter(([name]) => !keyNames.has(name));
  if (entries.length === 0) return undefined;
  const seen = sampleValues(options.samples ?? []);
  const values = entries.filter(([, spec]) => spec.version !== true && (!requiredOnly || spec.required === true));
  const arbitraries = Object.fromEntries(values.map(([name, spec]) => [name, attributeSpecValues(spec, seen.get(name))]));
  const required = values.filter(([, spec]) => spec.required === true).map(([name]) => name);
  return { names: entries.map(([name]) => name), values: fc.record(arbitraries, { requiredKeys: required }).map(withoutUndefined) };
}

/** Adds the declared attributes over what `base` generates (which then never has them). */
function withDeclared(base: fc.Arbitrary<Item>, declared: ReturnType<typeof declaredAttributes>): fc.Arbitrary<Item> {
  if (declared === undefined) return base;
  const names = new Set(declared.names);
  return fc.tuple(declared.values, base).map(([given, rest]) => ({ ...given, ...Object.fromEntries(Object.entries(rest).filter(([name]) => !names.has(name))) }));
}

/** The non-key attributes of an `items` arbitrary's item. */
function fromArbitrary(schema: KeySchema, arbitrary: fc.Arbitrary<Item>): fc.Arbitrary<Item> {
  const keyNames = keyAttributeNames(schema);
  return arbitrary.map((item) => Object.fromEntries(Object.entries(item).filter(([name, value]) => !keyNames.has(name) && value !== undefined)) as Item);
}

/** The non-key attributes of a put. */
export function nonKeyAttributes(schema: KeySchema, options: ItemOptions = {}): fc.Arbitrary<Item> {
  if (options.arbitrary) return withDeclared(fromArbitrary(schema, options.arbitrary), declaredAttributes(schema, options, false));
  return withDeclared(undeclaredAttributes(schema, options), declaredAttributes(schema, options, false));
}

function undeclaredAttributes(schema: KeySchema, options: ItemOptions): fc.Arbitrary<Item> {
  const model = attributeModel(schema, options);
  if (model !== undefined) {
    return fc.record(model.arbitraries, { requiredKeys: model.required }).map(withoutUndefined);
  }
  const values = attributeValue({ maxDepth: options.maxDepth ?? 2 });
  return fc
    .tuple(
      fc.dictionary(nonKeyName(schema), values, { maxKeys: 6, noNullPrototype: true }),
      bulkAttribute(schema, maxItemBytes(options)),
    )
    .map(([attributes, bulk]) => ({ ...attributes, ...bulk }));
}

/** The SET part of an update: a few non-key attributes (every required declared one, so an update that creates the item has them). */
export function attributeUpdates(schema: KeySchema, options: ItemOptions = {}): fc.Arbitrary<Item> {
  if (options.arbitrary) return withDeclared(fromArbitrary(schema, options.arbitrary), declaredAttributes(schema, options, true));
  return withDeclared(undeclaredUpdates(schema, options), declaredAttributes(schema, options, true));
}

function undeclaredUpdates(schema: KeySchema, options: ItemOptions): fc.Arbitrary<Item> {
  const model = attributeModel(schema, options);
  if (model !== undefined) return fc.record(model.arbitraries, { requiredKeys: [] }).map(withoutUndefined);
  return fc.dictionary(nonKeyName(schema), attributeValue({ maxDepth: options.maxDepth ?? 2 }), {
    maxKeys: 3,
    noNullPrototype: true,
  });
}

/** The REMOVE part of an update: a few non-key attribute names (present or not). */
export function removableNames(schema: KeySchema, options: ItemOptions = {}): fc.Arbitrary<string[]> {
  // required and version attributes are never removed; an items arbitrary says nothing of removals
  const kept = new Set(Object.entries(options.declared ?? {}).filter(([, spec]) => spec.required === true || spec.version === true).map(([name]) => name));
  if (options.arbitrary) return fc.constant([]);
  const model = attributeModel(schema, options);
  if (model === undefined) return fc.uniqueArray(nonKeyName(schema).filter((name) => !kept.has(name)), { maxLength: 2 });
  const names = [...new Set([...Object.keys(model.arbitraries), ...Object.keys(options.declared ?? {})])].filter((name) => !kept.has(name));
  return names.length === 0 ? fc.constant([]) : fc.uniqueArray(fc.constantFrom(...names), { maxLength: 2 });
}

/** Items of the schema whose `itemSizeBytes` is at most `maxSizeBytes`. */
export function itemArb(schema: KeySchema, options: ItemOptions = {}): fc.Arbitrary<Item> {
  const maxSizeBytes = maxItemBytes(options);
  return fc
    .tuple(keyArb(schema), nonKeyAttributes(schema, options))
    .map(([key, attributes]) => fitItem(key, attributes, maxSizeBytes));
}

/**
 * Key plus as many attributes as fit in `maxSizeBytes`, in order; the first string or binary
 * that does not fit is cut to the room left, later attributes that do not fit are dropped.
 */
export function fitItem(key: Item, attributes: Item, maxSizeBytes: number): Item {
  let size = itemSizeBytes(key);
  if (size > maxSizeBytes) throw new Error(`Key alone is ${size} bytes, over maxSizeBytes ${maxSizeBytes}`);
  const kept: [string, NativeValue][] = [];
  for (const [name, value] of Object.entries(attributes)) {
    const entrySize = attributeEntrySizeBytes(name, value);
    const fitted = size + entrySize <= maxSizeBytes ? value : truncate(value, maxSizeBytes - size - utf8Bytes(name));
    if (fitted === undefined) continue;
    kept.push([name, fitted]);
    size += attributeEntrySizeBytes(name, fitted);
  }
  return Object.fromEntries([...Object.entries(key), ...kept]);
}

function truncate(value: NativeValue, roomBytes: number): NativeValue | undefined {
  if (roomBytes < 0) return undefined;
  if (value instanceof Uint8Array) return value.slice(0, roomBytes);
  if (typeof value !== 'string') return undefined;
  let bytes = 0;
  let end = 0;
  for (const codePoint of value) {
    const width = utf8Width(codePoint.codePointAt(0) ?? 0);
    if (bytes + width > roomBytes) break;
    bytes += width;
    end += codePoint.length;
  }
  return value.slice(0, end);
}

function utf8Width(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}
