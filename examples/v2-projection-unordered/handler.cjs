const AWS = require('aws-sdk');

const dynamodb = new AWS.DynamoDB();

/**
 * The orders projection with AWS SDK v2. The bug: every record of the batch is written at once
 * (Promise.all), unconditionally. When two changes of one order are in a batch, whichever write
 * lands last wins, sometimes the older one.
 */
exports.handler = async (event) => {
  await Promise.all(event.Records.map((record) => {
    const stream = record.dynamodb;
    return record.eventName === 'REMOVE'
      ? dynamodb.deleteItem({ TableName: 'orders-replica', Key: stream.Keys }).promise()
      : dynamodb.putItem({ TableName: 'orders-replica', Item: stream.NewImage }).promise();
  }));
};
