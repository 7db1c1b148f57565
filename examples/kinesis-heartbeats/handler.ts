import axios from 'axios';
import type { KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

interface Reading {
  deviceId: string;
  type: 'reading' | 'heartbeat';
  metric?: string;
  value?: number;
}

const partner = axios.create({ baseURL: process.env.WEBHOOK_URL, timeout: 2000 });

const decode = (record: KinesisStreamRecord): Reading => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as Reading;

/** Forwards device readings to a partner's webhook, skipping heartbeats; on a failed post, reports that record and stops. */
export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  for (const record of event.Records) {
    const reading = decode(record);
    if (reading.type === 'heartbeat') continue;
    try {
      // the partner drops a post whose idempotency key it has seen: a redelivered record is applied once
      const idempotencyKey = `${reading.deviceId}:${record.kinesis.sequenceNumber}`;
      await partner.post('/v1/readings', { deviceId: reading.deviceId, metric: reading.metric, value: reading.value, idempotencyKey });
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.kinesis.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
};
