import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { KinesisStreamEvent } from 'aws-lambda';

const client = new DynamoDBClient({});

/** The bug: `kinesis.data` is base64, and it is parsed as JSON without decoding it first. */
export async function handler(event: KinesisStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const payload = JSON.parse(record.kinesis.data) as unknown;
    await client.send(new PutItemCommand({
      TableName: 'audit',
      Item: { partitionKey: { S: record.kinesis.partitionKey }, sequenceNumber: { S: record.kinesis.sequenceNumber.padStart(129, '0') }, payload: { S: JSON.stringify(payload) } },
    }));
  }
}
