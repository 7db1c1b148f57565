import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const endpoint = process.env.SEARCH_ENDPOINT ?? 'https://search-orders-abc123.us-east-1.es.amazonaws.com';

/**
 * The bug: the `_bulk` response is checked for its HTTP status only. A bulk request answers 200
 * even when items failed (`errors: true`, e.g. 429 es_rejected_execution_exception on a busy
 * node), so those changes are lost while the batch reports success.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const lines = event.Records.flatMap((r) => {
    const meta = { _index: 'orders', _id: String(r.dynamodb!.Keys!.orderId!.S) };
    if (r.eventName === 'REMOVE') return [JSON.stringify({ delete: meta })];
    const doc = JSON.stringify(unmarshall(r.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v));
    return [JSON.stringify({ index: meta }), doc];
  });
  if (lines.length === 0) return { batchItemFailures: [] };
  const response = await fetch(`${endpoint}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' });
  if (!response.ok) throw new Error(`_bulk answered ${response.status}`);
  return { batchItemFailures: [] };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
