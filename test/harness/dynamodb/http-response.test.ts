import { describe, expect, it } from 'vitest';
import { crc32, jsonResponse, RequestIds } from '../../../src/harness/dynamodb/http-response.js';

describe('DynamoDB HTTP responses', () => {
  it('computes the CRC-32 (IEEE) the SDK checks in x-amz-crc32', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
    expect(crc32('é')).toBe(crc32(Buffer.from('é', 'utf8').toString('utf8')));
  });

  it('sends the JSON body with DynamoDB\'s headers, its length in UTF-8 bytes', () => {
    const response = jsonResponse(200, { Item: { name: { S: 'Zoë' } } }, 'REQ');
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('{"Item":{"name":{"S":"Zoë"}}}');
    expect(response.headers).toEqual({
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(response.body.length + 1),
      'x-amzn-requestid': 'REQ',
      'x-amz-crc32': String(crc32(response.body)),
    });
  });

  it('gives request ids that look like DynamoDB\'s, all different, the same sequence again after reset', () => {
    const ids = new RequestIds();
    const first = Array.from({ length: 50 }, () => ids.next());
    for (const id of first) expect(id).toMatch(/^[A-Z2-7]{52}$/);
    expect(new Set(first).size).toBe(50);
    ids.reset();
    expect(Array.from({ length: 50 }, () => ids.next())).toEqual(first);
    expect(new RequestIds().next()).toBe(first[0]);
  });
});
