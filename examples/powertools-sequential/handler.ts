import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';

const client = new DynamoDBClient({});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

/** Each write is conditional on the record's sequence number (left-padded to 40 digits). */
async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
  const version = SequenceNumber!.padStart(40, '0');
  const guard = {
    ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
    ExpressionAttributeNames: { '#v': 'version' },
    ExpressionAttributeValues: { ':v': { S: version } },
  };
  try {
    if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys as never, ...guard }));
    else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: { ...(NewImage as never), version: { S: version } }, ...guard }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/**
 * Powertools' BatchProcessor used the way stream consumers need it: records one after another
 * (processInParallel: false), failures reported by sequence number, and writes guarded by the
 * sequence number, so a later record of a key that succeeded before a failed earlier one was
 * retried can never be overwritten by that retry.
 */
export const handler: DynamoDBStreamHandler = async (event, context) =>
  processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
