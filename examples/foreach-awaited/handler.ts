import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';

/** One record's change, conditional on its sequence number (left-padded to 40 digits): an older image never overwrites a newer one. */
async function apply(record: DynamoDBRecord): Promise<void> {
  const stream = record.dynamodb!;
  const guard = {
    ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
    ExpressionAttributeNames: { '#v': 'version' },
    ExpressionAttributeValues: { ':v': { S: stream.SequenceNumber!.padStart(40, '0') } },
  };
  try {
    if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: table, Key: stream.Keys as never, ...guard }));
    else await client.send(new PutItemCommand({ TableName: table, Item: { ...(stream.NewImage as never), version: guard.ExpressionAttributeValues[':v'] }, ...guard }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error; // a newer version is already there otherwise
  }
}

/**
 * The fix: the records are applied in order, each awaited; a write that fails throws, so Lambda
 * retries the batch (bisecting it to set a poison record aside), and the version guard makes the
 * writes already made harmless to repeat.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) await apply(record);
  return { batchItemFailures: [] };
}
