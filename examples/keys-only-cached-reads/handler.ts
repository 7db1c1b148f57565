import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ORDERS = process.env.ORDERS_TABLE ?? 'orders';
const REPLICA = process.env.REPLICA_TABLE ?? 'orders-replica';

// "GetItem is the hot path: orders rarely change, so keep them per container"
const orders = new Map<string, Record<string, unknown> | undefined>();

/**
 * A KEYS_ONLY consumer that reads each order once per container and replicates what it read. The
 * bug: the cache outlives the item. A later record of the same order gets the copy read for an
 * earlier one, so the replica keeps a stale order, until a cold start empties the cache.
 */
async function current(key: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  const id = JSON.stringify(key);
  if (!orders.has(id)) {
    const { Item } = await db.send(new GetCommand({ TableName: ORDERS, Key: key, ConsistentRead: true }));
    orders.set(id, Item);
  }
  return orders.get(id);
}

async function apply(record: DynamoDBRecord): Promise<void> {
  const key = unmarshall(record.dynamodb!.Keys as never);
  const item = await current(key);
  if (item) await db.send(new PutCommand({ TableName: REPLICA, Item: item }));
  else await db.send(new DeleteCommand({ TableName: REPLICA, Key: key }));
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    try {
      await apply(record);
    } catch (error) {
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
