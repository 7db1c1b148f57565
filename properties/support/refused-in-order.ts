import { holdsValues, leafValues } from '../../src/core/canonical.js';
import { sequenceNumberOf } from '../../src/core/record-key.js';
import type { HarnessRun, RecordedCall } from '../../src/harness/index.js';
import type { Shard, Source } from '../../src/model/types.js';
import { recordKeys } from './call-attribution.js';

/** A conditional write refused in the run without faults, though every record came once and in order. */
export interface RefusedInOrder {
  call: RecordedCall;
  /** The record the refused write carried the sequence number of. */
  record: string;
  /** The key's record before it, whose write the condition took for a newer one. */
  earlier: string;
}

/**
 * In the reference run each record comes once, in stream order: a condition on the record's
 * sequence number never has a newer one to refuse it for. A DynamoDB write carrying a record's
 * sequence number that its condition refused anyway, after an earlier record of the same key,
 * shows a guard that orders sequence numbers wrongly (as text of different lengths, or as Numbers
 * rounded above 2^53). Writes to an item other keys share are left alone: sequence numbers of other
 * keys and shards are not ordered.
 */
export function refusedInOrder(ref: HarnessRun, shards: Shard[], source: Source): RefusedInOrder | undefined {
  const keyOf = recordKeys(shards, source);
  for (const call of ref.calls) {
    if (!refusedByCondition(call)) continue;
    const invocation = ref.trace.invocations[call.invocation];
    if (invocation === undefined) continue;
    // the sequence number must be what the condition compares (an insert-once condition that keeps it in the item is a dedup, refusing by design)
    const compared = comparedValues(call.input);
    if (compared === undefined) continue;
    const leaves = leafValues(compared);
    const unpadded = new Set([...leaves].filter((l) => /^\d+$/.test(l)).map((l) => l.replace(/^0+(?=\d)/, '')));
    const record = invocation.sequenceNumbers.find((seq) => unpadded.has(seq) || holdsValues(leaves, [seq]));
    if (record === undefined) continue;
    const key = keyOf.get(`${invocation.shardId}/${record}`)?.id;
    const shard = shards.find((s) => s.shardId === invocation.shardId);
    const earlier = shard?.records
      .map((r) => sequenceNumberOf(r, source))
      .filter((seq) => BigInt(seq) < BigInt(record) && keyOf.get(`${invocation.shardId}/${seq}`)?.id === key)
      .at(-1);
    if (earlier !== undefined) return { call, record, earlier };
  }
  return undefined;
}

/**
 * The values a write's conditions compare (`ExpressionAttributeValues`, the legacy `Expected`), of
 * the write and of each write of a transaction, when a condition orders values (`<`, `>`, `<=`,
 * `>=`, `BETWEEN`, `LT`/`GT`…); undefined when none does.
 */
function comparedValues(input: unknown): unknown[] | undefined {
  const found: unknown[] = [];
  let orders = false;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const fields = value as Record<string, unknown>;
    if (typeof fields.ConditionExpression === 'string' && /[<>]|\bBETWEEN\b/i.test(fields.ConditionExpression)) {
      orders = true;
      found.push(fields.ExpressionAttributeValues);
    }
    if (fields.Expected !== undefined && /"ComparisonOperator":"(LT|LE|GT|GE|BETWEEN)"/.test(JSON.stringify(fields.Expected))) {
      orders = true;
      found.push(fields.Expected);
    }
    for (const [key, child] of Object.entries(fields)) if (key !== 'ExpressionAttributeValues' && key !== 'Expected') visit(child);
  };
  visit(input);
  return orders ? found : undefined;
}

function refusedByCondition(call: RecordedCall): boolean {
  return call.service === 'dynamodb' && call.fault === undefined && call.outcome === 'error' && call.statusCode === 400 && /ConditionalCheckFailed|TransactionCanceled/.test(call.error ?? '');
}
