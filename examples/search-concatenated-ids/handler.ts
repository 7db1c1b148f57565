import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const endpoint = process.env.SEARCH_ENDPOINT ?? 'https://search-notes-abc123.eu-west-1.es.amazonaws.com';

/**
 * The bug: the document id is the key values concatenated without a separator, so tenant "ab" /
 * note "c" and tenant "a" / note "bc" share the id "abc": one note overwrites (or deletes) the other.
 * Otherwise careful: ordered `_bulk`, failed items reported.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  if (event.Records.length === 0) return { batchItemFailures: [] };
  const lines = event.Records.flatMap((r) => {
    const key = unmarshall(r.dynamodb!.Keys as never);
    const meta = { _index: 'notes', _id: `${key.tenant}${key.noteId}` };
    if (r.eventName === 'REMOVE') return [JSON.stringify({ delete: meta })];
    const doc = JSON.stringify(unmarshall(r.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v));
    return [JSON.stringify({ index: meta }), doc];
  });
  const response = await fetch(`${endpoint}/_bulk`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: lines.join('\n') + '\n' });
  if (!response.ok) throw new Error(`_bulk answered ${response.status}`);
  const result = (await response.json()) as { items: Record<string, { status: number; error?: unknown }>[] };
  const failed = result.items.findIndex((item) => Object.values(item).some((r) => r.error !== undefined && r.status !== 404));
  if (failed < 0) return { batchItemFailures: [] };
  if (failed === 0) throw new Error('_bulk item 0 failed');
  return { batchItemFailures: event.Records.slice(failed).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
