import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const ORDERS = process.env.ORDERS_TABLE ?? 'orders';
const REPLICA = process.env.REPLICA_TABLE ?? 'orders-replica';

/**
 * A KEYS_ONLY stream says which order changed: the handler reads the order and copies it. The
 * bug: it trusts the record's eventName, so an INSERT or MODIFY whose order was deleted since
 * (its REMOVE is later in the stream, maybe in the same batch) reads nothing and puts nothing:
 * PutItem without an item is refused, on every retry.
 */
async function apply(record: DynamoDBRecord): Promise<void> {
  const key = unmarshall(record.dynamodb!.Keys as never);
  if (record.eventName === 'REMOVE') {
    await db.send(new DeleteCommand({ TableName: REPLICA, Key: key }));
    return;
  }
  const { Item } = await db.send(new GetCommand({ TableName: ORDERS, Key: key, ConsistentRead: true }));
  await db.send(new PutCommand({ TableName: REPLICA, Item: Item! }));
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
