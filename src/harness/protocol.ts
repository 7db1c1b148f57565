/** Messages between the main thread (model, downstream) and the worker thread that runs the handler. */
import type { ErrorDetail, HandlerOutput } from '../model/types.js';

export type { ErrorDetail, HandlerOutput };

export interface WorkerInit {
  /** Absolute path of the handler file and the export to use. */
  handlerFile: string;
  exportName: string | undefined;
  /** Where paths in load errors are shown relative to. */
  cwd: string;
  /** Seed for randomness while the module loads (invocations are seeded by their request). */
  seed: number;
  functionName: string;
  functionArn: string;
  memoryLimitInMB: number;
  /** Hosts whose fetch calls are captured (answered by the main thread); other non-loopback hosts are refused. */
  httpHosts: string[];
}

/** An AWS SDK request as the handler's SDK serialized it, caught inside its middleware stack. */
export interface SdkRequest {
  clientName: string;
  commandName: string;
  /** The command input as the client saw it (for DocumentClient, after marshalling). */
  input: unknown;
  method: string;
  protocol: string;
  hostname: string;
  port: number | undefined;
  path: string;
  query: Record<string, string | string[] | null>;
  /** The headers the main thread reads (`forwardedHeaders`), names in lower case. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /**
   * The invocation (its index in the run) that made this request, when an earlier one than the
   * invocation under way: work it left on a timer when it returned, which ran only when the
   * environment was invoked again.
   */
  leftBy?: number;
  /** Made by work this invocation (its index in the run) did not await, after it had ended (returned, or failed). */
  afterReturn?: number;
}

/** What the main thread needs of a request's headers: the protocol, and the SDK's operation id and attempt. */
export const forwardedHeaders = ['x-amz-target', 'content-type', 'amz-sdk-invocation-id', 'amz-sdk-request'] as const;

/**
 * An AWS SDK call that failed inside the client, before any request was sent: parameter
 * validation (SDK v2), serialization, endpoint or credential resolution.
 */
export interface ClientSideError {
  sdk: 'v2' | 'v3';
  /** The service as the client names it (`sqs`, `dynamodb`). */
  service: string;
  operation: string;
  /** The error's code or name (`MissingRequiredParameter`). */
  name: string;
  message: string;
}

export interface SdkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** How the main thread answers an intercepted call: an HTTP response, or a transport error the SDK sees as such. */
export type CallAnswer =
  | { kind: 'response'; response: SdkResponse }
  | { kind: 'network-error'; code: string; message: string }
  | { kind: 'refused'; message: string };

/**
 * Any HTTP request the handler made outside the SDK v3 middleware (node:http/https, undici,
 * fetch, whatever the client), caught in the worker and answered by the main thread.
 */
export interface HttpRequest {
  /** Full URL as the client addressed it: scheme, host, port when not the default, path and query. */
  url: string;
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  /** Made by work this invocation (its index in the run) did not await, after it had ended (returned, or failed). */
  afterReturn?: number;
}

/** What work an invocation (its index in the run) left running wrote to the console after it ended, until the next invocation started or the run settled. */
export interface OutputAfter {
  invocation: number;
  output: HandlerOutput;
}

/**
 * How answering a burst ended: 'ok', or cut short by a fault or a stop (`abort`, why). `frozen`:
 * the cut fell on work the invocation left running after it ended, so it keeps its result.
 */
export type AnswerVerdict = 'ok' | { abort: string; frozen?: true };

/** The answer to an `HttpRequest`: a response, a transport failure the client sees as such, or a refusal. */
export type HttpAnswer =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string | Uint8Array }
  | { kind: 'network-error'; code: 'ECONNRESET' | 'ETIMEDOUT'; message: string }
  | { kind: 'refused'; message: string }
  /** The invocation times out before this request is answered (a timeout-after-calls fault); `frozen`: it had ended, and its environment freezes for good. */
  | { kind: 'abort'; reason: string; frozen?: true };

/** @deprecated the names fetch interception had before every HTTP client was captured. */
export type FetchRequest = HttpRequest;
export type FetchAnswer = HttpAnswer;

export interface InvokeRequest {
  event: unknown;
  requestId: string;
  /** Virtual start time, epoch ms: what `Date` shows during the invocation. */
  at: number;
  functionTimeoutMs: number;
  /** Index of the invocation's random streams; with the run's seed, seeds them. */
  index: number;
  /** The invocation's index in the run (the trace's), which requests made by its code carry when they come later (`SdkRequest.leftBy`). */
  invocation: number;
  seed: number;
}

/** What the function did, as the runtime saw it. Values travel as JSON text. */
export type InvokeOutcome = (
  | { kind: 'return'; json: string | undefined }
  | { kind: 'unserializable'; message: string }
  | { kind: 'throw'; name: string; message: string; nonError?: string; detail?: ErrorDetail }
  /** The handler ended its execution environment (exit, unhandled rejection, out of memory). */
  | { kind: 'crash'; name: string; message: string }
  /** The handler's promise can never settle. */
  | { kind: 'timeout'; reason: string }
) & {
  /** What the handler wrote to the console while it ran (bounded). */
  output?: HandlerOutput;
  /** Virtual time the handler's own timers made pass (a sleep, a back-off), in ms. */
  waitedMs?: number;
  /** Timers the handler left set when it returned (they run only if the environment is invoked again). */
  timersLeft?: { count: number; firstDueInMs: number };
};

export type ToWorker =
  | { type: 'invoke'; id: number; request: InvokeRequest }
  /** Load the handler's modules afresh: a cold start without a new thread. */
  | { type: 'reset'; generation: number; exactMemory?: boolean }
  /** Answered with 'pong', from a timer: the thread runs JavaScript and timers again (after a loop was interrupted). */
  | { type: 'ping' }
  /** The calls of the burst the worker waits for will never be answered (the invocation was timed out). */
  | { type: 'abandon' }
  /** The run is over: answered with 'settled' once the work the last invocation left behind had its turns. */
  | { type: 'settle' }
  | { type: 'call-answer'; id: number; answer: CallAnswer }
  | { type: 'fetch-answer'; id: number; answer: FetchAnswer };

export type FromWorker =
  /** `worn`: earlier module generations hold so much memory that the thread should be replaced. */
  | { type: 'ready'; exportPath: string; worn?: boolean }
  | { type: 'load-error'; kind: string; message: string }
  /** `ended`: the execution environment ended with this invocation; the next one needs a cold start. */
  | { type: 'result'; id: number; outcome: InvokeOutcome; ended?: boolean; outputAfter?: OutputAfter }
  /** `damaged`: the stopped loop left the thread unfit for another environment (an abandoned timer callback: see timer-fence.ts; a global left unset). */
  | { type: 'pong'; damaged?: boolean }
  /** What the handler logged in the invocation a stopped loop abandoned, sent as the first ping arrives. */
  | { type: 'stopped-output'; output: HandlerOutput }
  /** The invocation's handler starts: the work the previous one left running has had its turns, and its requests their answers. */
  | { type: 'begin'; id: number }
  /** `ending`: what ended the environment after the last invocation returned (an unhandled rejection, an uncaught exception, an exit). */
  | { type: 'settled'; ending?: { name: string; message: string }; outputAfter?: OutputAfter }
  /** SDK requests issued in the same turn of the event loop: concurrent calls, answered in an order the harness picks. */
  | { type: 'calls'; calls: { id: number; request: SdkRequest }[] }
  /** HTTP requests (any client) made in the same turn of the event loop: concurrent, answered in an order the harness picks. */
  | { type: 'requests'; requests: { id: number; request: HttpRequest }[] }
  | { type: 'sdk-client-error'; error: ClientSideError }
  | { type: 'unhandled-rejection'; name: string; message: string };
