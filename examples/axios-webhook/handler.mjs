import axios from 'axios';

const api = axios.create({ baseURL: 'https://orders-api.example.com', timeout: 2000 });

/**
 * Posts every change to the orders API with axios, in order. A failed post (a 5xx, a 429, a
 * dropped connection) reports the record and everything after it; the first record throws, so
 * Lambda bisects the batch.
 */
export const handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await api.post('/changes', { id: record.dynamodb.SequenceNumber, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage ?? null });
    } catch (error) {
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
