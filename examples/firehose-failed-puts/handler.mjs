import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';

const firehose = new FirehoseClient({});
const STREAM = process.env.DELIVERY_STREAM_NAME;

/**
 * Archives every change to a Firehose delivery stream, one PutRecordBatch per batch. The bug:
 * FailedPutCount is never checked, so the rows Firehose rejected (ServiceUnavailableException in
 * RequestResponses) are dropped while the batch is reported as a success.
 */
export const handler = async (event) => {
  const rows = event.Records.map((record) => ({
    Data: Buffer.from(`${JSON.stringify({ eventId: record.eventID, op: record.eventName, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage ?? null })}\n`),
  }));
  await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: rows }));
  return { batchItemFailures: [] };
};
