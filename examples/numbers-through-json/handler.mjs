import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

/**
 * The bug: numbers go through JavaScript numbers on their way to the replica. DynamoDB numbers
 * have up to 38 significant digits; a JS number keeps about 16, so large or precise values change.
 */
const asNumber = (value) => (value.N === undefined ? value : { N: String(Number(value.N)) });

export const handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    const { Keys, NewImage } = record.dynamodb;
    try {
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys }));
      else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: Object.fromEntries(Object.entries(NewImage).map(([k, v]) => [k, asNumber(v)])) }));
    } catch {
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
