import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const endpoint = process.env.SEARCH_ENDPOINT ?? 'https://search-orders-abc123.us-east-1.es.amazonaws.com';

/**
 * The bug: the batch is regrouped by operation, deletes first, then upserts ("fewer round trips").
 * An order deleted after it was written in the same batch is written again: a ghost document.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const removes = event.Records.filter((r) => r.eventName === 'REMOVE');
  const upserts = event.Records.filter((r) => r.eventName !== 'REMOVE');
  const lines: string[] = [];
  for (const r of removes) lines.push(JSON.stringify({ delete: { _index: 'orders', _id: String(r.dynamodb!.Keys!.orderId!.S) } }));
  for (const r of upserts) {
    lines.push(JSON.stringify({ index: { _index: 'orders', _id: String(r.dynamodb!.Keys!.orderId!.S) } }));
    lines.push(JSON.stringify(unmarshall(r.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v)));
  }
  if (lines.length === 0) return { batchItemFailures: [] };
  const response = await fetch(`${endpoint}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' });
  const result = (await response.json()) as { items?: Record<string, { status: number; error?: unknown }>[] };
  // a delete of an order (or an index) that is not there is fine
  const failed = (result.items ?? []).some((item) => Object.values(item).some((r) => r.error !== undefined && r.status !== 404));
  if (!response.ok || failed) throw new Error(`_bulk failed (${response.status})`);
  return { batchItemFailures: [] };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
