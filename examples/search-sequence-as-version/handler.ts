import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const endpoint = process.env.SEARCH_ENDPOINT ?? 'https://search-orders-abc123.us-east-1.es.amazonaws.com';

/**
 * The bug: the record's SequenceNumber is used as the external version, which looks right (it
 * grows with every change of the key) but has 21 to 40 digits, while a version is a signed 64-bit
 * integer: the engine refuses every request with 400, and the shard never moves.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const lines = event.Records.flatMap((r) => {
    const meta = `"_index":"orders","_id":${JSON.stringify(String(r.dynamodb!.Keys!.orderId!.S))},"version":${r.dynamodb!.SequenceNumber},"version_type":"external"`;
    if (r.eventName === 'REMOVE') return [`{"delete":{${meta}}}`];
    const doc = JSON.stringify(unmarshall(r.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v));
    return [`{"index":{${meta}}}`, doc];
  });
  if (lines.length === 0) return { batchItemFailures: [] };
  const response = await fetch(`${endpoint}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' });
  const result = (await response.json()) as { errors?: boolean; error?: { reason: string } };
  if (!response.ok) throw new Error(`_bulk answered ${response.status}: ${result.error?.reason}`);
  if (result.errors) throw new Error('_bulk had failed items');
  return { batchItemFailures: [] };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
