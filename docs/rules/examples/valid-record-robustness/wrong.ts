import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamHandler } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.REPLICA_TABLE ?? 'orders-replica';

export const handler: DynamoDBStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    // the bugs: a REMOVE has no NewImage, and a number beyond 2^53 makes unmarshall throw
    const order = unmarshall(record.dynamodb!.NewImage as Record<string, AttributeValue>);
    try {
      if (record.eventName === 'REMOVE') await db.send(new DeleteCommand({ TableName: TABLE, Key: { orderId: order.orderId } }));
      else await db.send(new PutCommand({ TableName: TABLE, Item: order }));
    } catch (error) {
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
};
