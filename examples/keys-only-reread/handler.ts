import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ORDERS = process.env.ORDERS_TABLE ?? 'orders';
const REPLICA = process.env.REPLICA_TABLE ?? 'orders-replica';

/**
 * A KEYS_ONLY stream says which order changed, not how: the handler reads the order as it is now
 * (a strongly consistent read) and makes the replica match it. The current item is the truth
 * whatever the record's eventName: an order inserted or modified may have been deleted since, and
 * a redelivered record only copies the same current item again.
 */
async function apply(record: DynamoDBRecord): Promise<void> {
  const key = unmarshall(record.dynamodb!.Keys as never);
  const { Item } = await db.send(new GetCommand({ TableName: ORDERS, Key: key, ConsistentRead: true }));
  if (Item) await db.send(new PutCommand({ TableName: REPLICA, Item }));
  else await db.send(new DeleteCommand({ TableName: REPLICA, Key: key }));
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    try {
      await apply(record);
    } catch (error) {
      // the first record: throw, so that Lambda bisects (a partial response at index 0 is retried whole)
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
