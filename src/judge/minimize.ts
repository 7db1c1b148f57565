import type { Source, StreamRecord } from '../model/types.js';
import type { Case } from '../../properties/index.js';
import { sourceKeyOf, sourceRecords } from '../core/record-key.js';

/**
 * What minimizing took out of a shrunk case, by position in the case fast-check generated (so a
 * replay token can carry it and the replay rebuilds exactly the same case).
 */
export interface Reduction {
  /** Indexes into `faults.calls` left out. */
  calls?: number[];
  /** Indexes into `faults.invocations` left out. */
  invocations?: number[];
  /** Concurrent calls complete in issue order. */
  inOrder?: true;
  /** Indexes into `faults.producerRetries` left out. */
  producerRetries?: number[];
  /** Source item keys (as `sourceKeyOf` names them) whose records are all left out. */
  keys?: string[];
  /**
   * Per source item key, how many of its first records are left out: as if the stream had been
   * read from a later position, so the item's final state stays what it was.
   */
  earliest?: Record<string, number>;
}

export function isEmptyReduction(r: Reduction): boolean {
  return !r.calls?.length && !r.invocations?.length && !r.inOrder && !r.producerRetries?.length && !r.keys?.length && Object.keys(r.earliest ?? {}).length === 0;
}

/** The case with the reduction's faults and keys taken out (a key's final item goes with its records). */
export function applyReduction(c: Case, r: Reduction, source: Source): Case {
  const keep = <T>(list: T[] | undefined, out: number[] | undefined) => (list ?? []).filter((_, i) => !out?.includes(i));
  const faults = {
    ...c.faults,
    calls: keep(c.faults.calls, r.calls),
    invocations: keep(c.faults.invocations, r.invocations),
    ...(r.inOrder && { reorder: false }),
    ...(c.faults.producerRetries !== undefined && { producerRetries: keep(c.faults.producerRetries, r.producerRetries) }),
  };
  const dropped = new Set(r.keys ?? []);
  const earliest = r.earliest ?? {};
  if (dropped.size === 0 && Object.keys(earliest).length === 0) return { ...c, faults };
  const seen = new Map<string, number>();
  const kept = (record: StreamRecord) => {
    const key = sourceKeyOf(record, source).id;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    return !dropped.has(key) && index >= (earliest[key] ?? 0);
  };
  const shards = c.shards.map((shard) => ({ ...shard, records: shard.records.filter(kept) }));
  const keyNames = keyNamesOf(c.shards.flatMap((s) => s.records), source);
  const finalItems = c.finalItems?.filter((item) => !dropped.has(itemKeyId(item, keyNames)));
  return { shards, finalItems, faults };
}

/**
 * Takes out, one at a time, every fault and every item key whose absence still shows the failure
 * (a fault that never fired always goes), then never revisits it: a greedy pass, a bounded number
 * of evaluations (faults + keys), deterministic for a deterministic `fails`.
 */
export async function minimize(c: Case, source: Source, fails: (candidate: Case) => Promise<boolean>): Promise<Reduction> {
  const reduction: Reduction = {};
  const attempt = async (change: Reduction): Promise<void> => {
    const candidate = mergeReductions(reduction, change);
    if (await fails(applyReduction(c, candidate, source))) Object.assign(reduction, candidate);
  };
  for (let i = c.faults.calls.length - 1; i >= 0; i--) await attempt({ calls: [i] });
  for (let i = c.faults.invocations.length - 1; i >= 0; i--) await attempt({ invocations: [i] });
  for (let i = (c.faults.producerRetries?.length ?? 0) - 1; i >= 0; i--) await attempt({ producerRetries: [i] });
  if (c.faults.reorder) await attempt({ inOrder: true });
  const keys = [...new Set(c.shards.flatMap((s) => s.records.map((record) => sourceKeyOf(record, source).id)))];
  // at least one key must stay: a case with no records shows nothing
  for (const key of keys) {
    if ((reduction.keys?.length ?? 0) < keys.length - 1) await attempt({ keys: [key] });
  }
  // then the earliest records of each key that stays, one at a time while the failure still shows
  for (const key of keys.filter((k) => !reduction.keys?.includes(k))) {
    const count = c.shards.reduce((n, s) => n + s.records.filter((record) => sourceKeyOf(record, source).id === key).length, 0);
    for (let n = 1; n < count; n++) {
      const before = reduction.earliest?.[key] ?? 0;
      await attempt({ earliest: { [key]: n } });
      if ((reduction.earliest?.[key] ?? 0) === before) break;
    }
  }
  return reduction;
}

function mergeReductions(a: Reduction, b: Reduction): Reduction {
  const union = (x: number[] | undefined, y: number[] | undefined) => (x || y ? [...new Set([...(x ?? []), ...(y ?? [])])].sort((p, q) => p - q) : undefined);
  const merged: Reduction = {};
  const calls = union(a.calls, b.calls);
  const invocations = union(a.invocations, b.invocations);
  const producerRetries = union(a.producerRetries, b.producerRetries);
  if (calls) merged.calls = calls;
  if (invocations) merged.invocations = invocations;
  if (producerRetries) merged.producerRetries = producerRetries;
  if (a.inOrder || b.inOrder) merged.inOrder = true;
  if (a.keys || b.keys) merged.keys = [...new Set([...(a.keys ?? []), ...(b.keys ?? [])])];
  if (a.earliest || b.earliest) merged.earliest = { ...a.earliest, ...b.earliest };
  return merged;
}

function keyNamesOf(records: StreamRecord[], source: Source): string[] {
  return sourceRecords[source].keyAttributeNames(records[0]);
}

/** The id `sourceKeyOf` gives the records of a final item (DynamoDB JSON). */
function itemKeyId(item: Record<string, unknown>, names: string[]): string {
  return names.map((name) => {
    const value = (item[name] ?? {}) as { S?: string; N?: string; B?: string | Uint8Array };
    const binary = value.B instanceof Uint8Array ? Buffer.from(value.B).toString('base64') : value.B;
    return `${name}=${value.S ?? value.N ?? binary ?? JSON.stringify(value)}`;
  }).join(',');
}
