/**
 * The worker thread that runs the user's handler, like one Lambda execution environment: module
 * state persists between invocations until the harness starts a fresh worker (a cold start).
 * Everything that makes the handler safe and repeatable is installed before its module is imported.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import http from 'node:http';
import https from 'node:https';
import { parentPort, workerData } from 'node:worker_threads';
import { loadedSignal } from '../relay/relay-protocol.js';
import { ThreadChannel } from '../relay/thread-channel.js';
import { loadHandler, registerTypeScript, rememberHarnessModules } from '../load/index.js';
import type { CallAnswer, HttpAnswer as FetchAnswer, FromWorker, InvokeOutcome, OutputAfter, InvokeRequest, HttpRequest, SdkRequest, ToWorker, WorkerInit } from '../protocol.js';
import { installSeededRandom, installVirtualClock } from './determinism.js';
import { completeOnEmptyLoop, invokeHandler, responseWaitsForEmptyLoop } from './invoke.js';
import { captureConsole } from './console-capture.js';
import { captureHttp } from './http-capture.js';
import { interceptFetch } from './network-guard.js';
import { AnswerWait } from './answer-wait.js';
import { exposeBeforeStop } from './async-stack.js';
import { SdkInterception } from './sdk-interception.js';
import { SdkV2Hooks } from './sdk-v2.js';
import { SearchClientBackoff } from './search-client-backoff.js';
import { catchProcessEnds, EnvironmentEnded, exceptionEnding, rejectionEnding, type Ending } from './environment-end.js';
import { MemoryGuard } from './memory-guard.js';
import { installTimerFence, timerCallbackAbandoned } from './timer-fence.js';
import { VirtualTimers } from './virtual-timers.js';

const init = workerData as WorkerInit;
/** The channel to the harness (the thread runs in a relay process: see relay/relay.ts). */
const port = new ThreadChannel();
const post = (message: FromWorker) => port.post(message);

/** Requests to the main thread awaiting an answer. */
const pending = new Map<number, (answer: CallAnswer | FetchAnswer) => void>();
let nextId = 0;
let invoking = false;

/** The invocation under way, until its result is posted: when it started (virtual time) and how long it may run. */
let current: { id: number; posted: boolean; startsAt: number; timeoutMs: number } | undefined;
/** The run's index of the invocation last started (the trace's). */
let invocationIndex: number | undefined;
/**
 * The run's index of the invocation that set the timer whose callback is running, when an earlier
 * one than the invocation under way: work it left on a timer when it returned, which runs only
 * when the environment is invoked again. The callback and every continuation of its code keep it,
 * so an SDK request it makes says whose work it is. Only such callbacks run in this storage: an
 * AsyncLocalStorage in use turns on Node's promise hooks, and stopping a loop (loop-breaker.ts)
 * under them can take the thread down, so handlers that leave no timer behind never pay for it.
 */
const madeBy = new AsyncLocalStorage<number>();
function tagLeftWork(callback: (...args: unknown[]) => void): (...args: unknown[]) => void {
  const setIn = invocationIndex;
  if (setIn === undefined) return callback;
  return (...args) => (setIn === invocationIndex ? callback(...args) : madeBy.run(setIn, callback, ...args));
}
/**
 * The invocation last started has ended (its handler returned or failed): a request its code makes
 * now comes from work the handler did not await (an async callback of forEach, a promise it never
 * awaited), which Lambda freezes with the environment.
 */
let invocationEnded = false;
/** Whether a request being made now is work the invocation under way left running when it ended (not work an earlier one left on a timer). */
function madeAfterEnd(): boolean {
  if (!invocationEnded) return false;
  const origin = madeBy.getStore();
  return origin === undefined || origin === invocationIndex;
}
/**
 * Set when the handler ended its execution environment (exit, unhandled rejection, out of
 * memory, a timeout): until the next cold start its leftover work gets no answers, so it cannot
 * touch the downstream, and an ending between invocations fails the next one.
 */
let ended: Ending | undefined;
let endingReported = false;

/**
 * During an invocation the port does not keep the thread alive unless a request is out: a handler
 * whose promise can never settle then lets the event loop empty, 'beforeExit' reports the timeout
 * at once (instead of the real-time watchdog), and the port is held again for the next message.
 */
function updateKeepAlive(): void {
  if (invoking && pending.size === 0) port.unref();
  else port.ref();
}

/** A request from code whose environment has ended: never answered, and it keeps nothing alive. */
const never = new Promise<never>(() => {});

const clock = installVirtualClock(Date.now());
const virtualTimers = new VirtualTimers(clock);
// taken before the timer fence: the harness's own waits are real
const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;
const handlerConsole = captureConsole(init.cwd);
const random = installSeededRandom();
random.reseed(init.seed, -1);
exposeBeforeStop();
/**
 * HTTP requests (any client: SDK v2, axios, undici, fetch, …) go to the main thread in bursts too:
 * those that reach the capture before the event loop's next check phase. Every client gets there
 * through promise jobs and next ticks alone once it is called (the sockets are in memory), so
 * requests issued together (a `Promise.all`) travel together. Their answers are held until the
 * last one arrives, then handed over together in the order the main thread picked, like an SDK v3
 * burst's. The thread does not block meanwhile (it idles in its event loop, where a watchdog's
 * interrupt is harmless).
 */
let requestBurst: { id: number; request: HttpRequest }[] = [];
let requestFlush: NodeJS.Immediate | undefined;
/** Bursts posted and not fully answered, oldest first (the main thread answers them in turn). */
let heldBursts: { expected: number; answers: { id: number; answer: FetchAnswer }[] }[] = [];
const immediate = setImmediate; // taken before the timer fence: a flush is the harness's, not the handler's
function askHttp(request: HttpRequest): Promise<FetchAnswer> {
  if (ended || memory.check()) return never;
  const id = nextId++;
  if (madeAfterEnd()) request.afterReturn = invocationIndex;
  return new Promise<FetchAnswer>((resolve) => {
    pending.set(id, resolve as (answer: CallAnswer | FetchAnswer) => void);
    updateKeepAlive();
    requestBurst.push({ id, request });
    requestFlush ??= immediate(flushRequests);
  });
}
function flushRequests(): void {
  requestFlush = undefined;
  const requests = requestBurst;
  requestBurst = [];
  if (requests.length === 0) return;
  heldBursts.push({ expected: requests.length, answers: [] });
  post({ type: 'requests', requests });
}

function holdAnswer(id: number, answer: FetchAnswer): void {
  const burst = heldBursts[0];
  if (burst === undefined) return; // a burst of an environment that ended
  burst.answers.push({ id, answer });
  if (burst.answers.length === burst.expected) releaseHeld(heldBursts.shift()!);
}

function releaseHeld(burst: (typeof heldBursts)[number]): void {
  for (const { id, answer } of burst.answers) answerRequest(id, answer);
}

function answerRequest(id: number, answer: CallAnswer | FetchAnswer): void {
  const resolve = pending.get(id);
  pending.delete(id);
  updateKeepAlive();
  resolve?.(answer);
  if (pending.size === 0) drained?.();
}

/** Resolves when no downstream request is waiting for its answer. */
let drained: (() => void) | undefined;

/** Turns of the event loop an invocation's leftover work gets before the environment freezes. */
const leftoverTurns = 4;
/** Real time a leftover request may wait for its answer (the main thread answers every request; this only guards a lost one). */
const leftoverAnswerMs = 2_000;

/**
 * The work an invocation left behind (a promise chain still running, an SDK retry of a call
 * Promise.all gave up on, a rejection a few turns later) runs before the next invocation starts:
 * a fixed number of event-loop turns, and every downstream request it has in flight answered.
 * Counted in turns and answers, not in time, so whether it lands before the next invocation
 * never depends on how fast the machine is.
 */
async function letLeftoverWorkRun(): Promise<void> {
  for (let round = 0; round < 50 && !ended; round++) {
    for (let turn = 0; turn < leftoverTurns && !ended; turn++) await new Promise((resolve) => setImmediate(resolve));
    if (pending.size === 0 || ended) return;
    await new Promise<void>((resolve) => {
      const limit = realSetTimeout(resolve, leftoverAnswerMs);
      drained = () => (realClearTimeout(limit), resolve());
    });
    drained = undefined;
  }
}
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
    if (ended || memory.check()) return never;
    const id = nextId++;
    issuedNotArrived.delete(issue);
    const origin = madeBy.getStore();
    if (origin !== undefined && origin !== invocationIndex) request.leftBy = origin;
    else if (madeAfterEnd()) request.afterReturn = invocationIndex;
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
  settled(issue, failure) {
    if (!issuedNotArrived.delete(issue)) return;
    // a send that failed before reaching the interception never made a request: a client-side error
    if (failure) post({ type: 'sdk-client-error', error: failure });
    flushBurst();
  },
  clientError(error) {
    post({ type: 'sdk-client-error', error });
  },
});

const sdkV2 = new SdkV2Hooks();
const searchClients = new SearchClientBackoff();

/** Patches the clients the handler's modules have loaded so far (after loading, and before each invocation for those loaded lazily). */
function patchClients(): void {
  sdk.scan();
  sdkV2.scan();
  searchClients.scan();
}

const memory = new MemoryGuard(init.memoryLimitInMB, (message) => end({ name: 'Runtime.OutOfMemory', message }));
memory.guardAllocations();

/** The handler ended its environment: the invocation under way fails at once with the cause. */
function end(ending: Ending): void {
  if (ended) return;
  ended = ending;
  if (current && !current.posted) {
    endingReported = true;
    // what the handler logged before it timed out or ended the environment is what explains it
    const output = invoking ? handlerConsole.end() : undefined;
    post({ type: 'result', id: current.id, outcome: { ...endingOutcome(ending, false), ...(output && { output }) }, ended: true, ...reportOutputAfter() });
    current.posted = true;
    invoking = false;
    updateKeepAlive();
  }
}

catchProcessEnds(end);
/** The module generation loaded last: the live execution environment. */
let liveGeneration = 0;
installTimerFence(() => liveGeneration, virtualTimers, tagLeftWork);
process.on('unhandledRejection', (reason) => end(rejectionEnding(reason)));
process.on('uncaughtException', (error) => {
  if (error instanceof EnvironmentEnded) return;
  end(exceptionEnding(error));
});

/**
 * The event loop emptied during an invocation: nothing is left to happen but the handler's own
 * timers. The earliest fires in virtual time (virtual-timers.ts) if it is due before the function's
 * timeout, and the invocation times out if it is due after. With no timer left, a callback handler
 * waiting for the empty loop completes; otherwise nothing (no timer, no I/O, no downstream answer)
 * can settle the handler's promise any more, and the invocation times out now, in virtual time.
 */
process.on('beforeExit', () => {
  if (current && !current.posted && invoking) {
    const timer = virtualTimers.earliestTimer();
    const next = timer?.due;
    const deadline = current.startsAt + current.timeoutMs;
    if (next !== undefined && next <= deadline) {
      fire(Math.max(next, clock.now()));
      return;
    }
    if (timer !== undefined && next !== undefined) {
      const into = `${seconds(next - current.startsAt)} into the invocation`;
      const due = timer.repeat ? `a ${seconds(timer.delay)} setInterval, next due ${into},` : `a ${seconds(timer.delay)} timer due ${into}`;
      const waiting = responseWaitsForEmptyLoop()
        ? `the handler called back, but its response waits for the event loop to empty (context.callbackWaitsForEmptyEventLoop is true), and ${due} was still set`
        : `the handler was still waiting for ${due}`;
      end({ name: 'timeout', message: `${waiting} when its ${seconds(current.timeoutMs)} timeout ran out; its timers run in virtual time here, so the wait cost no real time` });
    } else if (!completeOnEmptyLoop()) {
      const unref = virtualTimers.unrefCount() > 0 ? " but an unref'd timer (AbortSignal.timeout's, or one given unref()), which Node does not wait for" : '';
      end({ name: 'timeout', message: `the handler's promise can never settle: it waits for nothing${unref || ' (no timer, no I/O, no pending downstream call)'}` });
    }
  }
  port.ref();
});

/** Fires the handler's timers due by a time, in the order and the separate turns Node would. */
function fire(until: number): void {
  for (const firing of virtualTimers.due(until)) immediate(firing);
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(3).replace(/0+$/, '')} s`;
}

function onMessage(message: ToWorker): void {
  switch (message.type) {
    case 'invoke':
      void run(message.id, message.request);
      break;
    case 'reset':
      void load(message.generation, message.exactMemory === true);
      break;
    case 'ping': {
      // the invocation a loop was stopped in never returns: what it logged explains the hang, and is
      // sent now, not from a timer, which the stop may have broken
      const output = invoking ? handlerConsole.end() : undefined;
      if (output) post({ type: 'stopped-output', output: { ...output, stopped: true } });
      // answered from a timer: a thread whose timers a stopped loop broke does not answer at all;
      // a stop inside one of Node's lazy globals (its first use) leaves it unset
      const damaged = timerCallbackAbandoned() || typeof globalThis.performance?.now !== 'function';
      setTimeout(() => post({ type: 'pong', ...(damaged && { damaged: true }) }), 0);
      break;
    }
    case 'settle':
      void settle();
      break;
    case 'call-answer':
      answerRequest(message.id, message.answer);
      break;
    case 'fetch-answer':
      holdAnswer(message.id, message.answer);
      break;
    case 'abandon': {
      // the invocation was cut short: the held answers that came are handed over, no more will come
      const held = heldBursts;
      heldBursts = [];
      for (const burst of held) releaseHeld(burst);
      break;
    }
  }
}
port.onMessage((message) => onMessage(message as ToWorker));
const answerWait = new AnswerWait(
  () => port.receiveSync(),
  (message) => onMessage(message as ToWorker),
  (message) => (message as ToWorker).type === 'call-answer',
  (message) => (message as ToWorker).type === 'abandon',
);

async function run(id: number, request: InvokeRequest): Promise<void> {
  // the previous invocation's work first: what it raises is that work's, told as raised between invocations
  await letLeftoverWorkRun();
  takeOutputAfter();
  post({ type: 'begin', id });
  const invocation = { id, posted: false, startsAt: request.at, timeoutMs: request.functionTimeoutMs };
  current = invocation;
  if (ended) {
    // the environment ended between invocations (a rejection left behind): this invocation reports it
    invocation.posted = true;
    post({ type: 'result', id, outcome: endingOutcome(ended, !endingReported), ended: true, ...reportOutputAfter() });
    endingReported = true;
    return;
  }
  invocationIndex = request.invocation;
  invocationEnded = false;
  clock.set(request.at);
  virtualTimers.anchor();
  random.reseed(request.seed, request.index);
  patchClients();
  invoking = true;
  updateKeepAlive();
  handlerConsole.begin();
  // what fell due while the environment was frozen runs as it thaws, before the handler's first await
  const thawed = virtualTimers.due(request.at);
  if (thawed.length > 0) {
    await new Promise<void>((resolve) => {
      for (const firing of thawed) immediate(firing);
      immediate(resolve);
    });
  }
  const outcome: InvokeOutcome = await invokeHandler(handler, request, init, clock);
  invocationEnded = true;
  const output = handlerConsole.end();
  if (output) outcome.output = output;
  // what the work it left running logs from now on is still this invocation's
  handlerConsole.begin();
  outputAfterOf = invocationIndex;
  const waitedMs = clock.now() - request.at;
  if (waitedMs > 0) outcome.waitedMs = waitedMs;
  const timersLeft = virtualTimers.pending();
  if (timersLeft) outcome.timersLeft = timersLeft;
  // rejections the handler left behind surface before the runtime reports its result
  await new Promise((resolve) => setImmediate(resolve));
  if (invocation.posted) return;
  invoking = false;
  updateKeepAlive();
  if (memory.check()) return;
  invocation.posted = true;
  post({ type: 'result', id, outcome, ...reportOutputAfter() });
}

/**
 * What the work an invocation left running wrote after it ended: captured until the next
 * invocation starts (or the run settles), and told with the next result (or 'settled'), so that
 * it always reaches the run it belongs to.
 */
let outputAfterOf: number | undefined;
let outputAfter: OutputAfter | undefined;
function takeOutputAfter(): void {
  if (outputAfterOf === undefined) return;
  const output = handlerConsole.end();
  if (output) outputAfter = { invocation: outputAfterOf, output };
  outputAfterOf = undefined;
}
function reportOutputAfter(): { outputAfter?: OutputAfter } {
  const told = outputAfter;
  outputAfter = undefined;
  return told ? { outputAfter: told } : {};
}

/**
 * The run is over: the work the last invocation left behind runs as it would before another
 * invocation (its timers are not waited for: Lambda freezes an idle environment), and an ending
 * it raised is told, as no later invocation will report it.
 */
async function settle(): Promise<void> {
  await letLeftoverWorkRun();
  takeOutputAfter();
  post({ type: 'settled', ...(ended && !endingReported && ended.name !== 'timeout' && { ending: ended }), ...reportOutputAfter() });
}

/** The result of an invocation the environment's end cut short, or of the first one after an end between invocations. */
function endingOutcome(ending: Ending, leftBehind: boolean): InvokeOutcome {
  if (ending.name === 'timeout') return { kind: 'timeout', reason: ending.message };
  const message = leftBehind ? `${ending.message} (raised between invocations, by work an earlier invocation left behind)` : ending.message;
  return { kind: 'crash', name: ending.name, message };
}

let handler: (...args: unknown[]) => unknown;
const startingEnv = { ...process.env };

/** Imports the handler (generation 0) or re-imports the user's modules afresh, with the environment it started with. */
async function load(generation: number, exactMemory = false): Promise<void> {
  // what the old environment's left work wrote is not told: that environment is gone (frozen, or replaced)
  if (outputAfterOf !== undefined) handlerConsole.end();
  outputAfterOf = undefined;
  outputAfter = undefined;
  liveGeneration = generation;
  virtualTimers.drop();
  current = undefined;
  // timers the new environment sets while loading are its own initialization's, no invocation's
  invocationIndex = undefined;
  invocationEnded = false;
  invoking = false;
  ended = undefined;
  endingReported = false;
  // requests of the environment that ended are never answered
  pending.clear();
  burst = [];
  issuedNotArrived.clear();
  requestBurst = [];
  heldBursts = [];
  updateKeepAlive();
  try {
    if (generation === 0) {
      rememberHarnessModules();
      await registerTypeScript({ handlerFile: init.handlerFile, cwd: init.cwd });
    } else {
      // a cold start is a new process in Lambda: no pooled keep-alive connection survives it
      dropIdleSockets(http.globalAgent);
      dropIdleSockets(https.globalAgent);
      for (const name of Object.keys(process.env)) if (!(name in startingEnv)) delete process.env[name];
      Object.assign(process.env, startingEnv);
    }
    random.reseed(init.seed, -1);
    const loaded = await loadHandler({ file: init.handlerFile, exportName: init.exportName }, { cwd: init.cwd, generation });
    handler = loaded.handler as (...args: unknown[]) => unknown;
    patchClients();
    const leftoverMb = memory.loaded(exactMemory);
    if (generation === 0) parentPort!.postMessage(loadedSignal);
    post({ type: 'ready', exportPath: loaded.exportPath, ...(leftoverMb > memory.leftoverLimitMb && { worn: true }) });
  } catch (error) {
    const kind = (error as { kind?: string }).kind ?? 'import-failed';
    const ending = ended as Ending | undefined;
    const message = ending ? `${ending.name} while loading the handler's module: ${ending.message}` : error instanceof Error ? error.message : String(error);
    post({ type: 'load-error', kind, message });
  }
}

/**
 * Closes the connections an agent keeps idle for reuse. Those still carrying a request of the
 * environment that ended stay as they are: their answer never comes, so the ended environment's
 * code never resumes (closing them would hand it an error, and it could go on writing downstream
 * during a later invocation).
 */
function dropIdleSockets(agent: http.Agent): void {
  for (const sockets of Object.values(agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
}

await load(0);
