import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';

const client = new DynamoDBClient({});
const table = process.env.REPLICA_TABLE ?? 'orders-replica';
/** The partner behind the replica takes at most a few writes a second. */
const pauseMs = 400;
/** Left for the records still to do when the handler stops early. */
const reserveMs = 1500;

/**
 * Copies each change in order, pausing between writes, and stops before its timeout: once too
 * little time is left, it reports the record it is at and every later one in batchItemFailures, and
 * Lambda delivers them again from there (progress resets the retry budget). The pattern AWS and
 * Powertools recommend for slow batches; no record is failed, only put off.
 */
export async function handler(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  for (const [index, record] of event.Records.entries()) {
    const rest = () => event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! }));
    if (index > 0 && context.getRemainingTimeInMillis() < reserveMs) return { batchItemFailures: rest() };
    const stream = record.dynamodb!;
    try {
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: table, Key: stream.Keys as never }));
      else await client.send(new PutItemCommand({ TableName: table, Item: stream.NewImage as never }));
    } catch (error) {
      // the first record failing: throw, so that Lambda bisects the batch down to it
      if (index === 0) throw error;
      return { batchItemFailures: rest() };
    }
    await sleep(pauseMs);
  }
  return { batchItemFailures: [] };
}
