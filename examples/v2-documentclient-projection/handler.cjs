const AWS = require('aws-sdk');

const documents = new AWS.DynamoDB.DocumentClient();
const table = process.env.REPLICA_TABLE || 'orders-replica';

/**
 * The orders projection written with AWS SDK v2's DocumentClient, as many existing consumers
 * are: records in order, each write conditional on the record's sequence number (left-padded, so
 * string order is numeric order); a ConditionalCheckFailedException means a newer version is
 * already there. On failure the failed record is reported with everything after it, except the
 * first record, which throws so that Lambda bisects the batch.
 */
exports.handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    const stream = record.dynamodb;
    const version = stream.SequenceNumber.padStart(40, '0');
    const guard = {
      ConditionExpression: 'attribute_not_exists(#v) OR #v < :v',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':v': version },
    };
    try {
      if (record.eventName === 'REMOVE') {
        await documents.delete({ TableName: table, Key: AWS.DynamoDB.Converter.unmarshall(stream.Keys), ...guard }).promise();
      } else {
        await documents.put({ TableName: table, Item: { ...AWS.DynamoDB.Converter.unmarshall(stream.NewImage), version }, ...guard }).promise();
      }
    } catch (error) {
      if (error.code === 'ConditionalCheckFailedException') continue;
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
