const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs');
const { randomUUID } = require('node:crypto');

const sqs = new SQSClient({});

/**
 * Forwards each change to a queue. The bug: every message gets a fresh random id, so a record
 * delivered twice (a retry, a bisected half, a poller duplicate) becomes two different messages
 * that no downstream deduplication can recognise.
 */
exports.handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await sqs.send(new SendMessageCommand({
        QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/order-changes',
        MessageBody: JSON.stringify({ messageId: randomUUID(), order: record.dynamodb.Keys, change: record.eventName }),
      }));
    } catch {
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
