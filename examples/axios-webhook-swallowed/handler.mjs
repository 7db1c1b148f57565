import axios from 'axios';

const api = axios.create({ baseURL: 'https://orders-api.example.com', timeout: 2000 });

/**
 * Posts every change to the orders API with axios. The bug: a failed post (a 503 from the API, a
 * dropped connection) is logged and skipped, so that change never reaches the API while the
 * batch is reported as a success.
 */
export const handler = async (event) => {
  for (const record of event.Records) {
    try {
      await api.post('/changes', { id: record.dynamodb.SequenceNumber, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage ?? null });
    } catch (error) {
      console.warn('orders API rejected a change', error.response?.status ?? error.code);
    }
  }
  return { batchItemFailures: [] };
};
