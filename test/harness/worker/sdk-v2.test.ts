import { describe, expect, it } from 'vitest';
import { SdkV2Hooks } from '../../../src/harness/worker/sdk-v2.js';
import { loadSdkV2, v2Client } from './sdk-v2-support.js';

const { AWS, attempts } = loadSdkV2();
const hooks = new SdkV2Hooks();

describe('SdkV2Hooks: aws-sdk v2, unmodified, made to count and retry as SDK v3 does', () => {
  it('prepares each copy of aws-sdk once', () => {
    expect(hooks.scan()).toBe(1);
    expect(hooks.scan()).toBe(0);
  });

  it('retry back-off costs no time: every delay the SDK computes is 0', () => {
    const { util } = AWS as unknown as { util: { calculateRetryDelay(retryCount: number, options: object): number } };
    expect([0, 1, 5].map((retryCount) => util.calculateRetryDelay(retryCount, { base: 100 }))).toEqual([0, 0, 0]);
  });

  it("each attempt carries v3's invocation id (one per request, its retries included) and attempt number", async () => {
    const sqs = new AWS.SQS({ ...v2Client, maxRetries: 2 });
    const queue = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders';
    await expect(sqs.sendMessage({ QueueUrl: queue, MessageBody: 'a' }).promise()).rejects.toMatchObject({ code: 'NetworkingError' });
    await expect(sqs.sendMessage({ QueueUrl: queue, MessageBody: 'b' }).promise()).rejects.toMatchObject({ code: 'NetworkingError' });
    expect(attempts.map((headers) => headers['amz-sdk-request'])).toEqual(['attempt=1', 'attempt=2', 'attempt=3', 'attempt=1', 'attempt=2', 'attempt=3']);
    const ids = attempts.map((headers) => headers['amz-sdk-invocation-id']);
    expect(new Set(ids.slice(0, 3)).size).toBe(1);
    expect(new Set(ids.slice(3)).size).toBe(1);
    expect(ids[0]).not.toBe(ids[3]);
    expect(ids[0]).toMatch(/^v2-\d+-\d+$/);
  });
});
