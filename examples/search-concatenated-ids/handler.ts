import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Client } from '@elastic/elasticsearch';

const client = new Client({ node: process.env.SEARCH_ENDPOINT ?? 'https://notes-search.es.eu-west-1.aws.elastic.cloud' });

interface BulkItem { status: number; error?: unknown }

/**
 * The bug: the document id is the key values concatenated without a separator, so tenant "ab" /
 * note "c" and tenant "a" / note "bc" share the id "abc": one note overwrites (or deletes) the other.
 * Otherwise careful: one ordered `_bulk` per batch through the Elasticsearch 8 client, failed items
 * reported from the first on.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  if (event.Records.length === 0) return { batchItemFailures: [] };
  const operations = event.Records.flatMap((r) => {
    const key = unmarshall(r.dynamodb!.Keys as never);
    const meta = { _index: 'notes', _id: `${key.tenant}${key.noteId}` };
    if (r.eventName === 'REMOVE') return [{ delete: meta }];
    const doc = JSON.parse(JSON.stringify(unmarshall(r.dynamodb!.NewImage as never, { wrapNumbers: true }), (_k, v: unknown) => (isNumberValue(v) ? Number(v.value) : v instanceof Set ? [...v] : v)));
    return [{ index: meta }, doc];
  });
  const result = await client.bulk({ operations });
  // a delete of a note that is not there is fine
  const failed = result.items.findIndex((item) => Object.values(item).some((r: BulkItem) => r.error !== undefined && r.status !== 404));
  if (failed < 0) return { batchItemFailures: [] };
  if (failed === 0) throw new Error('_bulk item 0 failed');
  return { batchItemFailures: event.Records.slice(failed).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
}

function isNumberValue(v: unknown): v is { value: string } {
  return typeof v === 'object' && v !== null && 'value' in v && Object.keys(v).length === 1;
}
