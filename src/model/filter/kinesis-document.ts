import type { KinesisStreamRecord } from 'aws-lambda';

/**
 * What a Kinesis pattern is matched against.
 *
 * Lambda documents Kinesis filtering only on `data` (`{"data": {"field": [...]}}`), matched against
 * the base64-decoded JSON payload. Everything else is addressed where it sits in the record as
 * Lambda delivers it: `{"kinesis": {"partitionKey": ["k"]}}`, `{"eventName": [...]}`,
 * `{"awsRegion": [...]}`. This is the shape LocalStack's AWS-parity-tested poller filters (record
 * plus a top-level decoded `data`). EventBridge Pipes' flat form (`{"partitionKey": [...]}` at the
 * top) names no field of a Lambda record, so it never matches by value; `kinesis.data` stays the
 * base64 string.
 *
 * `undefined` when the payload is not JSON: such a record fails every pattern with a `data` key.
 */
export function kinesisDocument(record: KinesisStreamRecord): object | undefined {
  if (documents.has(record)) return documents.get(record) ?? undefined;
  const payload = decodePayload(record.kinesis?.data);
  const document = payload === NOT_JSON ? null : { ...record, data: payload };
  documents.set(record, document);
  return document ?? undefined;
}

const NOT_JSON = Symbol('not JSON');

/** Decoded once per record: the engine matches a record against every filter, possibly more than once. */
const documents = new WeakMap<KinesisStreamRecord, object | null>();

function decodePayload(data: unknown): unknown {
  if (typeof data !== 'string') return NOT_JSON;
  try {
    return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}
