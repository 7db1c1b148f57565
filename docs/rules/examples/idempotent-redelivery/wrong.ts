import { DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamHandler } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const COUNTS = process.env.COUNTS_TABLE ?? 'order-changes';

/** Counts the changes of each order. */
export const handler: DynamoDBStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      // the bug: a redelivered record (retry, bisection, duplicate) is counted again
      await db.send(new UpdateCommand({
        TableName: COUNTS,
        Key: unmarshall(record.dynamodb!.Keys as Record<string, AttributeValue>),
        UpdateExpression: 'ADD changes :one',
        ExpressionAttributeValues: { ':one': 1 },
      }));
    } catch (error) {
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
};
