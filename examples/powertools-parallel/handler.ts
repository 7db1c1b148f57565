import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';

const client = new DynamoDBClient({});
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function recordHandler(record: DynamoDBRecord): Promise<void> {
  const { Keys, NewImage } = record.dynamodb!;
  if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'orders-replica', Key: Keys as never }));
  else await client.send(new PutItemCommand({ TableName: 'orders-replica', Item: NewImage as never }));
}

/**
 * Powertools' BatchProcessor with its defaults. The bug: records are processed in parallel
 * (processInParallel defaults to true), so two changes of one order race, and on a partial
 * failure later records of a key are applied before the failed earlier one is retried.
 */
export const handler: DynamoDBStreamHandler = async (event, context) => processPartialResponse(event, recordHandler, processor, { context });
