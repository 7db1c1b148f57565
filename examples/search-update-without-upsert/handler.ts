import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const endpoint = process.env.SEARCH_ENDPOINT ?? 'https://search-orders-abc123.us-east-1.es.amazonaws.com';

/**
 * The bug: MODIFY becomes a partial `_update` without `doc_as_upsert`. When the document is not
 * there (its INSERT came before the stream was read, or a delete came in between), the engine
 * answers 404 document_missing_exception for a perfectly valid record, every time.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const id = encodeURIComponent(String(record.dynamodb!.Keys!.orderId!.S));
    const doc = record.dynamodb!.NewImage && JSON.parse(JSON.stringify(unmarshall(record.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v)));
    const [method, path, body] = record.eventName === 'INSERT' ? ['PUT', `/orders/_doc/${id}`, doc]
      : record.eventName === 'MODIFY' ? ['POST', `/orders/_update/${id}`, { doc }]
        : ['DELETE', `/orders/_doc/${id}`, undefined];
    const response = await fetch(`${endpoint}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) }) });
    if (!response.ok && !(method === 'DELETE' && response.status === 404)) {
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb!.SequenceNumber! }] };
    }
  }
  return { batchItemFailures: [] };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
