import { describe, expect, it } from 'vitest';
import type { ClientSideError } from '../../../src/harness/protocol.js';
import { SdkV2Observer } from '../../../src/harness/worker/sdk-v2-observer.js';
import { loadSdkV2, v2Client } from './sdk-v2-support.js';

const { AWS, attempts } = loadSdkV2();
const reported: ClientSideError[] = [];
const observer = new SdkV2Observer((error) => reported.push(error));
observer.scan();
observer.scan();

describe('SdkV2Observer: SDK v2 requests that fail before they are sent', () => {
  it('reports a parameter validation failure once, with the service, the operation and the error code', async () => {
    const sqs = new AWS.SQS(v2Client);
    await expect(sqs.sendMessage({ MessageBody: 'x' } as never).promise()).rejects.toMatchObject({ code: 'MissingRequiredParameter' });
    expect(reported).toEqual([
      { sdk: 'v2', service: 'sqs', operation: 'SendMessage', name: 'MissingRequiredParameter', message: "Missing required key 'QueueUrl' in params" },
    ]);
    const documents = new AWS.DynamoDB.DocumentClient(v2Client);
    await expect(documents.put({ Item: { pk: 'k' } } as never).promise()).rejects.toMatchObject({ code: 'MissingRequiredParameter' });
    expect(reported[1]).toMatchObject({ service: 'dynamodb', operation: 'PutItem', name: 'MissingRequiredParameter' });
  });

  it('says nothing of a request that was sent and failed on the wire (the harness saw that one)', async () => {
    reported.length = 0;
    const sqs = new AWS.SQS({ ...v2Client, maxRetries: 0 });
    await expect(sqs.sendMessage({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders', MessageBody: 'x' }).promise()).rejects.toMatchObject({
      code: 'NetworkingError',
    });
    expect(attempts).toHaveLength(1);
    expect(reported).toEqual([]);
  });
});
