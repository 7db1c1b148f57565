import { processCpuMs, watchdogVerdict } from './cpu-time.js';
import type { Watchdog } from './hang-budget.js';
import { live } from './live.js';
import { RelayedWorker } from './relay/relayed-worker.js';
import { entryCode } from './thread-entry.js';
import type { AnswerVerdict, CallAnswer, ClientSideError, FromWorker, HandlerOutput, HttpAnswer, HttpRequest, InvokeOutcome, InvokeRequest, SdkRequest, ToWorker, WorkerInit } from './protocol.js';

/** What became of an invocation, including the ways a hostile handler can end one. */
export type WorkerOutcome = InvokeOutcome;

/** The harness's side of the calls a handler makes while it runs. */
export interface CallHandler {
  /**
   * Answers a burst of concurrent SDK calls, in the order it chooses, through `answer`; returns
   * 'abort' when the invocation must time out before the rest are made.
   */
  answerBurst(calls: { id: number; request: SdkRequest }[], answer: (id: number, answer: CallAnswer) => void): Promise<AnswerVerdict>;
  /**
   * A burst of concurrent HTTP requests the handler made with any client (the AWS wire gateway,
   * declared targets, search endpoints), answered like an SDK burst: in the order it chooses,
   * through `answer`; 'abort' when the invocation must time out before the rest are answered.
   */
  answerRequests(requests: { id: number; request: HttpRequest }[], answer: (id: number, answer: HttpAnswer) => void): Promise<AnswerVerdict>;
  problem(message: string): void;
  /** An SDK call failed in the client before any request was sent. */
  clientError?(error: ClientSideError): void;
  /** What work an invocation left running wrote to the console after it ended. */
  outputAfter?(invocation: number, output: HandlerOutput): void;
}

export class HandlerLoadFailure extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'HandlerLoadFailure';
  }
}

export interface HandlerWorkerOptions {
  init: WorkerInit;
  env: Record<string, string>;
  memoryLimitInMB: number;
  /** Real time the next invocation may take before it is stopped (a synchronous loop, a long wait): in all, and since its last downstream call. */
  watchdog: () => Watchdog;
  /** Told when the watchdog stopped an invocation. */
  onHang?: () => void;
  /**
   * Whether a hang cut after `waitedMs` may be stopped in place (through the inspector) and the
   * thread kept (the default); otherwise the thread is terminated. An interrupt may land anywhere,
   * in a library shared by all module generations too, which a new thread would not risk: a
   * caller that prefers safety to speed answers false.
   */
  mayInterrupt?: (waitedMs: number) => boolean;
  /** Told when an invocation ended without the watchdog, with the real time it took. */
  onFinished?: (ms: number) => void;
  calls: CallHandler;
}

const logLimit = 64 * 1024;
const settleMs = 1000;

type Ending = { name: string; message: string };

/**
 * Lambda's limit on the init phase (loading the handler's module) is 10 seconds. A reload of the
 * handler's modules is held to it; a new thread also loads the harness and the libraries, on a
 * machine that may be busy, so it gets more.
 */
const initTimeoutMs = 10_000;
const threadStartTimeoutMs = 60_000;
/**
 * A reset after the watchdog stopped a loop in place gets less: a loop stopped inside a timer
 * callback can leave the thread unable to run its timers, so the reset never answers; a new thread
 * is as fresh an execution environment, and it beats waiting the whole init limit for each hang.
 */
const resetAfterCutTimeoutMs = 2_000;
const initTimeoutMessage = "the handler's module did not finish loading within 10 s, Lambda's limit on the init phase (a loop or a wait at module level?)";

/** Loads the worker (see thread-entry.ts). */
function bootstrap(): string {
  return entryCode('./worker/worker', import.meta.url);
}

interface Running {
  resolve(outcome: WorkerOutcome): void;
  id: number;
  /** Told once, when the handler starts: the previous invocation's left work has had its turns (or the invocation ended first). */
  begin(): void;
  /** Told when the handler issued downstream calls or got their answers. */
  called(): void;
}

/** V8's heap limit above function.MemorySize: room for the worker's own guard to act first (see worker/memory-guard.ts). */
function heapLimitMb(memoryLimitInMB: number): number {
  return memoryLimitInMB * 2 + 256;
}

/**
 * One Lambda execution environment: a worker thread that loaded the handler. It stays warm
 * between invocations. A timeout, `process.exit`, an unhandled rejection or running out of memory
 * ends the environment (`spent`): the next invocation needs a cold start, which reloads the
 * handler's modules in the same thread; a thread that died (V8's heap limit) is replaced.
 */
export class HandlerWorker {
  private readonly worker: RelayedWorker;
  private running: Running | undefined;
  private nextId = 0;
  private exited = false;
  private outOfMemory = false;
  /** The execution environment ended: nothing it asks is answered until it is reset. */
  private spent = false;
  /** The watchdog cut an invocation here (the thread may have been terminated for it). */
  cutByWatchdog = false;
  /** Reloaded so often that old module generations hold too much memory: replace rather than reset. */
  worn = false;
  /** Downstream work started for the current invocation: it completes even if the invocation is cut short. */
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly logs: string[] = [];
  exportPath = '';

  private constructor(private readonly options: HandlerWorkerOptions) {
    this.worker = new RelayedWorker({ code: bootstrap(), workerData: options.init, env: options.env, maxOldGenerationSizeMb: heapLimitMb(options.memoryLimitInMB) });
    live.workers++;
    this.worker.once('exit', () => live.workers--);
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => this.log(chunk));
    }
  }

  private logBytes = 0;
  private loading: { onError(error: Error): void; onExit(code: number): void } | undefined;

  /** Keeps the tail of what the handler printed (at most `logLimit` characters: a flood of output costs nothing more). */
  private log(chunk: string): void {
    const kept = chunk.length > logLimit ? chunk.slice(-logLimit) : chunk;
    this.logs.push(kept);
    this.logBytes += kept.length;
    while (this.logBytes > logLimit && this.logs.length > 1) this.logBytes -= this.logs.shift()!.length;
  }

  static async start(options: HandlerWorkerOptions): Promise<HandlerWorker> {
    const handlerWorker = new HandlerWorker(options);
    await handlerWorker.ready();
    return handlerWorker;
  }

  /** The thread still runs (it may need a reset before the next invocation). */
  get alive(): boolean {
    return !this.exited && !this.outOfMemory;
  }

  /** Ready for another invocation in the same execution environment. */
  get usable(): boolean {
    return !this.exited && !this.spent;
  }

  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const limit = setTimeout(() => {
        reject(new HandlerLoadFailure('init-timeout', initTimeoutMessage));
        void this.terminate();
      }, threadStartTimeoutMs);
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready' || message.type === 'load-error') clearTimeout(limit);
        if (message.type === 'ready') {
          this.exportPath = message.exportPath;
          this.worker.off('message', onMessage);
          this.listen();
          resolve();
        } else if (message.type === 'load-error') {
          reject(new HandlerLoadFailure(message.kind, message.message));
          void this.worker.terminate();
        }
      };
      this.worker.on('message', onMessage);
      const onError = (error: Error) => clearTimeout(limit) ?? reject(new HandlerLoadFailure('import-failed', `the handler could not be loaded: ${describe(error)}`));
      const onExit = (code: number) => {
        this.exited = true;
        clearTimeout(limit);
        reject(new HandlerLoadFailure('import-failed', `the handler's module ended the process while loading (exit code ${code})`));
      };
      this.loading = { onError, onExit };
      this.worker.once('error', onError);
      this.worker.once('exit', onExit);
    });
  }

  private listen(): void {
    this.worker.off('error', this.loading!.onError);
    this.worker.off('exit', this.loading!.onExit);
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // the thread (or its relay process) is ending: nothing more runs here, not even a reset
        this.outOfMemory = true;
        this.spent = true;
        this.finish({ kind: 'crash', name: 'Runtime.OutOfMemory', message: `the handler used more than its ${this.options.memoryLimitInMB} MB (function.MemorySize)` });
      } else {
        this.finish({ kind: 'crash', name: 'Runtime.UncaughtException', message: describe(error) });
      }
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.resetting?.reject(new Error('the execution environment has ended'));
      this.resetting = undefined;
      this.settled?.(undefined);
      this.finish({ kind: 'crash', name: 'Runtime.ExitError', message: `the execution environment ended unexpectedly (Runtime exited with error: exit status ${code})` });
    });
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'result':
        if (this.running?.id !== message.id) break;
        if (message.ended) this.spent = true;
        if (message.outputAfter) this.options.calls.outputAfter?.(message.outputAfter.invocation, message.outputAfter.output);
        this.finish(message.outcome);
        break;
      case 'calls':
        if (this.spent) this.post({ type: 'abandon' });
        else this.track(this.answerCalls(message.calls));
        this.running?.called();
        break;
      case 'requests':
        if (this.spent) this.post({ type: 'abandon' });
        else this.track(this.answerRequests(message.requests));
        this.running?.called();
        break;
      case 'sdk-client-error':
        this.options.calls.clientError?.(message.error);
        break;
      case 'begin':
        if (this.running?.id === message.id) this.running.begin();
        break;
      case 'stopped-output':
        this.stoppedOutput = message.output;
        break;
      case 'pong':
        this.pong?.(message.damaged === true);
        break;
      case 'settled':
        if (this.settled && message.outputAfter) this.options.calls.outputAfter?.(message.outputAfter.invocation, message.outputAfter.output);
        this.settled?.(message.ending);
        break;
      case 'ready':
        this.spent = false;
        this.worn = message.worn === true;
        this.resetting?.resolve();
        this.resetting = undefined;
        break;
      case 'load-error':
        this.resetting?.reject(new HandlerLoadFailure(message.kind, message.message));
        this.resetting = undefined;
        break;
      case 'unhandled-rejection':
        this.options.calls.problem(message.message);
        break;
      default:
        break;
    }
  }

  private async answerCalls(calls: { id: number; request: SdkRequest }[]): Promise<void> {
    const verdict = await this.options.calls.answerBurst(calls, (id, answer) => this.post({ type: 'call-answer', id, answer }));
    this.running?.called();
    if (verdict !== 'ok') this.abort(verdict);
  }

  private async answerRequests(requests: { id: number; request: HttpRequest }[]): Promise<void> {
    const verdict = await this.options.calls.answerRequests(requests, (id, answer) => this.post({ type: 'fetch-answer', id, answer }));
    this.running?.called();
    if (verdict !== 'ok') this.abort(verdict);
  }

  /** A fault times the invocation out: the handler waits for answers it will never get, so nothing of it runs any more. */
  private abort({ abort: reason, frozen }: Exclude<AnswerVerdict, 'ok'>): void {
    // the worker waits for the rest of the burst's answers: they will never come
    this.post({ type: 'abandon' });
    // work left running after the invocation ended: the environment freezes for good (the next
    // invocation starts cold), and the invocation keeps the result it gave (or is about to post)
    if (frozen) this.spent = true;
    if (!this.running || frozen) return;
    this.spent = true;
    this.finish({ kind: 'timeout', reason });
  }

  private track(work: Promise<unknown>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private post(message: ToWorker): void {
    if (!this.exited) this.worker.postMessage(message);
  }

  private resetting: { resolve(): void; reject(error: Error): void } | undefined;
  private generation = 0;

  /**
   * Fresh module state for the handler in this same thread (see load/generations.ts);
   * `exactMemory`: measure what earlier generations left with a full garbage collection, so that
   * the new environment's memory does not depend on what the thread ran before.
   */
  reset(exactMemory = false): Promise<void> {
    if (this.exited) return Promise.reject(new Error('the execution environment has ended'));
    return new Promise<void>((resolve, reject) => {
      const limit = setTimeout(() => {
        this.resetting = undefined;
        reject(new HandlerLoadFailure('init-timeout', initTimeoutMessage));
      }, this.cutByWatchdog ? resetAfterCutTimeoutMs : initTimeoutMs);
      this.resetting = {
        resolve: () => (clearTimeout(limit), resolve()),
        reject: (error) => (clearTimeout(limit), reject(error)),
      };
      this.post({ type: 'reset', generation: ++this.generation, ...(exactMemory && { exactMemory }) });
    });
  }

  /** The process the execution environment runs in (its relay). */
  get pid(): number | undefined {
    return this.worker.pid;
  }

  /**
   * Runs one invocation; resolves with what happened, whatever the handler does. `onBegin` is
   * told when its handler starts, after the work the previous invocation left running has had its
   * turns and its requests their answers: until then, the requests that arrive are that work's.
   */
  invoke(request: InvokeRequest, onBegin: () => void = () => undefined): Promise<WorkerOutcome> {
    if (!this.usable) {
      onBegin();
      return Promise.resolve({ kind: 'crash', name: 'Runtime.Exited', message: 'the execution environment had already ended' });
    }
    let begun = false;
    const begin = () => {
      if (!begun) onBegin();
      begun = true;
    };
    const id = this.nextId++;
    const { totalMs, quietMs } = this.options.watchdog();
    const pid = this.worker.pid;
    const started = { at: performance.now(), cpuMs: processCpuMs(pid) };
    let lastCall = started;
    return new Promise<WorkerOutcome>((resolve) => {
      const arm = (ms: number): NodeJS.Timeout => setTimeout(() => {
        const now = { at: performance.now(), cpuMs: processCpuMs(pid) };
        const since = (from: typeof now, limitMs: number) => {
          const waitedMs = now.at - from.at;
          // the last call came after the timer was set: what is left of the limit since then
          if (waitedMs < limitMs) return { cut: false as const, againInMs: Math.ceil(limitMs - waitedMs) };
          return watchdogVerdict(limitMs, waitedMs, from.cpuMs === undefined || now.cpuMs === undefined ? undefined : now.cpuMs - from.cpuMs);
        };
        const total = since(started, totalMs);
        const quiet = quietMs === undefined ? undefined : since(lastCall, quietMs);
        if (total.cut) void this.stopLoop(`after ${totalMs} ms of real time`, totalMs);
        else if (quiet?.cut) void this.stopLoop(`${quietMs} ms of real time after ${lastCall === started ? 'it started (it made no downstream call)' : 'its last downstream call'}`, quietMs!);
        else watchdog = arm(Math.min(total.againInMs, quiet?.againInMs ?? Infinity));
      }, ms);
      let watchdog = arm(Math.min(totalMs, quietMs ?? Infinity));
      this.running = {
        id,
        begin,
        resolve: (outcome) => {
          clearTimeout(watchdog);
          if (outcome.kind !== 'timeout') this.options.onFinished?.(performance.now() - started.at);
          resolve(outcome);
        },
        // a call issued or answered: the handler is making progress
        called: quietMs === undefined ? () => undefined : () => (lastCall = { at: performance.now(), cpuMs: processCpuMs(pid) }),
      };
      this.post({ type: 'invoke', id, request });
    });
  }

  private pong: ((damaged: boolean) => void) | undefined;
  private stoppedOutput: HandlerOutput | undefined;
  private settled: ((ending: Ending | undefined) => void) | undefined;

  /**
   * After the run's last invocation: what ended the environment once that invocation had
   * returned (nothing when the environment lives on). A thread that does not answer within
   * `settleMs` of real time (a loop left running) is not waited for.
   */
  settle(): Promise<Ending | undefined> {
    if (!this.usable) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const done = (ending: Ending | undefined) => {
        clearTimeout(limit);
        this.settled = undefined;
        if (ending) this.spent = true;
        resolve(ending);
      };
      const limit = setTimeout(() => done(undefined), settleMs);
      this.settled = done;
      this.post({ type: 'settle' });
    });
  }

  /**
   * The invocation ran past its time in real time: the handler loops (or waits on a long timer).
   * Its JavaScript is abandoned through the inspector and the thread kept for the cold start; if
   * the thread does not answer after that, it is terminated.
   */
  private async stopLoop(when: string, waitedMs: number): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    running.begin();
    this.spent = true;
    const reason = `the handler was still running ${when}: it loops, or waits longer than its timeout`;
    const inPlace = this.options.mayInterrupt?.(waitedMs) ?? true;
    this.cutByWatchdog = true;
    this.stoppedOutput = undefined;
    if (!inPlace || !(await this.worker.interrupt()) || !(await this.answers())) await this.terminate();
    await Promise.allSettled([...this.inFlight]);
    this.options.onHang?.();
    const output = this.takeStoppedOutput();
    running.resolve({ kind: 'timeout', reason, ...(output && { output }) });
  }

  /** What the handler logged in the invocation its stopped loop abandoned, if the thread could tell. */
  private takeStoppedOutput(): HandlerOutput | undefined {
    const output = this.stoppedOutput;
    this.stoppedOutput = undefined;
    return output;
  }

  /**
   * Whether the thread answers a ping, able to serve another environment (an interrupt may also
   * cancel the next message it handles: ask again); a thread the stopped loop damaged (its timers,
   * a global) is replaced.
   */
  private async answers(): Promise<boolean> {
    for (let attempt = 0; attempt < 4 && !this.exited; attempt++) {
      const answered = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 250 * (attempt + 1));
        this.pong = (damaged) => {
          clearTimeout(timer);
          resolve(!damaged);
        };
        this.post({ type: 'ping' });
      });
      this.pong = undefined;
      if (answered) return true;
    }
    return false;
  }

  private finish(outcome: WorkerOutcome): void {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    running.begin();
    // calls the handler already issued complete before Lambda moves on
    void Promise.allSettled([...this.inFlight]).then(() => running.resolve(outcome));
  }

  async terminate(): Promise<void> {
    if (!this.exited) {
      this.exited = true;
      await this.worker.terminate();
    }
    await Promise.allSettled([...this.inFlight]);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
