import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/** The bug: a failed record is reported by its eventID, which Lambda does not accept as an itemIdentifier. */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    try {
      const { Keys, NewImage } = record.dynamodb!;
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys as never }));
      else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: NewImage as never }));
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.eventID! }] };
    }
  }
  return { batchItemFailures: [] };
}
