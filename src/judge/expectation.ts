import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ConformanceConfig } from '../config/types.js';
import type { HarnessRun } from '../harness/index.js';
import { inferSource, recordAccess } from '../model/prepare.js';
import { isoSeconds, windowStartOf } from '../model/tumbling-window.js';
import type { Shard, StreamRecord } from '../model/types.js';
import { canonical, holdsValues, withoutFields } from '../core/canonical.js';
import type { SourceKey } from '../core/record-key.js';
import { differences, type Difference, type Effect, type NormalizedState } from './differences.js';
import { isIndexMirror } from './index-mirror.js';

type Expect = NonNullable<NonNullable<ConformanceConfig['downstream']>['expect']>;

export interface ExpectationContext {
  expect: Expect;
  ignoreFields: readonly string[];
  tableKeys: Record<string, string[]>;
  sourceKeys: readonly SourceKey[];
  /** Key attribute names of the source table. */
  sourceKeyNames: string[];
  /** TumblingWindowInSeconds of the mapping (0: no windows). */
  windowSeconds: number;
}

/** A tumbling window's records, as `expect.state` receives them: per shard, aligned to the epoch on arrival time. */
export interface ExpectedWindow {
  shardId: string;
  /** ISO times, as the event's `window` gives them. */
  start: string;
  end: string;
  records: StreamRecord[];
}

/** The tables the config says the downstream must end with, as DynamoDB JSON, or undefined when nothing is expected. */
export function expectedTables(context: ExpectationContext, finalItems: Record<string, unknown>[] | undefined, shards: Shard[]): Record<string, Record<string, unknown>[]> | undefined {
  const { mirror, state } = context.expect;
  if (mirror !== undefined && !isIndexMirror(mirror)) {
    if (finalItems === undefined) return undefined;
    return { [mirror.table]: finalItems.map((item) => project(item, mirror.keyMap ?? {}, mirror.fields, context.sourceKeyNames)) };
  }
  if (state !== undefined && mirror === undefined) {
    const items = (finalItems ?? []).map((item) => unmarshall(item as never));
    const records = shards.flatMap((s) => s.records);
    const expected = state({ items, records, windows: windowsOf(shards, context.windowSeconds) }) as Record<string, Record<string, unknown>[]>;
    return Object.fromEntries(Object.entries(expected).map(([table, rows]) => [table, rows.map((row) => marshall(row, { removeUndefinedValues: true }) as Record<string, unknown>)]));
  }
  return undefined;
}

function windowsOf(shards: Shard[], windowSeconds: number): ExpectedWindow[] {
  if (windowSeconds <= 0) return [];
  const windowMs = windowSeconds * 1000;
  const { arrivalMs } = recordAccess(inferSource(shards));
  const windows: ExpectedWindow[] = [];
  for (const shard of shards) {
    const byStart = new Map<number, StreamRecord[]>();
    for (const record of shard.records) {
      const start = windowStartOf(arrivalMs(record) as number, windowMs);
      byStart.set(start, [...(byStart.get(start) ?? []), record]);
    }
    for (const [start, records] of byStart) windows.push({ shardId: shard.shardId, start: isoSeconds(start), end: isoSeconds(start + windowMs), records });
  }
  return windows;
}

/** Differences between a run's tables and the expected ones (only the tables the expectation names). */
export function expectationDifferences(context: ExpectationContext, expected: Record<string, Record<string, unknown>[]>, run: HarnessRun, excludedKeys: ReadonlySet<string>): Difference[] {
  const fields = context.expect.mirror?.fields;
  const want = state(expected, context, (item) => item);
  const got = state(
    Object.fromEntries(Object.keys(expected).map((table) => [table, run.tables[table] ?? []])),
    context,
    (item, table) => project(item, {}, fields, context.tableKeys[table] ?? []),
  );
  return differences(want, got, excludedKeys);
}

function state(tables: Record<string, Record<string, unknown>[]>, context: ExpectationContext, shape: (item: Record<string, unknown>, table: string) => Record<string, unknown>): NormalizedState {
  const effects = new Map<string, Effect>();
  for (const [table, items] of Object.entries(tables)) {
    const keyNames = context.tableKeys[table] ?? [];
    for (const raw of items) {
      const value = withoutFields(shape(raw, table), context.ignoreFields);
      const id = keyNames.length > 0 ? canonical(keyNames.map((k) => raw[k])) : canonical(value);
      const leaves = new Set(Object.values(value).map((v) => Object.values(v as object)[0]).map(String));
      effects.set(`${table} ${id}`, { where: `table ${table}`, id, value, text: canonical(value), keys: context.sourceKeys.filter((k) => holdsValues(leaves, k.values)).map((k) => k.id) });
    }
  }
  return { effects, messageOrder: new Map(), custom: undefined, observable: true };
}

/** Renames key attributes (keyMap) and keeps only `fields` plus the key attributes `keys`. */
function project(item: Record<string, unknown>, keyMap: Record<string, string>, fields: string[] | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    const target = keyMap[name] ?? name;
    if (fields === undefined || fields.includes(target) || keys.includes(name)) out[target] = value;
  }
  return out;
}
