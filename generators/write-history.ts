import fc from 'fast-check';
import type { Item, NativeValue } from './attribute-value.js';
import { canonicalValue } from './item-equality.js';
import { attributeUpdates, fitItem, maxItemBytes, nonKeyAttributes, removableNames, type ItemOptions } from './item.js';
import { versionNames } from './attribute-spec.js';
import { itemSizeBytes } from './item-size.js';
import { canonicalKey, keyArb, keyAttributes, keyOf, keyValue, type KeySchema } from './key-schema.js';
import { applyWrite, updatedItem, type Table, type Write } from './table.js';

export { applyHistory, applyWrite, type AppliedHistory, type Change, type EventName, type Write } from './table.js';

export interface WriteHistoryOptions {
  minWrites?: number;
  /** Default 12. */
  maxWrites?: number;
  /** How many distinct keys the writes use (default 1–4), so keys repeat. */
  keyPoolSize?: { min?: number; max?: number };
  /** Include TTL deletions (default true). */
  ttlDeletes?: boolean;
  items?: ItemOptions;
}

/** What is generated; `materialize` turns it into writes. Indices keep shrinking simple. */
type RawWrite =
  | { kind: 'put'; key: number; attributes: Item }
  | { kind: 'update'; key: number; set: Item; remove: string[] }
  | { kind: 'delete' | 'ttl-delete'; key: number }
  /** Issue an earlier write again: the usual way to get no-op writes. */
  | { kind: 'repeat'; back: number };

/** Distinct keys; with a range key, several keys usually share a partition key. */
export function keyPool(schema: KeySchema, size: { min?: number; max?: number } = {}): fc.Arbitrary<Item[]> {
  const min = Math.max(1, size.min ?? 1);
  const max = Math.max(min, size.max ?? 4);
  const [hash, range] = keyAttributes(schema);
  const unique = (keys: Item[]): Item[] => [...new Map(keys.map((k) => [canonicalKey(k, schema), k])).values()];
  if (hash === undefined || range === undefined) {
    return fc.uniqueArray(keyArb(schema), { minLength: min, maxLength: max, selector: (k) => canonicalKey(k, schema) });
  }
  return fc
    .tuple(
      fc.uniqueArray(keyValue(hash.type), { minLength: 1, maxLength: max, selector: canonicalValue }),
      fc.array(fc.tuple(fc.nat(), keyValue(range.type)), { minLength: min, maxLength: max }),
    )
    .map(([hashes, pairs]) =>
      unique(pairs.map(([i, rangeValue]) => ({ [hash.name]: hashes[i % hashes.length] as NativeValue, [range.name]: rangeValue }))),
    )
    .map((keys) => (hash.type === 'S' && range.type === 'S' ? withConcatenationTwin(keys, hash.name, range.name, max) : keys));
}

/**
 * With two string key attributes, the pool holds a key whose values run together like another's
 * (tenant "ab" / note "c" next to tenant "a" / note "bc"): an id built by concatenating the key
 * values without a separator collides. Derived from the drawn keys, so no draw changes.
 */
function withConcatenationTwin(keys: Item[], hashName: string, rangeName: string, max: number): Item[] {
  const first = keys[0];
  const [h, r] = [first?.[hashName], first?.[rangeName]];
  if (typeof h !== 'string' || typeof r !== 'string') return keys;
  // by code point: cutting a surrogate pair in two would make strings DynamoDB cannot hold
  const [moved, ...rest] = r;
  if (moved === undefined || rest.length === 0) return keys;
  const twin = { [hashName]: h + moved, [rangeName]: rest.join('') };
  if (keys.some((k) => k[hashName] === twin[hashName] && k[rangeName] === twin[rangeName])) return keys;
  return keys.length < max ? [...keys, twin] : [...keys.slice(0, -1), twin];
}

function rawWrite(schema: KeySchema, poolMax: number, options: WriteHistoryOptions): fc.Arbitrary<RawWrite> {
  const key = fc.nat({ max: poolMax - 1 });
  const items = options.items ?? {};
  const writes: fc.WeightedArbitrary<RawWrite>[] = [
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('put' as const), key, attributes: nonKeyAttributes(schema, items) }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('update' as const),
        key,
        set: attributeUpdates(schema, items),
        remove: removableNames(schema, items),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('repeat' as const), back: fc.nat({ max: 3 }) }) },
  ];
  if (options.ttlDeletes ?? true) {
    writes.push({ weight: 1, arbitrary: fc.record({ kind: fc.constant('ttl-delete' as const), key }) });
  }
  return fc.oneof(...writes);
}

/** Write histories over a small pool of keys; every item stays within `items.maxSizeBytes`. */
export function writeHistory(schema: KeySchema, options: WriteHistoryOptions = {}): fc.Arbitrary<Write[]> {
  const poolMax = Math.max(1, options.keyPoolSize?.max ?? 4);
  return fc
    .tuple(
      keyPool(schema, options.keyPoolSize),
      fc.array(rawWrite(schema, poolMax, options), { minLength: options.minWrites ?? 0, maxLength: options.maxWrites ?? 12 }),
    )
    .map(([pool, raws]) => materialize(schema, pool, raws, maxItemBytes(options.items), versionNames(options.items?.declared)));
}

function materialize(schema: KeySchema, pool: Item[], raws: RawWrite[], maxSizeBytes: number, versioned: string[] = []): Write[] {
  const table: Table = new Map();
  const history: Write[] = [];
  const versions = new Map<string, number>();
  for (const raw of raws) {
    const resolved = resolve(raw, pool, history, maxSizeBytes);
    if (resolved === undefined) continue;
    const write = versioned.length > 0 ? withVersion(resolved, schema, versions, versioned, maxSizeBytes) : resolved;
    const fitted = write.op === 'update' ? fitUpdate(write, table, schema, maxSizeBytes) : write;
    applyWrite(table, fitted, schema, { maxSizeBytes });
    history.push(fitted);
  }
  return history;
}

function resolve(raw: RawWrite, pool: Item[], history: Write[], maxSizeBytes: number): Write | undefined {
  if (raw.kind === 'repeat') return history[history.length - 1 - (raw.back % Math.max(1, history.length))];
  const key = pool[raw.key % pool.length] as Item;
  switch (raw.kind) {
    case 'put':
      return { op: 'put', item: fitItem(key, raw.attributes, maxSizeBytes) };
    case 'update':
      return { op: 'update', key, set: raw.set, remove: raw.remove.filter((name) => !Object.hasOwn(raw.set, name)) };
    default:
      return { op: raw.kind, key };
  }
}

/**
 * Stamps the write with the key's next version (declared `{ version: true }` attributes): every
 * write of a key counts, deletes included, so a re-created item continues above its old versions.
 */
function withVersion(write: Write, schema: KeySchema, versions: Map<string, number>, names: string[], maxSizeBytes: number): Write {
  const key = write.op === 'put' ? keyOf(write.item, schema) : write.key;
  const id = canonicalKey(key, schema);
  const version = (versions.get(id) ?? 0) + 1;
  versions.set(id, version);
  const stamp: Item = Object.fromEntries(names.map((name) => [name, version]));
  const others = (item: Item) => Object.fromEntries(Object.entries(item).filter(([name]) => !names.includes(name)));
  if (write.op === 'put') return { op: 'put', item: fitItem(key, { ...stamp, ...others(write.item) }, maxSizeBytes) };
  if (write.op === 'update') return { ...write, set: { ...stamp, ...others(write.set) }, remove: write.remove.filter((name) => !names.includes(name)) };
  return write;
}

/** Drop SET entries (last first) until the updated item fits. */
function fitUpdate(write: Extract<Write, { op: 'update' }>, table: Table, schema: KeySchema, maxSizeBytes: number): Write {
  const current = table.get(canonicalKey(write.key, schema)) ?? keyOf(write.key, schema);
  const entries = Object.entries(write.set);
  while (entries.length > 0 && itemSizeBytes(updatedItem(current, Object.fromEntries(entries), write.remove)) > maxSizeBytes) {
    entries.pop();
  }
  return { ...write, set: Object.fromEntries(entries) };
}
