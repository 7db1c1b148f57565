import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

const events = new EventBridgeClient({});

/**
 * Publishes one event per change with PutEvents. The bug: FailedEntryCount is never checked, so
 * entries EventBridge rejected are dropped while the batch is reported as a success.
 */
export const handler = async (event) => {
  const entries = event.Records.map((record) => ({
    Source: 'orders',
    DetailType: `order.${record.eventName.toLowerCase()}`,
    Detail: JSON.stringify({ id: record.dynamodb.SequenceNumber, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage ?? null }),
  }));
  for (let i = 0; i < entries.length; i += 10) await events.send(new PutEventsCommand({ Entries: entries.slice(i, i + 10) }));
  return { batchItemFailures: [] };
};
