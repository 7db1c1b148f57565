import { jsonBytes, jsonBytesBound } from './json-bytes.js';
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

/** At least the record's serialized size, from string lengths: cheap, and enough far from the limit. */
export function recordBytesBound(shard: PreparedShard, index: number): number {
  const size = shard.sizes[index]!;
  return size >= 0 ? size : jsonBytesBound(shard.records[index]);
}
