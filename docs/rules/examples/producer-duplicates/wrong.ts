import { DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamHandler } from 'aws-lambda';

const client = new DynamoDBClient({});
const COUNTS = process.env.COUNTS_TABLE ?? 'device-counts';
const SEEN = process.env.SEEN_TABLE ?? 'seen-events';

/** Counts events per device, once per record: a marker keyed by the sequence number, in the same transaction. */
export const handler: KinesisStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    const { partitionKey, sequenceNumber } = record.kinesis;
    try {
      await client.send(new TransactWriteItemsCommand({
        TransactItems: [
          // the bug: a producer retry's copy has a new sequence number, so it is counted again
          { Put: { TableName: SEEN, Item: { eventKey: { S: sequenceNumber } }, ConditionExpression: 'attribute_not_exists(eventKey)' } },
          { Update: { TableName: COUNTS, Key: { deviceId: { S: partitionKey } }, UpdateExpression: 'ADD events :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        ],
      }));
    } catch (error) {
      const seen = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (seen) continue; // counted on an earlier delivery
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
