import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

/** The bug: errors are caught and logged, and the batch is reported as a success. */
export const handler = async (event) => {
  for (const record of event.Records) {
    try {
      const { Keys, NewImage } = record.dynamodb;
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys }));
      else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: NewImage }));
    } catch (error) {
      console.error('failed to replicate', record.eventID, error.name);
    }
  }
  return { batchItemFailures: [] };
};
