import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';

/**
 * The orders-projection replica with one difference, the bug: its guard compares the raw sequence
 * numbers as strings. DynamoDB sequence numbers have 21 to 40 digits, so once a key's next change
 * has more digits than the stored one ("1000…" against "999…"), text order says it is older and
 * the condition refuses it: the replica keeps the stale image, even with every record delivered
 * once and in order. orders-projection pads them to 40 digits.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const stream = record.dynamodb!;
    const version = stream.SequenceNumber!;
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
