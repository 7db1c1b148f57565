import { describe, expect, it } from 'vitest';
import { decodeAwsChunked, sdkRequestOf, unflattenQuery } from '../../../src/harness/downstream/wire-request.js';

describe('sdkRequestOf', () => {
  it('reads URL parts, lower-cases header names and reads a JSON input back (record data as bytes)', () => {
    const request = sdkRequestOf({
      url: 'http://127.0.0.1:4566/?x=1',
      method: 'post',
      headers: { 'X-Amz-Target': 'Kinesis_20131202.PutRecords', 'Content-Type': 'application/x-amz-json-1.1' },
      body: JSON.stringify({ StreamName: 's', Records: [{ Data: 'aGk=', PartitionKey: 'k' }] }),
    });
    expect(request).toMatchObject({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: '/', query: { x: '1' } });
    expect(request.headers['x-amz-target']).toBe('Kinesis_20131202.PutRecords');
    expect(request.input).toEqual({ StreamName: 's', Records: [{ Data: { $binary: 'aGk=' }, PartitionKey: 'k' }] });
  });

  it('leaves a DynamoDB input to the gateway, reads a broken JSON body as empty, and an S3 path as bucket and key', () => {
    const dynamodb = sdkRequestOf({ url: 'https://dynamodb.us-east-1.amazonaws.com/', method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.PutItem' }, body: '{}' });
    expect(dynamodb.input).toBeUndefined();
    expect(sdkRequestOf({ url: 'https://events.us-east-1.amazonaws.com/', method: 'POST', headers: { 'x-amz-target': 'AWSEvents.PutEvents' }, body: '{oops' }).input).toEqual({});
    const s3 = sdkRequestOf({ url: 'https://s3.us-east-1.amazonaws.com/archive/a/b.json', method: 'PUT', headers: {}, body: 'x' });
    expect(s3).toMatchObject({ port: undefined, input: { Bucket: 'archive', Key: 'a/b.json' } });
  });

  it('decodes an aws-chunked body', () => {
    const request = sdkRequestOf({
      url: 'https://archive.s3.amazonaws.com/k',
      method: 'PUT',
      headers: { 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' },
      body: '3\r\nabc\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n',
    });
    expect(Buffer.from(request.body as Uint8Array).toString()).toBe('abc');
  });
});

describe('unflattenQuery', () => {
  it('turns member lists (SNS) and numbered entries (SQS) into lists, dropping Action and Version', () => {
    expect(unflattenQuery(new URLSearchParams('Action=PublishBatch&Version=2010-03-31&TopicArn=t&PublishBatchRequestEntries.member.1.Id=a&PublishBatchRequestEntries.member.1.Message=one&PublishBatchRequestEntries.member.2.Id=b'))).toEqual({
      TopicArn: 't',
      PublishBatchRequestEntries: [{ Id: 'a', Message: 'one' }, { Id: 'b' }],
    });
  });

  it('keeps list positions (1-based) and drops the holes of a sparse list', () => {
    expect(unflattenQuery(new URLSearchParams('DeleteMessageBatchRequestEntry.3.Id=c&DeleteMessageBatchRequestEntry.1.Id=a'))).toEqual({ Entries: [{ Id: 'a' }, { Id: 'c' }] });
  });
});

describe('decodeAwsChunked', () => {
  it('joins signed chunks and stops at the zero-size chunk, before the trailers', () => {
    const body = '5;chunk-signature=aa\r\nhello\r\n1;chunk-signature=bb\r\n!\r\n0;chunk-signature=cc\r\nx-amz-checksum-crc32:AAAA\r\n\r\n';
    expect(Buffer.from(decodeAwsChunked(body)!).toString()).toBe('hello!');
    expect(Buffer.from(decodeAwsChunked(new TextEncoder().encode('a\r\n0123456789\r\n0\r\n\r\n'))!).toString()).toBe('0123456789');
    expect(decodeAwsChunked(undefined)).toBeUndefined();
    expect(decodeAwsChunked('')).toEqual(new Uint8Array());
  });
});
