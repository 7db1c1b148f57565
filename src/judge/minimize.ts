import type { DynamoDBRecord } from 'aws-lambda';
import type { Source, StreamRecord } from '../model/types.js';
import type { Case } from '../../properties/index.js';
import { sourceKeyOf, sourceRecords } from '../core/record-key.js';
import type { FaultSchedule } from '../harness/index.js';

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
  /**
   * Per source item key, how many of its last records are left out: as if the item had not been
   * written since, so its final state is the last kept record's new image (DynamoDB Streams with
   * new images) or the item is gone (the last kept record is a REMOVE).
   */
  latest?: Record<string, number>;
  /**
   * How many places the faults aimed at a call index move up (a fault moved before the first call
   * goes): records left out take their downstream calls with them, so the calls after them are
   * numbered lower.
   */
  callShift?: number;
  /** The completion order of concurrent calls is drawn from this seed instead of the case's. */
  reorderSeed?: number;
}

export function isEmptyReduction(r: Reduction): boolean {
  return !r.calls?.length && !r.invocations?.length && !r.inOrder && !r.producerRetries?.length && !r.keys?.length
    && Object.keys(r.earliest ?? {}).length === 0 && Object.keys(r.latest ?? {}).length === 0 && !r.callShift && r.reorderSeed === undefined;
}

/** The case with the reduction's faults and keys taken out (a key's final item goes with its records). */
export function applyReduction(c: Case, r: Reduction, source: Source): Case {
  const keep = <T>(list: T[] | undefined, out: number[] | undefined) => (list ?? []).filter((_, i) => !out?.includes(i));
  const faults = {
    ...c.faults,
    calls: shiftCalls(keep(c.faults.calls, r.calls), r.callShift ?? 0),
    invocations: keep(c.faults.invocations, r.invocations),
    ...(r.inOrder && { reorder: false }),
    ...(r.reorderSeed !== undefined && { seed: r.reorderSeed }),
    ...(c.faults.producerRetries !== undefined && { producerRetries: keep(c.faults.producerRetries, r.producerRetries) }),
  };
  const dropped = new Set(r.keys ?? []);
  const earliest = r.earliest ?? {};
  const latest = r.latest ?? {};
  if (dropped.size === 0 && Object.keys(earliest).length === 0 && Object.keys(latest).length === 0) return { ...c, faults };
  const records = c.shards.flatMap((s) => s.records);
  const counts = recordsPerKey(records, source);
  const seen = new Map<string, number>();
  const lastKept = new Map<string, StreamRecord>();
  const kept = (record: StreamRecord) => {
    const key = sourceKeyOf(record, source).id;
    const index = seen.get(key) ?? 0;
    seen.set(key, index + 1);
    const keeps = !dropped.has(key) && index >= (earliest[key] ?? 0) && index < counts.get(key)! - (latest[key] ?? 0);
    if (keeps) lastKept.set(key, record);
    return keeps;
  };
  const shards = c.shards.map((shard) => ({ ...shard, records: shard.records.filter(kept) }));
  const keyNames = keyNamesOf(records, source);
  const truncated = Object.keys(latest).filter((key) => latest[key]! > 0 && !dropped.has(key));
  const finalItems = c.finalItems && [
    ...c.finalItems.filter((item) => !dropped.has(itemKeyId(item, keyNames)) && !truncated.includes(itemKeyId(item, keyNames))),
    ...truncated.flatMap((key): Record<string, unknown>[] => {
      const image = itemAfter(c, lastKept.get(key));
      return image ? [image] : [];
    }),
  ];
  return { shards, finalItems, ...(c.itemsAfter && { itemsAfter: c.itemsAfter }), faults };
}

function shiftCalls(calls: FaultSchedule['calls'], shift: number): FaultSchedule['calls'] {
  if (shift === 0) return calls;
  return calls.flatMap((f): FaultSchedule['calls'] => (f.kind === 'poison' ? [f] : f.call - shift < 0 ? [] : [{ ...f, call: f.call - shift }]));
}

/** The item as the last kept record left it (DynamoDB JSON), or undefined if that record removed it. */
function itemAfter(c: Pick<Case, 'itemsAfter'>, record: StreamRecord | undefined): Record<string, unknown> | undefined {
  const r = record as DynamoDBRecord | undefined;
  if (r?.eventName === 'REMOVE') return undefined;
  return (r?.dynamodb?.NewImage as Record<string, unknown> | undefined) ?? c.itemsAfter?.[r?.dynamodb?.SequenceNumber ?? ''] ?? undefined;
}

function recordsPerKey(records: StreamRecord[], source: Source): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) {
    const key = sourceKeyOf(record, source).id;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Other completion orders a record left out may need: the shuffle is drawn per run, so fewer calls draw other orders. */
const reorderSeeds = 3;
/** How far call faults may move up after a record is left out (a record may cost a read and a write). */
const maxCallShift = 2;
/** Rounds of the whole pass: a record left out can make a fault needless, and the reverse. */
const maxRounds = 3;

/**
 * Takes out, one at a time, every fault and every record whose absence still shows the failure
 * (a fault that never fired always goes), in rounds until a round takes nothing out: faults,
 * then whole item keys, then each key's earliest records, then its latest ones. A record left out
 * renumbers the downstream calls after it and changes the completion order drawn for the calls,
 * so when the failure goes with a record the record is tried again with the call faults moved up,
 * then with other completion orders. A bounded number of evaluations, deterministic for a
 * deterministic `fails`.
 */
export async function minimize(c: Case, source: Source, fails: (candidate: Case) => Promise<boolean>): Promise<Reduction> {
  let reduction: Reduction = {};
  const attempt = async (change: Reduction): Promise<boolean> => {
    const candidate = mergeReductions(reduction, change);
    if (!(await fails(applyReduction(c, candidate, source)))) return false;
    reduction = candidate;
    return true;
  };
  const attemptRecords = async (change: Reduction): Promise<boolean> => {
    if (await attempt(change)) return true;
    const now = applyReduction(c, reduction, source).faults;
    if (now.calls.some((f) => f.kind !== 'poison')) {
      for (let shift = 1; shift <= maxCallShift; shift++) if (await attempt({ ...change, callShift: (reduction.callShift ?? 0) + shift })) return true;
    }
    if (!now.reorder) return false;
    const seeds = Array.from({ length: reorderSeeds }, (_, k) => (now.seed + (k + 1) * 7919) >>> 0);
    for (const reorderSeed of seeds) if (await attempt({ ...change, reorderSeed })) return true;
    // the faults that were needed with more records may be needless with fewer: the completion order alone
    const others = { calls: c.faults.calls.map((_, i) => i), invocations: c.faults.invocations.map((_, i) => i) };
    if (now.calls.length + now.invocations.length === 0) return false;
    for (const reorderSeed of [now.seed, ...seeds]) if (await attempt({ ...change, ...others, reorderSeed })) return true;
    return false;
  };
  const keys = [...recordsPerKey(c.shards.flatMap((s) => s.records), source).entries()];
  const truncatable = source === 'dynamodb' && c.finalItems !== undefined && c.shards.every((s) => s.records.every((r) => itemAfter(c, r) !== undefined || (r as DynamoDBRecord).eventName === 'REMOVE'));
  for (let round = 0; round < maxRounds; round++) {
    const before = JSON.stringify(reduction);
    await takeOutFaults(c, () => reduction, attempt);
    // at least one key must stay: a case with no records shows nothing
    for (const [key] of keys) {
      if (!reduction.keys?.includes(key) && (reduction.keys?.length ?? 0) < keys.length - 1) await attemptRecords({ keys: [key] });
    }
    for (const [key, count] of keys.filter(([k]) => !reduction.keys?.includes(k))) {
      const left = () => count - (reduction.earliest?.[key] ?? 0) - (reduction.latest?.[key] ?? 0);
      while (left() > 1 && await attemptRecords({ earliest: { [key]: (reduction.earliest?.[key] ?? 0) + 1 } }));
      while (truncatable && left() > 1 && await attemptRecords({ latest: { [key]: (reduction.latest?.[key] ?? 0) + 1 } }));
    }
    if (JSON.stringify(reduction) === before) return reduction;
  }
  // the last round took records out: faults they made needless (or that no longer fire) go too
  await takeOutFaults(c, () => reduction, attempt);
  return reduction;
}

async function takeOutFaults(c: Case, current: () => Reduction, attempt: (change: Reduction) => Promise<boolean>): Promise<void> {
  const out = (list: number[] | undefined, i: number) => list?.includes(i) ?? false;
  for (let i = c.faults.calls.length - 1; i >= 0; i--) if (!out(current().calls, i)) await attempt({ calls: [i] });
  for (let i = c.faults.invocations.length - 1; i >= 0; i--) if (!out(current().invocations, i)) await attempt({ invocations: [i] });
  for (let i = (c.faults.producerRetries?.length ?? 0) - 1; i >= 0; i--) if (!out(current().producerRetries, i)) await attempt({ producerRetries: [i] });
  if (c.faults.reorder && !current().inOrder) await attempt({ inOrder: true });
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
  if (a.latest || b.latest) merged.latest = { ...a.latest, ...b.latest };
  const callShift = b.callShift ?? a.callShift;
  if (callShift) merged.callShift = callShift;
  const reorderSeed = b.reorderSeed ?? a.reorderSeed;
  if (reorderSeed !== undefined) merged.reorderSeed = reorderSeed;
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
