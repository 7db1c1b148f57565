import type { PreparedShard } from './prepare.js';

/** The synchronous invocation payload limit: a batch is cut short so that its event fits. */
export const maxPayloadBytes = 6 * 1024 * 1024;

/** `{"Records":[` + `]}` around the records, which are joined by commas. */
export const eventEnvelopeBytes = '{"Records":[]}'.length;

/**
 * Serialized sizes by record object. Measuring means serializing (about 1.5 µs for a small record,
 * most of the model's cost), so a record measured once is not measured again when the same records
 * are simulated again (the reference and adversarial runs of a case, shrinking).
 */
const measured = new WeakMap<object, number>();

export function recordBytes(shard: PreparedShard, index: number): number {
  let size = shard.sizes[index]!;
  if (size >= 0) return size;
  const record = shard.records[index]!;
  size = measured.get(record) ?? Buffer.byteLength(JSON.stringify(record));
  measured.set(record, size);
  shard.sizes[index] = size;
  return size;
}
