import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Client } from '@opensearch-project/opensearch';

const client = new Client({ node: process.env.SEARCH_ENDPOINT ?? 'https://search-orders-abc123.us-east-1.es.amazonaws.com' });

/**
 * The bug: the OpenSearch client throws when the `_bulk` request fails as a whole, and the
 * handler counts on that alone. A bulk request answers 200 even when items failed (`errors: true`,
 * e.g. 429 es_rejected_execution_exception on a busy node), so those changes are lost while the
 * batch reports success.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const body = event.Records.flatMap((r) => {
    const meta = { _index: 'orders', _id: String(r.dynamodb!.Keys!.orderId!.S) };
    if (r.eventName === 'REMOVE') return [{ delete: meta }];
    const doc = JSON.parse(JSON.stringify(unmarshall(r.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v)));
    return [{ index: meta }, doc];
  });
  if (body.length === 0) return { batchItemFailures: [] };
  await client.bulk({ body });
  return { batchItemFailures: [] };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
