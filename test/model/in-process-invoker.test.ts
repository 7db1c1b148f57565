import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { inProcessInvoker, lambdaContext } from '../../src/model/in-process-invoker.js';
import type { InvocationMeta, StreamEvent } from '../../src/model/types.js';
import { ddb, t0 } from '../support/records.js';

const functionArn = 'arn:aws:lambda:eu-west-1:123456789012:function:orders-projection';
const knobs = { functionArn, repeatableHandler: false };
const event: StreamEvent = { Records: [ddb('100000000000000000001')] };
const meta: InvocationMeta = {
  shardId: 'shardId-1', at: Date.UTC(2026, 4, 6, 23, 59, 59), requestId: 'c9b8fa9f-5a7f-4a6b-af9c-0c604cde93a5',
  functionTimeoutMs: 3000, durationMs: 0, index: 0, attempt: 1, duplicate: false, skippedBefore: 0,
};

describe('inProcessInvoker', () => {
  it('calls handler(event, context) and reports what it returns, awaited', async () => {
    let seen: [unknown, Context] | undefined;
    const invoke = inProcessInvoker(async (e, context) => {
      seen = [e, context];
      return { batchItemFailures: [] };
    }, knobs);
    expect(await invoke(event, meta)).toEqual({ kind: 'return', value: { batchItemFailures: [] }, repeatable: false });
    expect(seen![0]).toBe(event);
    expect(seen![1].awsRequestId).toBe(meta.requestId);
  });

  it('reports a throw and a rejection alike, with the error itself', async () => {
    const boom = new Error('boom');
    expect(await inProcessInvoker(() => { throw boom; }, knobs)(event, meta)).toEqual({ kind: 'throw', error: boom, repeatable: false });
    expect(await inProcessInvoker(async () => Promise.reject(boom), knobs)(event, meta)).toEqual({ kind: 'throw', error: boom, repeatable: false });
  });

  it('gives a handler of three parameters a callback, as the Node.js runtime does', async () => {
    const ok = inProcessInvoker((_e, _c, callback) => setTimeout(() => callback!(null, { batchItemFailures: [{ itemIdentifier: '1' }] }), 0), knobs);
    expect(await ok(event, meta)).toMatchObject({ kind: 'return', value: { batchItemFailures: [{ itemIdentifier: '1' }] } });
    const failed = inProcessInvoker((_e, _c, callback) => callback!(new Error('no table')), knobs);
    expect(await failed(event, meta)).toMatchObject({ kind: 'throw', error: new Error('no table') });
    const asyncWithCallback = inProcessInvoker(async (_e: unknown, _c: unknown, _callback: unknown) => 'from the promise', knobs);
    expect(await asyncWithCallback(event, meta)).toMatchObject({ kind: 'return', value: 'from the promise' });
  });

  it('says every attempt is repeatable only when the user declared the handler pure', async () => {
    expect(await inProcessInvoker(() => undefined, { functionArn, repeatableHandler: true })(event, meta)).toEqual({ kind: 'return', value: undefined, repeatable: true });
  });
});

describe('lambdaContext', () => {
  const context = lambdaContext('orders-projection', functionArn, meta);

  it('names the function, its log group and its log stream as Lambda does', () => {
    expect(context).toMatchObject({
      functionName: 'orders-projection',
      functionVersion: '$LATEST',
      invokedFunctionArn: functionArn,
      awsRequestId: meta.requestId,
      logGroupName: '/aws/lambda/orders-projection',
      logStreamName: '2026/05/06/[$LATEST]c9b8fa9f5a7f4a6baf9c0c604cde93a5',
      callbackWaitsForEmptyEventLoop: true,
    });
  });

  it('takes the function name from the ARN', async () => {
    let name: string | undefined;
    await inProcessInvoker((_e, c: Context) => { name = c.functionName; }, knobs)(event, { ...meta, at: t0 });
    expect(name).toBe('orders-projection');
  });

  it('reports the function timeout as the time remaining, in virtual time', () => {
    expect(context.getRemainingTimeInMillis()).toBe(3000);
  });

  it('refuses the deprecated done/fail/succeed with a message naming the fix', () => {
    expect(() => context.succeed('x')).toThrow('context.succeed() is deprecated in the Node.js runtime; return a value or throw instead');
    expect(() => context.fail('x')).toThrow('context.fail() is deprecated');
    expect(() => context.done()).toThrow('context.done() is deprecated');
  });
});
