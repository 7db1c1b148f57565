import { createHash } from 'node:crypto';
import { DynamoDBClient, TransactionCanceledException, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamHandler } from 'aws-lambda';

const client = new DynamoDBClient({});
const COUNTS = process.env.COUNTS_TABLE ?? 'device-counts';
const SEEN = process.env.SEEN_TABLE ?? 'seen-events';

/** Counts events per device, once per event: the marker is keyed by the event's identity (partition key and data), not its sequence number. */
export const handler: KinesisStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    const { partitionKey, data } = record.kinesis;
    const eventKey = createHash('sha256').update(partitionKey).update('\n').update(data).digest('hex');
    try {
      await client.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: SEEN, Item: { eventKey: { S: eventKey } }, ConditionExpression: 'attribute_not_exists(eventKey)' } },
          { Update: { TableName: COUNTS, Key: { deviceId: { S: partitionKey } }, UpdateExpression: 'ADD events :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        ],
      }));
    } catch (error) {
      const seen = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (seen) continue; // the same event, delivered again or written again by the producer
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
