import type { Item, NativeValue } from './attribute-value.js';
import { itemsEqual } from './item-equality.js';
import { itemSizeBytes, MAX_ITEM_BYTES } from './item-size.js';
import { canonicalKey, keyAttributeNames, keyOf, type KeySchema } from './key-schema.js';

/** One write on the source table. */
export type Write =
  | { op: 'put'; item: Item }
  | { op: 'update'; key: Item; set: Item; remove: string[] }
  | { op: 'delete'; key: Item }
  | { op: 'ttl-delete'; key: Item };

export type EventName = 'INSERT' | 'MODIFY' | 'REMOVE';

/** A write that changed the table: what the stream records. */
export interface Change {
  eventName: EventName;
  keys: Item;
  /** Present on MODIFY and REMOVE. */
  oldItem?: Item;
  /** Present on INSERT and MODIFY. */
  newItem?: Item;
  /** A REMOVE by TTL expiry (the record carries the DynamoDB service identity). */
  ttl: boolean;
  /** Index of the write in the history. */
  writeIndex: number;
}

export interface AppliedHistory {
  changes: Change[];
  /** The table after the history (in Map insertion order). */
  finalItems: Item[];
}

export interface TableOptions {
  /** Writes that would make an item larger are rejected, as DynamoDB does (default 409600). */
  maxSizeBytes?: number;
}

/** Items by canonical key. */
export type Table = Map<string, Item>;

/** The item an update produces from `current` (or from the bare key when the item is absent). */
export function updatedItem(current: Item, set: Item, remove: readonly string[]): Item {
  const removed = new Set(remove);
  const kept = Object.entries(current)
    .filter(([name]) => !removed.has(name))
    .map(([name, value]): [string, NativeValue] => [name, Object.hasOwn(set, name) ? (set[name] as NativeValue) : value]);
  const added = Object.entries(set).filter(([name]) => !Object.hasOwn(current, name));
  return Object.fromEntries([...kept, ...added]);
}

function checkUpdate(write: Extract<Write, { op: 'update' }>, schema: KeySchema): void {
  const keyNames = keyAttributeNames(schema);
  const touched = [...Object.keys(write.set), ...write.remove];
  const bad = touched.find((name) => keyNames.has(name));
  if (bad !== undefined) throw new Error(`Update touches key attribute ${bad}`);
  const overlap = write.remove.find((name) => Object.hasOwn(write.set, name));
  if (overlap !== undefined) throw new Error(`Update both sets and removes ${overlap}`);
}

/** The item a put or update leaves, or undefined for deletes. */
function nextItem(write: Write, current: Item | undefined, schema: KeySchema): Item | undefined {
  switch (write.op) {
    case 'put':
      return write.item;
    case 'update':
      checkUpdate(write, schema);
      return updatedItem(current ?? keyOf(write.key, schema), write.set, write.remove);
    default:
      return undefined;
  }
}

function writeKey(write: Write): Item {
  return write.op === 'put' ? write.item : write.key;
}

/** Apply one write; returns the change, or undefined when the write changed nothing (or was rejected). */
export function applyWrite(
  table: Table,
  write: Write,
  schema: KeySchema,
  options: TableOptions = {},
): Omit<Change, 'writeIndex'> | undefined {
  const keys = keyOf(writeKey(write), schema);
  const id = canonicalKey(keys, schema);
  const current = table.get(id);
  const next = nextItem(write, current, schema);
  if (next === undefined) {
    if (current === undefined) return undefined;
    table.delete(id);
    return { eventName: 'REMOVE', keys, oldItem: current, ttl: write.op === 'ttl-delete' };
  }
  if (itemSizeBytes(next) > (options.maxSizeBytes ?? MAX_ITEM_BYTES)) return undefined;
  if (current !== undefined && itemsEqual(current, next)) return undefined;
  table.set(id, next);
  return current === undefined
    ? { eventName: 'INSERT', keys, newItem: next, ttl: false }
    : { eventName: 'MODIFY', keys, oldItem: current, newItem: next, ttl: false };
}

/** Replay a write history on an empty table. */
export function applyHistory(history: readonly Write[], schema: KeySchema, options: TableOptions = {}): AppliedHistory {
  const table: Table = new Map();
  const changes: Change[] = [];
  history.forEach((write, writeIndex) => {
    const change = applyWrite(table, write, schema, options);
    if (change !== undefined) changes.push({ ...change, writeIndex });
  });
  return { changes, finalItems: [...table.values()] };
}
