import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * The bug: it carries on after a failure and then reports the last record of the batch, not the
 * one that failed, so Lambda commits the failed record along with everything before the last one.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  let failed = false;
  for (const record of event.Records) {
    try {
      const { Keys, NewImage } = record.dynamodb!;
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys as never }));
      else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: NewImage as never }));
    } catch {
      failed = true;
    }
  }
  return { batchItemFailures: failed ? [{ itemIdentifier: event.Records.at(-1)!.dynamodb!.SequenceNumber! }] : [] };
}
