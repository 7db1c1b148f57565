import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

/**
 * No partial responses at all: any failure throws, and the mapping bisects the batch, retries a
 * bounded number of times and sends what still fails to an OnFailure queue. Writes are guarded by
 * the record's sequence number (left-padded to 40 digits), so replays never move a row back.
 */
export const handler = async (event) => {
  for (const record of event.Records) {
    const { Keys, NewImage, SequenceNumber } = record.dynamodb;
    const guard = {
      ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': { S: SequenceNumber.padStart(40, '0') } },
    };
    try {
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys, ...guard }));
      else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: { ...NewImage, version: { S: SequenceNumber.padStart(40, '0') } }, ...guard }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
};
