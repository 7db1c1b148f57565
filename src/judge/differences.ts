import type { Difference } from '../core/difference.js';
import type { SourceKey } from '../core/record-key.js';
import { tablesNamed, type HarnessRun, type OutboxMessage } from '../harness/index.js';
import { canonical, holdsValues, leafValues, withoutFields } from '../core/canonical.js';

export interface StateOptions {
  ignoreFields: readonly string[];
  /** Key attribute names of each downstream table. */
  tableKeys: Record<string, string[]>;
  /** Which source key an outbox message belongs to: a dotted path into its JSON body, or a function. */
  messageKey: string | ((body: unknown) => unknown) | undefined;
  /** The items the tables held when the run started (downstream.dynamodb.items, as DynamoDB JSON): left as they were, they are nothing the run did. */
  seeded?: Record<string, Record<string, unknown>[]>;
  /** The table whose stream the function reads (DynamoDB sources that name it): a handler may read it. */
  sourceTable?: string;
  /** Tables left out of comparisons (`downstream.ignoreTables`): the handler's own bookkeeping. */
  ignoreTables?: readonly string[];
}

/** An effect the downstream holds: an item of a table, or a distinct outbox message. */
export interface Effect {
  where: string;
  id: string;
  value: unknown;
  text: string;
  /** Source item keys this effect belongs to. */
  keys: string[];
}

export interface NormalizedState {
  effects: Map<string, Effect>;
  /** Per source key, outbox messages in the order they were first emitted. */
  messageOrder: Map<string, string[]>;
  custom: string | undefined;
  /** Whether the run left anything observable at all. */
  observable: boolean;
}

export type { Difference };

/** The downstream state of a run, normalized for comparison (SPEC §6). */
export function normalizeState(run: HarnessRun, sourceKeys: readonly SourceKey[], options: StateOptions, custom?: unknown): NormalizedState {
  const effects = new Map<string, Effect>();
  const tableItem = (table: string, item: Record<string, unknown>) => {
    const keyNames = options.tableKeys[table] ?? [];
    const value = withoutFields(item, options.ignoreFields);
    const id = keyNames.length > 0 ? canonical(keyNames.map((k) => item[k])) : canonical(value);
    return { slot: `table ${table} ${id}`, id, value, text: canonical(value) };
  };
  const ignored = new Set(options.ignoreTables ?? []);
  for (const [table, items] of Object.entries(run.tables)) {
    if (ignored.has(table)) continue;
    for (const item of items) {
      const { slot, id, value, text } = tableItem(table, item);
      effects.set(slot, { where: `table ${table}`, id, value, text, keys: keysOf(value, sourceKeys) });
    }
  }
  // the items the run started with, where it left them as they were, show nothing it did
  let seededAsWere = 0;
  for (const [table, items] of Object.entries(options.seeded ?? {})) {
    if (ignored.has(table)) continue;
    for (const item of items) {
      const { slot, text } = tableItem(table, item);
      if (effects.get(slot)?.text === text) seededAsWere++;
    }
  }
  for (const [index, documents] of Object.entries(run.search ?? {})) {
    for (const [id, document] of Object.entries(documents)) {
      const source = withoutFields(document.source, options.ignoreFields);
      // the version is state only when the handler chose it (external versioning)
      const value = document.version === undefined ? source : { _source: source, _version: document.version };
      effects.set(`index ${index} ${id}`, { where: `index ${index}`, id: JSON.stringify(id), value, text: canonical(value), keys: keysOf({ id, value }, sourceKeys) });
    }
  }
  const messageOrder = new Map<string, string[]>();
  const latestOnly = readsSourceTable(run, options.sourceTable);
  for (const original of run.outbox) {
    const message = withoutBodyFields(original, options.ignoreFields);
    const identity = messageIdentity(message);
    const where = `${message.service} ${message.target}`;
    const body = parseBody(message.body);
    // a request that names its key in its URL alone (a DELETE /products/{sku}, a PUT with no key in its body)
    const bodyKeys = messageKeys(body, sourceKeys, options.messageKey);
    const keys = bodyKeys.length === 0 && message.service === 'http' && options.messageKey === undefined ? keysOf(message.target, sourceKeys) : bodyKeys;
    if (latestOnly && keys.length > 0) {
      // what a handler reads from the source table depends on which records a batch held, which
      // retries change: its messages about a key are judged by the latest (what a receiver keeps)
      const slot = `${where} latest of ${keys.join(' | ')}`;
      effects.set(slot, { where, id: `latest of ${keys.join(' | ')}`, value: body, text: canonical({ body: message.body, group: message.group }), keys });
      continue;
    }
    const slot = `${where} ${identity}`;
    if (effects.has(slot)) continue;
    effects.set(slot, { where, id: identity, value: body, text: canonical({ body: message.body, id: message.id, group: message.group }), keys });
    for (const key of keys) messageOrder.set(key, [...(messageOrder.get(key) ?? []), slot]);
  }
  const seededCount = Object.entries(options.seeded ?? {}).reduce((n, [table, items]) => n + (ignored.has(table) ? 0 : items.length), 0);
  const changedSeeds = seededCount - seededAsWere;
  return { effects, messageOrder, custom: custom === undefined ? undefined : canonical(custom), observable: effects.size > seededAsWere || changedSeeds > 0 || custom !== undefined };
}

/** Whether the handler read the source table in this run (a call naming it: the harness refuses writes to it). */
function readsSourceTable(run: HarnessRun, sourceTable: string | undefined): boolean {
  if (sourceTable === undefined) return false;
  return run.calls.some((call) => call.service === 'dynamodb' && call.input !== null && typeof call.input === 'object' && tablesNamed(call.input as Record<string, unknown>).includes(sourceTable));
}

/** A message whose JSON object body is left without the ignored fields (`downstream.ignoreFields` applies to every comparison). */
function withoutBodyFields(message: OutboxMessage, ignoreFields: readonly string[]): OutboxMessage {
  if (ignoreFields.length === 0) return message;
  const body = parseBody(message.body);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return message;
  return { ...message, body: JSON.stringify(withoutFields(body as Record<string, unknown>, ignoreFields)) };
}

/** Messages are a set keyed by deduplication id (or S3 key) when there is one, else by content. */
function messageIdentity(message: OutboxMessage): string {
  return message.id ?? canonical({ body: message.body, group: message.group });
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function keysOf(value: unknown, sourceKeys: readonly SourceKey[]): string[] {
  const leaves = leafValues(value);
  return sourceKeys.filter((k) => holdsValues(leaves, k.values)).map((k) => k.id);
}

function messageKeys(body: unknown, sourceKeys: readonly SourceKey[], messageKey: StateOptions['messageKey']): string[] {
  if (messageKey === undefined) return keysOf(body, sourceKeys);
  const value = typeof messageKey === 'function' ? messageKey(body) : dig(body, messageKey);
  return keysOf(value, sourceKeys);
}

function dig(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, step) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined), value);
}

/**
 * What the adversarial run left different from the reference run, leaving out effects of item
 * keys whose records the adversarial run discarded (their state is undefined by design).
 */
export function differences(expected: NormalizedState, actual: NormalizedState, excludedKeys: ReadonlySet<string>): Difference[] {
  const out: Difference[] = [];
  const excluded = (effect: Effect) => effect.keys.some((k) => excludedKeys.has(k));
  for (const [slot, want] of expected.effects) {
    if (excluded(want)) continue;
    const got = actual.effects.get(slot);
    if (got === undefined) out.push({ kind: 'missing', where: want.where, id: want.id, expected: want.value, actual: undefined, keys: want.keys });
    else if (got.text !== want.text) out.push({ kind: 'changed', where: want.where, id: want.id, expected: want.value, actual: got.value, keys: want.keys });
  }
  for (const [slot, got] of actual.effects) {
    if (excluded(got) || expected.effects.has(slot)) continue;
    out.push({ kind: 'extra', where: got.where, id: got.id, expected: undefined, actual: got.value, keys: got.keys });
  }
  for (const [key, wantOrder] of expected.messageOrder) {
    if (excludedKeys.has(key)) continue;
    const gotOrder = actual.messageOrder.get(key) ?? [];
    const common = wantOrder.filter((slot) => gotOrder.includes(slot));
    const gotCommon = gotOrder.filter((slot) => common.includes(slot));
    if (common.join('\n') !== gotCommon.join('\n')) {
      out.push({
        kind: 'order', where: 'outbox', id: key, keys: [key],
        expected: common.map((slot) => expected.effects.get(slot)!.value), actual: gotCommon.map((slot) => actual.effects.get(slot)!.value),
      });
    }
  }
  if (expected.custom !== actual.custom) out.push({ kind: 'custom', where: 'custom snapshot', id: '', expected: expected.custom, actual: actual.custom, keys: [] });
  return out;
}
