import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

/**
 * A consumer that throws on any failure, deployed with the mapping defaults: infinite retries, no
 * bisection, no partial batch responses. One record that always fails blocks its shard for a day.
 */
export const handler = async (event) => {
  for (const record of event.Records) {
    const { Keys, NewImage } = record.dynamodb;
    if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys }));
    else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: NewImage }));
  }
};
