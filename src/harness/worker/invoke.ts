import type { Context } from 'aws-lambda';
import type { InvokeOutcome, InvokeRequest, WorkerInit } from '../protocol.js';
import { errorDetail } from './error-detail.js';

type Handler = (event: unknown, context: Context, callback?: (error?: unknown, result?: unknown) => void) => unknown;

/** Calls the handler as the Node.js runtime does and reports what it did; never throws. */
export async function invokeHandler(handler: Handler, request: InvokeRequest, init: WorkerInit): Promise<InvokeOutcome> {
  const context = lambdaContext(request, init);
  let value: unknown;
  try {
    value = handler.length >= 3 ? await withCallback(handler, request.event, context) : await handler(request.event, context);
  } catch (error) {
    return thrown(error);
  }
  try {
    return { kind: 'return', json: value === undefined ? undefined : JSON.stringify(value) };
  } catch (error) {
    return { kind: 'unserializable', message: error instanceof Error ? error.message : String(error) };
  }
}

function withCallback(handler: Handler, event: unknown, context: Context): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, result) => (error ? reject(error) : resolve(result)));
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') (returned as PromiseLike<unknown>).then(resolve, reject);
  });
}

function thrown(error: unknown): InvokeOutcome {
  if (error instanceof Error) return { kind: 'throw', name: error.name, message: error.message, detail: errorDetail(error) };
  let shown: string;
  try {
    shown = JSON.stringify(error) ?? String(error);
  } catch {
    shown = String(error);
  }
  return { kind: 'throw', name: 'Error', message: shown, nonError: shown };
}

function lambdaContext(request: InvokeRequest, init: WorkerInit): Context {
  const deadline = performance.now() + request.functionTimeoutMs;
  const day = new Date(request.at).toISOString().slice(0, 10).replaceAll('-', '/');
  const deprecated = (name: string) => () => {
    throw new Error(`context.${name}() is not supported by the Node.js runtime; return a value or throw instead`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: init.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: init.functionArn,
    memoryLimitInMB: String(init.memoryLimitInMB),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${init.functionName}`,
    logStreamName: `${day}/[$LATEST]${request.requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
    done: deprecated('done'),
    fail: deprecated('fail'),
    succeed: deprecated('succeed'),
  };
}
