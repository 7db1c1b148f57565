import axios from 'axios';

const api = axios.create({ baseURL: 'https://orders-api.example.com', timeout: 2000 });

/**
 * Posts every change to the orders API with axios, in order, and reports a failed post. The bug:
 * a post that times out is taken as "the API is slow, it probably got it" and skipped, so that
 * change is lost whenever the API never answered.
 */
export const handler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    try {
      await api.post('/changes', { id: record.dynamodb.SequenceNumber, keys: record.dynamodb.Keys, image: record.dynamodb.NewImage ?? null });
    } catch (error) {
      if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
        console.warn('orders API is slow, assuming it got the change', record.dynamodb.SequenceNumber);
        continue;
      }
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb.SequenceNumber })) };
    }
  }
  return { batchItemFailures: [] };
};
