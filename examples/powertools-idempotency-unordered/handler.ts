import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';

const sqs = new SQSClient({});
const processor = new BatchProcessor(EventType.DynamoDBStreams);
const config = new IdempotencyConfig({ eventKeyJmesPath: 'eventID' });

async function publish(record: DynamoDBRecord): Promise<string> {
  const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
  const body = JSON.stringify({ type: `order.${record.eventName!.toLowerCase()}`, orderId: Keys!.orderId!.S, sequenceNumber: SequenceNumber, status: NewImage?.status?.S ?? null });
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body }));
  return sent.MessageId!;
}

const publishOnce = makeIdempotent(publish, {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE! }),
  config,
});

/**
 * The bug: no message is sent twice, but BatchProcessor goes on after a record whose send failed,
 * so a later change of the same order is published first; Lambda retries from the failed record,
 * publishes it, and the idempotency record skips the later one. Readers see the order's changes
 * out of order.
 */
export const handler: DynamoDBStreamHandler = async (event, context) => {
  config.registerLambdaContext(context);
  return processPartialResponse(event, publishOnce, processor, { context, processInParallel: false });
};
