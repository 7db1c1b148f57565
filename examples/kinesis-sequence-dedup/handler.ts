import { DynamoDBClient, TransactWriteItemsCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/**
 * Counts events per device, deduplicated in one transaction with a marker keyed by the record's
 * sequence number. That survives Lambda's redeliveries, but not a producer retry: Kinesis stores
 * the retried PutRecord under a new sequence number, so the same event is counted twice.
 */
export async function handler(event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const { partitionKey, sequenceNumber } = record.kinesis;
    try {
      await client.send(new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'seen-records', Item: { sequenceNumber: { S: sequenceNumber } }, ConditionExpression: 'attribute_not_exists(sequenceNumber)' } },
          { Update: { TableName: 'device-counts', Key: { deviceId: { S: partitionKey } }, UpdateExpression: 'ADD events :one', ExpressionAttributeValues: { ':one': { N: '1' } } } },
        ],
      }));
    } catch (error) {
      const seen = error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
      if (seen) continue;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.kinesis.sequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
}
