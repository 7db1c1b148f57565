import type { Context } from 'aws-lambda';
import type { Knobs } from './knobs.js';
import type { HandlerResult, InvocationMeta, Invoker, StreamEvent, StreamHandler } from './types.js';

/**
 * Calls a handler function in this process, as the Node.js runtime would: `handler(event, context)`,
 * or with a callback for handlers that declare three parameters.
 */
export function inProcessInvoker(handler: StreamHandler, knobs: Pick<Knobs, 'functionArn' | 'repeatableHandler'>): Invoker {
  const functionName = knobs.functionArn.split(':')[6] ?? 'stream-consumer';
  const repeatable = knobs.repeatableHandler;
  return async (event: StreamEvent, meta: InvocationMeta): Promise<HandlerResult> => {
    const context = lambdaContext(functionName, knobs.functionArn, meta);
    try {
      const value = handler.length >= 3 ? await withCallback(handler, event, context) : await handler(event, context);
      return { kind: 'return', value, repeatable };
    } catch (error) {
      return { kind: 'throw', error, repeatable };
    }
  };
}

function withCallback(handler: StreamHandler, event: StreamEvent, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (isThenable(returned)) returned.then(resolve, reject);
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function lambdaContext(functionName: string, functionArn: string, meta: InvocationMeta): Context {
  const unsupported = (name: string) => () => {
    throw new Error(`context.${name}() is deprecated in the Node.js runtime; return a value or throw instead`);
  };
  const day = new Date(meta.at).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn,
    memoryLimitInMB: '1024',
    awsRequestId: meta.requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${meta.requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => meta.functionTimeoutMs,
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
