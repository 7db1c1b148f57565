import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * The bug: every record of the batch is written at once (Promise.all), unconditionally. When two
 * changes of one order are in a batch, whichever write lands last wins, sometimes the older one.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  await Promise.all(event.Records.map((record) => {
    const stream = record.dynamodb!;
    return record.eventName === 'REMOVE'
      ? client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: stream.Keys as never }))
      : client.send(new PutItemCommand({ TableName: 'orders-replica', Item: stream.NewImage as never }));
  }));
}
