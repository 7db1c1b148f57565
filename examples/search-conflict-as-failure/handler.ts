import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Client } from '@elastic/elasticsearch';

const client = new Client({ node: process.env.SEARCH_ENDPOINT ?? 'https://orders-search.es.us-east-1.aws.elastic.cloud' });
const index = 'orders';

interface BulkItem { status: number; result?: string; error?: { type: string; reason?: string | null } }

/**
 * Mirrors the orders table into an Elasticsearch 8 index with the official client, versioned by the
 * item's own `version` attribute (optimistic locking: every write of an order increments it), with
 * `version_type: external` so that an older change can never overwrite a newer one. One ordered
 * `_bulk` per batch; a delete's `not_found` is done; failed items are reported from the first on.
 *
 * The bug: every other failed item is a failure, a 409 version_conflict_engine_exception too.
 * Lambda delivers records more than once (a retry after a throttled item, a bisected half, a
 * duplicate): the engine then refuses the change it already has with 409, which only says that
 * this version (or a newer one) is indexed. Taken for a failure, the record fails on every
 * delivery until Lambda discards it.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  if (event.Records.length === 0) return { batchItemFailures: [] };
  const result = await client.bulk({ operations: event.Records.flatMap(action) });
  if (!result.errors) return { batchItemFailures: [] };
  const failed = result.items.findIndex((item) => {
    const outcome = Object.values(item)[0] as BulkItem;
    return outcome.error !== undefined && outcome.result !== 'not_found';
  });
  if (failed < 0) return { batchItemFailures: [] };
  if (failed === 0) throw new Error(`_bulk item 0 failed: ${(Object.values(result.items[0]!)[0] as BulkItem).error!.type}`);
  return { batchItemFailures: event.Records.slice(failed).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
}

function action(record: DynamoDBRecord): object[] {
  const stream = record.dynamodb!;
  const id = String(plain(stream.Keys!).orderId);
  if (record.eventName === 'REMOVE') {
    // a delete is a write of its own: the item's next version
    return [{ delete: { _index: index, _id: id, version: Number(plain(stream.OldImage!).version) + 1, version_type: 'external' } }];
  }
  const doc = plain(stream.NewImage!);
  return [{ index: { _index: index, _id: id, version: Number(doc.version), version_type: 'external' } }, doc];
}

/** The image as a JSON document: numbers as numbers, sets as arrays, binary as base64. */
function plain(image: Record<string, AttributeValue>): Record<string, unknown> {
  return toJson(unmarshall(image as never, { wrapNumbers: true })) as Record<string, unknown>;
}

function toJson(value: unknown): unknown {
  if (value instanceof Set) return [...value].map(toJson);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    if ('value' in value && Object.keys(value).length === 1) return Number((value as { value: string }).value);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  }
  return value;
}
