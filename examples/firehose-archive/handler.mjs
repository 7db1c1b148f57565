import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';

const firehose = new FirehoseClient({});
const STREAM = process.env.DELIVERY_STREAM_NAME;

const row = (record) => ({
  Data: Buffer.from(`${JSON.stringify({ eventId: record.eventID, op: record.eventName, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage ?? null })}\n`),
});

/** The records in stream order, cut so that no call carries two records of one item. */
function calls(records) {
  const out = [];
  let keys = new Set();
  for (const record of records) {
    const key = JSON.stringify(record.dynamodb.Keys);
    if (out.length === 0 || keys.has(key)) {
      out.push([]);
      keys = new Set();
    }
    keys.add(key);
    out.at(-1).push(record);
  }
  return out;
}

/**
 * Archives every change to a Firehose delivery stream. PutRecordBatch answers 200 even when some
 * rows were rejected (FailedPutCount, an ErrorCode per entry of RequestResponses): the first
 * rejected row and every record after it are reported in batchItemFailures, and Lambda sends them
 * again from there. A call never carries two rows of one item, and no call follows a rejection, so
 * an item's rows reach the archive in stream order; a row sent again is the same row (eventID).
 */
export const handler = async (event) => {
  const { Records } = event;
  let sent = 0;
  for (const records of calls(Records)) {
    const { FailedPutCount, RequestResponses } = await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: STREAM, Records: records.map(row) }));
    if (FailedPutCount) {
      const first = sent + RequestResponses.findIndex((entry) => entry.ErrorCode !== undefined);
      return { batchItemFailures: Records.slice(first).map((record) => ({ itemIdentifier: record.dynamodb.SequenceNumber })) };
    }
    sent += records.length;
  }
  return { batchItemFailures: [] };
};
