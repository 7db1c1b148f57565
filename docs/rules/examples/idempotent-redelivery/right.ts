import { DynamoDBClient, TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamHandler } from 'aws-lambda';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const COUNTS = process.env.COUNTS_TABLE ?? 'order-changes';
const DEDUP = process.env.DEDUP_TABLE ?? 'processed-records';

/** Counts the changes of each order, once per record: the count and a dedup record in one transaction. */
export const handler: DynamoDBStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await db.send(new TransactWriteCommand({
        TransactItems: [
          // eventID is the same on every delivery of a record (sequence numbers are too)
          { Put: { TableName: DEDUP, Item: { eventId: record.eventID! }, ConditionExpression: 'attribute_not_exists(eventId)' } },
          {
            Update: {
              TableName: COUNTS,
              Key: unmarshall(record.dynamodb!.Keys as Record<string, AttributeValue>),
              UpdateExpression: 'ADD changes :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ],
      }));
    } catch (error) {
      const seen = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (seen) continue; // counted on an earlier delivery
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
};
