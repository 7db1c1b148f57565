import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall, marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/** The bug: every record is assumed to carry a NewImage; a REMOVE has none, and the handler throws on it. */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const order = unmarshall(record.dynamodb!.NewImage as never);
    await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: marshall(order, { removeUndefinedValues: true }) }));
  }
}
