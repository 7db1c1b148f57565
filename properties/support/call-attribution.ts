import { holdsValues, leafValues, looseForm } from '../../src/core/canonical.js';
import { sequenceNumberOf, sourceKeyOf, sourceRecords, type SourceKey } from '../../src/core/record-key.js';
import { batchEntries, type RecordedCall } from '../../src/harness/index.js';
import type { Shard, Source, StreamRecord } from '../../src/model/types.js';

// Which records a downstream call was made for, read from the key values the call carries.

/**
 * What of a call failed: a batch call that partly failed (Failed, FailedEntryCount,
 * UnprocessedItems) failed for its refused entries only, the others went through; any other call
 * failed whole.
 */
export function failedPart(call: RecordedCall): RecordedCall {
  if (call.outcome !== 'partial' || call.failedEntries === undefined) return call;
  const entries = entriesOf(call);
  if (entries.length === 0) return call;
  const refused = new Set(call.failedEntries);
  return { ...call, input: entries.filter((_, i) => refused.has(i)) };
}

/** The entries of a batch call, numbered as its `failedEntries` are (none for a call of one write). */
export function entriesOf(call: RecordedCall): unknown[] {
  const input = (call.input ?? {}) as Record<string, unknown>;
  if (call.service === 'search') return call.operation === '_bulk' ? bulkItems(input.body) : [];
  return call.service === 'dynamodb' ? dynamodbBatchEntries(input) : batchEntries(call, input);
}

const BULK_ACTIONS = ['index', 'create', 'update', 'delete'];

/** A `_bulk` body's items (its lines as the harness records them, parsed): an action, and its document unless it deletes. */
function bulkItems(body: unknown): unknown[] {
  const lines = Array.isArray(body) ? body : body === undefined ? [] : [body];
  const items: unknown[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const action = line !== null && typeof line === 'object' && !Array.isArray(line) ? Object.keys(line) : [];
    if (action.length !== 1 || !BULK_ACTIONS.includes(action[0]!)) return [];
    items.push(action[0] === 'delete' ? [line] : [line, lines[++i]]);
  }
  return items;
}

/** BatchWriteItem's and BatchGetItem's requests, table after table, as the harness numbers them. */
function dynamodbBatchEntries(input: Record<string, unknown>): unknown[] {
  const items = input.RequestItems;
  if (typeof items !== 'object' || items === null) return [];
  return Object.values(items).flatMap((requests) => (Array.isArray(requests) ? requests : ((requests as { Keys?: unknown[] }).Keys ?? [])));
}

/** The source key of every record, by `${shardId}/${sequenceNumber}`. */
export function recordKeys(shards: Shard[], source: Source): Map<string, SourceKey> {
  const keys = new Map<string, SourceKey>();
  for (const shard of shards) for (const r of shard.records) keys.set(`${shard.shardId}/${sequenceNumberOf(r, source)}`, sourceKeyOf(r, source));
  return keys;
}

/** Every record, by `${shardId}/${sequenceNumber}`. */
export function recordsById(shards: Shard[], source: Source): Map<string, StreamRecord> {
  const records = new Map<string, StreamRecord>();
  for (const shard of shards) for (const r of shard.records) records.set(`${shard.shardId}/${sequenceNumberOf(r, source)}`, r);
  return records;
}

/**
 * Of the batch positions whose records a call carries the key of, those it was made for: the
 * records whose own values (which no other of them holds) the call carries. Two records of one key
 * share its values; their event id, sequence number and data tell them apart, the old image
 * included (a record's old image is the one before's new image, which its message may carry). A
 * number counts through its JavaScript form only when that form is its own too. A call carrying no
 * such value (a delete by key) could be for any of them: all are returned.
 */
export function recordsCalledFor(call: Pick<RecordedCall, 'input'>, positions: number[], records: (StreamRecord | undefined)[], source: Source): number[] {
  if (positions.length < 2) return positions;
  const contents = positions.map((p) => contentValues(records[p], source));
  const callLeaves = leafValues(call.input);
  const othersHold = (i: number, test: (v: string) => boolean) => contents.some((other, j) => j !== i && [...other].some(test));
  const carriesOwn = (i: number) => [...contents[i]!].some((v) => {
    if (othersHold(i, (o) => o === v)) return false;
    if (callLeaves.has(v)) return true;
    const loose = looseForm(v);
    return loose !== v && callLeaves.has(loose) && !othersHold(i, (o) => looseForm(o) === loose);
  });
  const named = positions.filter((_, i) => carriesOwn(i));
  return named.length > 0 ? named : positions;
}

/** The values of a record: its event id, sequence number, key and data (both images; Kinesis data decoded). */
function contentValues(record: StreamRecord | undefined, source: Source): Set<string> {
  if (record === undefined) return new Set();
  const readable = sourceRecords[source].readable(record);
  return leafValues([record.eventID, readable.sequenceNumber, readable.key, readable.newImage, readable.oldImage]);
}

/** The call's input holds every value of the key among its leaf values. */
export function carriesKey(input: unknown, key: SourceKey): boolean {
  return holdsValues(leafValues(input), key.values);
}

/**
 * The invocation that issued each call (its first attempt). An SDK retry can arrive during a later
 * invocation (a handler that returned or threw while a call was still being retried, as with
 * Promise.all): it is still the work of the invocation that issued it. So is a call made by work an
 * invocation left on a timer when it returned (`leftBy`).
 */
export function issuingInvocations(calls: RecordedCall[]): Map<number, number> {
  const issued = new Map<number, number>();
  for (const call of calls) if (!issued.has(call.call)) issued.set(call.call, call.leftBy ?? call.invocation);
  return issued;
}

/** The calls issued after `after` whose last attempt succeeded, each with its input's leaf values. */
export function succeededAfter(after: RecordedCall, calls: RecordedCall[]): { call: RecordedCall; leaves: Set<string> }[] {
  return lastAttemptOfEachCall(calls).filter((c) => c.call > after.call && c.outcome === 'ok').map((call) => ({ call, leaves: leafValues(call.input) }));
}

/** The last attempt of each operation (an SDK send and its retries share a call index). */
export function lastAttemptOfEachCall(calls: RecordedCall[]): RecordedCall[] {
  const last = new Map<number, RecordedCall>();
  for (const call of calls) last.set(call.call, call);
  return [...last.values()];
}
