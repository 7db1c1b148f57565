import { DynamoDBClient, TransactWriteItemsCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * Counts changes per order, idempotently: each count is written in one TransactWriteItems with a
 * dedup record keyed by the record's eventID, so a redelivered record is counted once.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    try {
      await client.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'processed-records', Item: { eventId: { S: record.eventID! } }, ConditionExpression: 'attribute_not_exists(eventId)' } },
          { Update: { TableName: 'order-changes', Key: record.dynamodb!.Keys as never, UpdateExpression: 'ADD changes :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        ],
      }));
    } catch (error) {
      const duplicate = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (duplicate) continue;
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
