import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { IndexMirror, TableMirror } from '../config/types.js';
import type { HarnessRun } from '../harness/index.js';
import { canonical, holdsValues, leafValues, withoutFields } from '../core/canonical.js';
import type { SourceKey } from '../core/record-key.js';
import { differences, type Difference, type Effect, type NormalizedState } from './differences.js';

export function isIndexMirror(mirror: TableMirror | IndexMirror): mirror is IndexMirror {
  return 'index' in mirror;
}

/** A document as the expectation sees it: the id, and the source as JSON would carry it. */
export interface ExpectedDocument {
  id: string;
  source: Record<string, unknown>;
}

/**
 * One document per live item of the source table (items as DynamoDB JSON), identified by its id
 * (`idFrom`) or, without `idFrom`, by the key attributes its source carries.
 */
export function expectedDocuments(mirror: IndexMirror, finalItems: Record<string, unknown>[], keyNames: readonly string[]): ExpectedDocument[] {
  return finalItems.map((raw) => {
    const item = asJson(unmarshall(raw as never, { wrapNumbers: true })) as Record<string, unknown>;
    return { id: mirror.idFrom === undefined ? keyIdentity(item, keyNames) : documentId(mirror, item), source: project(item, mirror.fields, keyNames) };
  });
}

/** What the index holds that the expectation does not, and the other way round. */
export function indexMirrorDifferences(mirror: IndexMirror, expected: ExpectedDocument[], run: HarnessRun, ignoreFields: readonly string[], sourceKeys: readonly SourceKey[], excludedKeys: ReadonlySet<string>, keyNames: readonly string[]): Difference[] {
  const want = stateOf(mirror.index, expected, ignoreFields, sourceKeys);
  const held = Object.entries(indexOf(run, mirror.index)).map(([id, document]) => ({
    id: mirror.idFrom === undefined ? keyIdentity(document.source, keyNames) : id,
    source: project(document.source, mirror.fields, keyNames),
  }));
  return differences(want, stateOf(mirror.index, held, ignoreFields, sourceKeys), excludedKeys);
}

/**
 * Two live items whose document ids, as the mirror builds them, are the same: the expectation
 * cannot hold both (key values that hold the separator, such as `a#` and `b` against `a` and `#b`).
 */
export function mirrorIdCollision(mirror: IndexMirror, documents: ExpectedDocument[]): string | undefined {
  if (mirror.idFrom === undefined) return undefined;
  const seen = new Map<string, Record<string, unknown>>();
  for (const document of documents) {
    const first = seen.get(document.id);
    if (first !== undefined) {
      const how = typeof mirror.idFrom === 'function' ? 'downstream.expect.mirror.idFrom' : `idFrom ${JSON.stringify(mirror.idFrom)} joined by ${JSON.stringify(mirror.separator ?? '#')}`;
      return `two items make the same document id ${JSON.stringify(document.id)} by ${how} (${JSON.stringify(first)} and ${JSON.stringify(document.source)}): the mirror cannot expect both; if the handler builds ids the same way it loses one of them too, so escape the separator in key values; then give the mirror the handler's separator (downstream.expect.mirror.separator), or idFrom as a function that builds ids as the handler does (a TS or JS config)`;
    }
    seen.set(document.id, document.source);
  }
  return undefined;
}

/**
 * The mirror names an index the handler never wrote, while it wrote others: most likely a name
 * that differs from the handler's (`product` for `products`).
 */
export function mirrorIndexWarning(mirror: IndexMirror, run: HarnessRun): string | undefined {
  const written = Object.keys(run.search ?? {}).filter((name) => Object.keys(run.search![name]!).length > 0);
  if (written.length === 0 || Object.keys(indexOf(run, mirror.index)).length > 0) return undefined;
  return `downstream.expect.mirror.index is "${mirror.index}", but the handler wrote only to index ${written.map((name) => `"${name}"`).join(', ')}: if that is the index meant, name it in the mirror`;
}

/** The index's documents: by name, or `host/name` when several endpoints are declared. */
function indexOf(run: HarnessRun, index: string): Record<string, { source: Record<string, unknown> }> {
  const search = run.search ?? {};
  return search[index] ?? Object.entries(search).find(([name]) => name.endsWith(`/${index}`))?.[1] ?? {};
}

/** The key attribute values a document carries, as its identity when ids are not compared. */
function keyIdentity(source: Record<string, unknown>, keyNames: readonly string[]): string {
  return `key ${JSON.stringify(keyNames.map((k) => source[k]))}`;
}

function stateOf(index: string, documents: ExpectedDocument[], ignoreFields: readonly string[], sourceKeys: readonly SourceKey[]): NormalizedState {
  const effects = new Map<string, Effect>();
  for (const { id, source } of documents) {
    const value = withoutFields(source, ignoreFields);
    const leaves = leafValues({ id, value });
    effects.set(`index ${index} ${id}`, { where: `index ${index}`, id: id.startsWith('key ') ? id : JSON.stringify(id), value, text: canonical(value), keys: sourceKeys.filter((k) => holdsValues(leaves, k.values)).map((k) => k.id) });
  }
  return { effects, messageOrder: new Map(), custom: undefined, observable: true };
}

function documentId(mirror: IndexMirror, item: Record<string, unknown>): string {
  if (typeof mirror.idFrom === 'function') return String(mirror.idFrom(item));
  const names = Array.isArray(mirror.idFrom) ? mirror.idFrom : [mirror.idFrom as string];
  return names.map((name) => String(item[name])).join(mirror.separator ?? '#');
}

function project(source: Record<string, unknown>, fields: string[] | undefined, keyNames: readonly string[]): Record<string, unknown> {
  if (fields === undefined) return source;
  return Object.fromEntries(Object.entries(source).filter(([name]) => fields.includes(name) || keyNames.includes(name)));
}

/**
 * The item as a JSON document carries it: numbers as numbers, sets as arrays, binary as base64
 * (what `JSON.stringify(unmarshall(image))` gives a client, sets aside).
 */
function asJson(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(asJson);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(asJson);
  if (value !== null && typeof value === 'object') {
    if ('value' in value && Object.keys(value).length === 1 && typeof (value as { value: unknown }).value === 'string') return Number((value as { value: string }).value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asJson(v)]));
  }
  return value;
}
