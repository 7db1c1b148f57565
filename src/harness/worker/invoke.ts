import type { Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
// bound at load: the global is a lazy getter, and an interrupted loop can leave it unset (worker.ts)
import { performance } from 'node:perf_hooks';
import type { InvokeOutcome, InvokeRequest, WorkerInit } from '../protocol.js';
import { errorDetail } from './error-detail.js';

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: Context, callback: Callback) => unknown;

/**
 * What runs when the event loop empties during an invocation: one slot, replaced as the handler
 * completes, like the runtime's `BeforeExitListener`. With no listener the worker thread ends (an
 * async handler whose promise never settles), which the harness reports as such.
 */
let onEmptyEventLoop: (() => void) | undefined;
/** Whether the handler called back with its response, which waits for the event loop to empty. */
let calledBackWaiting = false;

export function responseWaitsForEmptyLoop(): boolean {
  return calledBackWaiting;
}

/**
 * The event loop emptied (worker.ts, once the handler's timers are all fired): completes an
 * invocation waiting for it (a callback handler), and tells whether it did, so it is no hang.
 */
export function completeOnEmptyLoop(): boolean {
  const listener = onEmptyEventLoop;
  if (listener === undefined) return false;
  listener();
  return true;
}

/**
 * Calls the handler as the Node.js 20 and 22 runtimes do (aws-lambda-nodejs-runtime-interface-client
 * 3.x, Runtime.js and CallbackContext.js) and reports what it did; never throws. AWS documents the
 * forms in "Define Lambda function handler in Node.js" and "Using the Lambda context object to
 * retrieve Node.js function information"
 * (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html, …/nodejs-context.html):
 * - every handler gets `(event, context, callback)`; a returned promise completes the invocation
 *   when it settles, and a returned non-promise value is ignored;
 * - `callback(error)` fails the invocation at once; `callback(null, response)` completes it when
 *   the event loop is empty, or at once when `context.callbackWaitsForEmptyEventLoop` is false;
 * - `context.succeed(response)`, `context.fail(error)` and `context.done(error, response)` complete
 *   it at once (`fail()` with no error fails with "handled");
 * - only the first of these completions counts (a handler that returns a promise and calls back
 *   gets whichever comes first);
 * - a handler that is not async and never completes ends with a null response when the event loop
 *   empties; a synchronous throw fails the invocation.
 */
export function invokeHandler(handler: Handler, request: InvokeRequest, init: WorkerInit, clock: { now(): number }): Promise<InvokeOutcome> {
  // the runtime sets the invocation's X-Ray header in the environment (tracers read it: Powertools' Tracer, aws-xray-sdk)
  process.env._X_AMZN_TRACE_ID = traceHeader(request);
  return new Promise<InvokeOutcome>((resolve) => {
    let reported = false;
    const report = (outcome: () => InvokeOutcome) => {
      onEmptyEventLoop = undefined;
      calledBackWaiting = false;
      if (reported) return;
      reported = true;
      resolve(outcome());
    };
    const complete = (response: unknown) => report(() => returned(response));
    const postError = (error: unknown) => report(() => thrown(error));
    let waitsForEmptyEventLoop = true;
    let finished = false;
    const firstCallOnly = <A extends unknown[]>(fn: (...args: A) => void) => (...args: A) => {
      if (finished) return;
      finished = true;
      fn(...args);
    };
    const done = (error?: unknown, response?: unknown) => (error !== undefined && error !== null ? postError(error) : complete(response));
    const callback = firstCallOnly((error?: unknown, response?: unknown) => {
      onEmptyEventLoop = undefined;
      if (error !== undefined && error !== null) postError(error);
      else if (!waitsForEmptyEventLoop) complete(response);
      else {
        calledBackWaiting = true;
        onEmptyEventLoop = () => setImmediate(() => complete(response));
      }
    });
    const context = lambdaContext(request, init, clock, {
      succeed: firstCallOnly((response?: unknown) => done(null, response)),
      fail: firstCallOnly((error?: unknown) => (error === undefined || error === null ? done('handled') : done(error, null))),
      done: firstCallOnly(done),
      waits: () => waitsForEmptyEventLoop,
      setWaits: (value: boolean) => {
        waitsForEmptyEventLoop = value;
      },
    });
    // the runtime's default: a handler that is not async and never completes returns null
    onEmptyEventLoop = isAsync(handler) ? undefined : () => complete(null);
    try {
      const result = handler(request.event, context, callback);
      if (isPromise(result)) result.then(context.succeed, context.fail);
    } catch (error) {
      callback(error);
    }
  });
}

function isAsync(handler: Handler): boolean {
  return handler.constructor?.name === 'AsyncFunction';
}

function isPromise(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}

function returned(response: unknown): InvokeOutcome {
  try {
    return { kind: 'return', json: response === undefined ? undefined : JSON.stringify(response) };
  } catch (error) {
    return { kind: 'unserializable', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The invocation's tracing header, as Lambda puts it in `_X_AMZN_TRACE_ID`
 * (https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader):
 * a root trace id of the invocation's start time and 96 bits, a parent segment id, not sampled (no
 * trace is ever sent). Drawn from the request id: the same on every run.
 */
export function traceHeader(request: Pick<InvokeRequest, 'requestId' | 'at'>): string {
  const hex = createHash('sha256').update(request.requestId).digest('hex');
  const seconds = Math.floor(request.at / 1000).toString(16).padStart(8, '0');
  return `Root=1-${seconds}-${hex.slice(0, 24)};Parent=${hex.slice(24, 40)};Sampled=0`;
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

interface Completions {
  succeed(response?: unknown): void;
  fail(error?: unknown): void;
  done(error?: unknown, response?: unknown): void;
  waits(): boolean;
  setWaits(value: boolean): void;
}

/**
 * The time left counts the virtual time the handler's timers made pass, and its real running time
 * only past a grace (a second, or a quarter of a shorter timeout), scaled to catch up by the
 * timeout. An invocation that runs for less than the grace sees the same values on every run, on
 * any machine: a handler that stores `Date.now() + getRemainingTimeInMillis()` (Powertools'
 * Idempotency stores it as `in_progress_expiration`) leaves the same state in a run with faults as
 * in the run without them. A loop that polls the time left still sees it run out by the timeout.
 */
export function remainingTime(timeoutMs: number, realMs: number, virtualMs: number): number {
  const grace = Math.min(1_000, timeoutMs / 4);
  const counted = realMs <= grace ? 0 : ((realMs - grace) * timeoutMs) / (timeoutMs - grace);
  return Math.max(0, Math.round(timeoutMs - counted - virtualMs));
}

function lambdaContext(request: InvokeRequest, init: WorkerInit, clock: { now(): number }, completions: Completions): Context {
  const started = performance.now();
  const day = new Date(request.at).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    get callbackWaitsForEmptyEventLoop() {
      return completions.waits();
    },
    set callbackWaitsForEmptyEventLoop(value: boolean) {
      completions.setWaits(value);
    },
    functionName: init.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: init.functionArn,
    memoryLimitInMB: String(init.memoryLimitInMB),
    awsRequestId: request.requestId,
    logGroupName: `/aws/lambda/${init.functionName}`,
    logStreamName: `${day}/[$LATEST]${request.requestId.replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => remainingTime(request.functionTimeoutMs, performance.now() - started, clock.now() - request.at),
    done: completions.done,
    fail: completions.fail,
    succeed: completions.succeed,
  };
}
