import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';

// An Amazon OpenSearch Service domain, signed with the function role's credentials (Lambda puts them in the environment)
const client = new Client({
  node: process.env.SEARCH_ENDPOINT ?? 'https://search-orders-abc123.us-east-1.es.amazonaws.com',
  ...AwsSigv4Signer({
    region: process.env.AWS_REGION ?? 'us-east-1',
    service: 'es',
    getCredentials: async () => ({ accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!, sessionToken: process.env.AWS_SESSION_TOKEN }),
  }),
});
const index = 'orders';

interface BulkItem { status: number; result?: string; error?: { type: string; reason?: string | null } }

/**
 * Keeps the `orders` index of an Amazon OpenSearch Service domain in step with the orders table,
 * the way careful teams write it, with the OpenSearch client and its SigV4 signer:
 * - one `_bulk` per batch, one action per record, in stream order (an update and a delete of the
 *   same order keep their order);
 * - every write carries an external version that fits a long: the record's
 *   ApproximateCreationDateTime (seconds), with `external_gte` so that two changes of one second
 *   both apply in order. The sequence number would be the natural version, but it has 21 to 40
 *   digits and the engine refuses it (a version is a signed 64-bit integer);
 * - a 409 means a newer version is already indexed (or deleted: the delete's tombstone keeps its
 *   version for index.gc_deletes), and a delete's `not_found` means there was nothing to delete:
 *   both are success;
 * - any other failed item is reported with every record after it; when the first record fails
 *   the handler throws, so that Lambda bisects the batch.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  if (event.Records.length === 0) return { batchItemFailures: [] };
  // a request the cluster refuses as a whole (429, 503) throws once the client's own retries are spent
  const { body: result } = await client.bulk({ body: event.Records.flatMap(action) });
  const failed = result.items.findIndex((item) => {
    const outcome = Object.values(item)[0] as BulkItem;
    return outcome.error !== undefined && outcome.status !== 409;
  });
  if (failed < 0) return { batchItemFailures: [] };
  if (failed === 0) throw new Error(`_bulk item 0 failed: ${(Object.values(result.items[0]!)[0] as BulkItem).error!.reason}`);
  return { batchItemFailures: event.Records.slice(failed).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
}

function action(record: DynamoDBRecord): Record<string, unknown>[] {
  const stream = record.dynamodb!;
  const meta = { _index: index, _id: String(plain(stream.Keys!).orderId), version: stream.ApproximateCreationDateTime!, version_type: 'external_gte' };
  if (record.eventName === 'REMOVE') return [{ delete: meta }];
  return [{ index: meta }, plain(stream.NewImage!)];
}

/** The image as a JSON document: numbers as numbers (even past 2^53), sets as arrays, binary as base64. */
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
