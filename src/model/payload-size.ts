import { jsonBytes } from './json-bytes.js';
import type { PreparedShard } from './prepare.js';

/** The synchronous invocation payload limit: a batch is cut short so that its event fits. */
export const maxPayloadBytes = 6 * 1024 * 1024;

/** `{"Records":[` + `]}` around the records, which are joined by commas. */
export const eventEnvelopeBytes = '{"Records":[]}'.length;

/** A record's serialized size, counted (not serialized) once per prepared shard. */
export function recordBytes(shard: PreparedShard, index: number): number {
  let size = shard.sizes[index]!;
  if (size < 0) {
    size = jsonBytes(shard.records[index]);
    shard.sizes[index] = size;
  }
  return size;
}
