const { DynamoDBClient, UpdateItemCommand } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({});

/** The bug: counts changes per order with ADD, so every redelivered record is counted again. */
exports.handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await client.send(new UpdateItemCommand({
        TableName: 'order-changes',
        Key: record.dynamodb.Keys,
        UpdateExpression: 'ADD changes :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
      }));
    } catch {
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
