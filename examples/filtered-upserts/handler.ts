import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * Copies each order's new image to a replica, in stream order. It assumes every record has a
 * NewImage: true under this mapping's filter (INSERT and MODIFY only), false as soon as a filter lets
 * REMOVE records through (see examples/filtered-changes, which runs this same handler).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const order = unmarshall(record.dynamodb!.NewImage as never);
    await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: marshall(order, { removeUndefinedValues: true }) }));
  }
}
