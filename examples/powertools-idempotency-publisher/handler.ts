import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBRecord, DynamoDBStreamHandler } from 'aws-lambda';

const sqs = new SQSClient({});
const processor = new BatchProcessor(EventType.DynamoDBStreams);
const config = new IdempotencyConfig({ eventKeyJmesPath: 'eventID' });

/** One "order changed" message per stream record; the MessageId SQS gives is what the idempotency record keeps. */
async function publish(record: DynamoDBRecord): Promise<string> {
  const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
  const body = JSON.stringify({ type: `order.${record.eventName!.toLowerCase()}`, orderId: Keys!.orderId!.S, sequenceNumber: SequenceNumber, status: NewImage?.status?.S ?? null });
  const sent = await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: body }));
  return sent.MessageId!;
}

/** At most once per record, whatever Lambda redelivers: Powertools Idempotency, its records in the `idempotency` table. */
const publishOnce = makeIdempotent(publish, {
  persistenceStore: new DynamoDBPersistenceLayer({ tableName: process.env.IDEMPOTENCY_TABLE! }),
  config,
});

/**
 * BatchProcessor goes on with the records after one that failed, and Lambda retries the batch
 * from the first failure: a later change of that order, published now, would reach readers
 * before the earlier one. So a record whose order already failed in this batch fails too, and
 * waits for the retry (its own idempotency record lets it through then).
 */
export const handler: DynamoDBStreamHandler = async (event, context) => {
  config.registerLambdaContext(context);
  const failedOrders = new Set<string>();
  const recordHandler = async (record: DynamoDBRecord): Promise<string> => {
    const orderId = record.dynamodb!.Keys!.orderId!.S!;
    if (failedOrders.has(orderId)) throw new Error(`an earlier change of order ${orderId} failed in this batch`);
    try {
      return await publishOnce(record);
    } catch (error) {
      failedOrders.add(orderId);
      throw error;
    }
  };
  return processPartialResponse(event, recordHandler, processor, { context, processInParallel: false });
};
