/**
 * The worker thread that runs the user's handler, like one Lambda execution environment: module
 * state persists between invocations until the harness starts a fresh worker (a cold start).
 * Everything that makes the handler safe and repeatable is installed before its module is imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadHandler, registerTypeScript, rememberHarnessModules } from '../load/index.js';
import type { CallAnswer, HttpAnswer as FetchAnswer, FromWorker, InvokeOutcome, InvokeRequest, HttpRequest, SdkRequest, ToWorker, WorkerInit } from '../protocol.js';
import { installSeededRandom, installVirtualClock } from './determinism.js';
import { invokeHandler } from './invoke.js';
import { captureConsole } from './console-capture.js';
import { captureHttp } from './http-capture.js';
import { interceptFetch } from './network-guard.js';
import { AnswerWait } from './answer-wait.js';
import { SdkInterception } from './sdk-interception.js';
import { SdkV2Hooks } from './sdk-v2.js';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

/** Requests to the main thread awaiting an answer. */
const pending = new Map<number, (answer: CallAnswer | FetchAnswer) => void>();
let nextId = 0;
let invoking = false;

/**
 * During an invocation the port does not keep the thread alive unless a request is out: a handler
 * whose promise can never settle then lets the event loop empty, and the thread ends, instead of
 * waiting for the real-time watchdog.
 */
function updateKeepAlive(): void {
  if (invoking && pending.size === 0) port.unref();
  else port.ref();
}

function ask<A extends CallAnswer | FetchAnswer>(message: (id: number) => FromWorker): Promise<A> {
  const id = nextId++;
  return new Promise<A>((resolve) => {
    pending.set(id, resolve as (answer: CallAnswer | FetchAnswer) => void);
    updateKeepAlive();
    post(message(id));
  });
}

const clock = installVirtualClock(Date.now());
const handlerConsole = captureConsole(init.cwd);
const random = installSeededRandom();
random.reseed(init.seed, -1);
const askHttp = (request: HttpRequest) => ask<FetchAnswer>((id) => ({ type: 'fetch', id, request }));
interceptFetch(askHttp, captureHttp(askHttp));

/**
 * SDK calls go to the main thread in bursts: the calls made concurrently, in the order the handler
 * made them. A burst is sent as soon as every send made so far has either reached the
 * interception or failed before it (sends made together are all numbered before the first one
 * gets through the SDK's middleware, which takes several turns of the microtask queue).
 */
let burst: { id: number; issue: number; request: SdkRequest }[] = [];
const issuedNotArrived = new Set<number>();
function flushBurst(): void {
  if (burst.length === 0 || issuedNotArrived.size > 0) return;
  const calls = burst.sort((a, b) => a.issue - b.issue).map(({ id, request }) => ({ id, request }));
  burst = [];
  post({ type: 'calls', calls });
  answerWait.wait(calls.length);
}
const sdk = new SdkInterception({
  call(request, issue) {
    const id = nextId++;
    issuedNotArrived.delete(issue);
    return new Promise<CallAnswer>((resolve) => {
      pending.set(id, resolve as (answer: CallAnswer | FetchAnswer) => void);
      updateKeepAlive();
      burst.push({ id, issue, request });
      flushBurst();
    });
  },
  issued(issue) {
    issuedNotArrived.add(issue);
  },
  settled(issue) {
    if (issuedNotArrived.delete(issue)) flushBurst();
  },
});

const sdkV2 = new SdkV2Hooks();

const exit = process.exit.bind(process);
process.exit = ((code?: number) => {
  post({ type: 'process-exit', code: typeof code === 'number' ? code : undefined });
  exit(code);
}) as typeof process.exit;

process.on('unhandledRejection', (reason) => {
  const error = reason instanceof Error ? reason : new Error(String(reason));
  post({ type: 'unhandled-rejection', name: error.name, message: error.message });
});

function onMessage(message: ToWorker): void {
  switch (message.type) {
    case 'invoke':
      void run(message.id, message.request);
      break;
    case 'reset':
      void load(message.generation);
      break;
    case 'call-answer':
    case 'fetch-answer': {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      updateKeepAlive();
      resolve?.(message.answer);
      break;
    }
  }
}
port.on('message', onMessage);
const answerWait = new AnswerWait(port, (message) => onMessage(message as ToWorker), (message) => (message as ToWorker).type === 'call-answer');

async function run(id: number, request: InvokeRequest): Promise<void> {
  clock.set(request.at);
  random.reseed(request.seed, request.index);
  sdk.scan();
  sdkV2.scan();
  invoking = true;
  updateKeepAlive();
  handlerConsole.begin();
  const outcome: InvokeOutcome = await invokeHandler(handler, request, init);
  const output = handlerConsole.end();
  if (output) outcome.output = output;
  invoking = false;
  updateKeepAlive();
  post({ type: 'result', id, outcome });
}

let handler: (...args: unknown[]) => unknown;
const startingEnv = { ...process.env };

/** Imports the handler (generation 0) or re-imports the user's modules afresh, with the environment it started with. */
async function load(generation: number): Promise<void> {
  try {
    if (generation === 0) {
      rememberHarnessModules();
      await registerTypeScript({ handlerFile: init.handlerFile, cwd: init.cwd });
    } else {
      for (const name of Object.keys(process.env)) if (!(name in startingEnv)) delete process.env[name];
      Object.assign(process.env, startingEnv);
    }
    random.reseed(init.seed, -1);
    const loaded = await loadHandler({ file: init.handlerFile, exportName: init.exportName }, { cwd: init.cwd, generation });
    handler = loaded.handler as (...args: unknown[]) => unknown;
    sdk.scan();
    sdkV2.scan();
    post({ type: 'ready', exportPath: loaded.exportPath });
  } catch (error) {
    const kind = (error as { kind?: string }).kind ?? 'import-failed';
    post({ type: 'load-error', kind, message: error instanceof Error ? error.message : String(error) });
  }
}

await load(0);
