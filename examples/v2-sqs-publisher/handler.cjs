const AWS = require('aws-sdk');

const sqs = new AWS.SQS();
const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/order-changes';

/**
 * Forwards every change to an SQS queue with AWS SDK v2, in order. When a send fails (after v2's
 * own retries) the record and everything after it are reported, so Lambda retries from there; a
 * failure on the first record is thrown, so Lambda bisects the batch.
 */
exports.handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await sqs.sendMessage({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ id: record.dynamodb.SequenceNumber, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage || null }),
      }).promise();
    } catch (error) {
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
