const AWS = require('aws-sdk');

const sqs = new AWS.SQS();
const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/order-changes';

/**
 * Forwards every change to an SQS queue with AWS SDK v2. The bug: the loop is wrapped in a
 * try/catch that logs and carries on, so a message SQS did not take (after v2's own retries) is
 * lost while the batch is reported as a success.
 */
exports.handler = async (event) => {
  try {
    for (const record of event.Records) {
      await sqs.sendMessage({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ id: record.dynamodb.SequenceNumber, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage || null }),
      }).promise();
    }
  } catch (error) {
    console.error('could not forward the batch', error.code);
  }
  return { batchItemFailures: [] };
};
