import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';

/**
 * Keeps a replica of the orders table, the way careful teams write it: records in order, each
 * write conditional on the record's sequence number (stored left-padded to 40 digits, so string
 * order is numeric order), and on failure the failed record is reported with everything after it —
 * except when the first record fails: then it throws, so that Lambda bisects the batch and sets a
 * poison record aside alone (a partial response at index 0 is retried whole, never bisected).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const stream = record.dynamodb!;
    const version = stream.SequenceNumber!.padStart(40, '0');
    try {
      if (record.eventName === 'REMOVE') {
        await client.send(new DeleteItemCommand({
          TableName: table,
          Key: stream.Keys as never,
          ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': { S: version } },
        }));
      } else {
        await client.send(new PutItemCommand({
          TableName: table,
          Item: { ...(stream.NewImage as never), version: { S: version } },
          ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': { S: version } },
        }));
      }
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue; // a newer version is already there
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
}
