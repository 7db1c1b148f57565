import { createHash } from 'node:crypto';

/** An HTTP response exactly as DynamoDB's JSON protocol sends it. */
export interface DynamoDBHttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * Request ids come from a counter rather than randomness, so that the same run sees the same ids
 * (the harness promises determinism for a seed). They look like DynamoDB's: 52 characters A-Z0-9.
 */
export class RequestIds {
  #next = 0;

  next(): string {
    const digest = createHash('sha256').update(`dynamodb-request-${this.#next++}`).digest();
    return base32(digest).slice(0, 52);
  }

  reset(): void {
    this.#next = 0;
  }
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A response carrying `payload` as its JSON body, with DynamoDB's headers. */
export function jsonResponse(statusCode: number, payload: unknown, requestId: string): DynamoDBHttpResponse {
  const body = JSON.stringify(payload);
  return {
    statusCode,
    headers: {
      'content-type': CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body, 'utf8')),
      'x-amzn-requestid': requestId,
      'x-amz-crc32': String(crc32(body)),
    },
    body,
  };
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE) of the UTF-8 bytes of `text`, as DynamoDB puts in `x-amz-crc32`. */
export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const table = crcTable;
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
