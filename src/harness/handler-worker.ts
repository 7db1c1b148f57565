import { Worker } from 'node:worker_threads';
import type { CallAnswer, FromWorker, HttpAnswer, HttpRequest, InvokeOutcome, InvokeRequest, SdkRequest, ToWorker, WorkerInit } from './protocol.js';

/** What became of an invocation, including the ways a hostile handler can end one. */
export type WorkerOutcome = InvokeOutcome | { kind: 'timeout'; reason: string } | { kind: 'crash'; name: string; message: string };

/** The harness's side of the calls a handler makes while it runs. */
export interface CallHandler {
  /**
   * Answers a burst of concurrent SDK calls, in the order it chooses, through `answer`; returns
   * 'abort' when the invocation must time out before the rest are made.
   */
  answerBurst(calls: { id: number; request: SdkRequest }[], answer: (id: number, answer: CallAnswer) => void): Promise<'ok' | { abort: string }>;
  /** Every other HTTP request the handler makes (any client), answered or refused. */
  fetch(request: HttpRequest): Promise<HttpAnswer>;
  problem(message: string): void;
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
  /** Real time an invocation may take before the worker is stopped (a hang or a synchronous loop). */
  watchdogMs: number;
  calls: CallHandler;
}

const workerUrl = new URL(`./worker/worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Loads the worker; from source (tests), through tsx under its own namespace. */
function bootstrap(): string {
  if (!workerUrl.pathname.endsWith('.ts')) return `import(${JSON.stringify(workerUrl.href)});`;
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}));`;
}

interface Running {
  resolve(outcome: WorkerOutcome): void;
  id: number;
}

/**
 * One Lambda execution environment: a worker thread that loaded the handler. It stays warm
 * between invocations; a timeout, crash or `process.exit` ends it, and the next invocation needs
 * a new one (a cold start).
 */
export class HandlerWorker {
  private readonly worker: Worker;
  private running: Running | undefined;
  private nextId = 0;
  private exited = false;
  private exitCalled: number | undefined | null = null;
  /** Downstream work started for the current invocation: it completes even if the invocation is cut short. */
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly logs: string[] = [];
  exportPath = '';

  private constructor(private readonly options: HandlerWorkerOptions) {
    this.worker = new Worker(bootstrap(), {
      eval: true,
      workerData: options.init,
      env: options.env,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryLimitInMB },
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        this.logs.push(chunk);
        if (this.logs.length > 200) this.logs.shift();
      });
    }
  }

  static async start(options: HandlerWorkerOptions): Promise<HandlerWorker> {
    const handlerWorker = new HandlerWorker(options);
    await handlerWorker.ready();
    return handlerWorker;
  }

  get alive(): boolean {
    return !this.exited;
  }

  private ready(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
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
      this.worker.once('error', (error) => reject(new HandlerLoadFailure('import-failed', `the handler could not be loaded: ${describe(error)}`)));
      this.worker.once('exit', (code) => {
        this.exited = true;
        reject(new HandlerLoadFailure('import-failed', `the handler's module ended the process while loading (exit code ${code})`));
      });
    });
  }

  private listen(): void {
    this.worker.removeAllListeners('error');
    this.worker.removeAllListeners('exit');
    this.worker.on('message', (message: FromWorker) => this.onMessage(message));
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.finish({ kind: 'crash', name: 'Runtime.OutOfMemory', message: `the handler used more than its ${this.options.memoryLimitInMB} MB (function.MemorySize)` });
      } else {
        this.finish({ kind: 'crash', name: 'Runtime.UncaughtException', message: describe(error) });
      }
    });
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (this.exitCalled !== null) {
        this.finish({ kind: 'crash', name: 'Runtime.ExitError', message: `the handler called process.exit(${this.exitCalled ?? ''}), which ends the Lambda execution environment` });
      } else {
        this.finish({ kind: 'timeout', reason: `the handler's promise can never settle: it waits for nothing (worker exit code ${code})` });
      }
    });
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'result':
        if (this.running?.id === message.id) this.finish(message.outcome);
        break;
      case 'calls':
        this.track(this.answerCalls(message.calls));
        break;
      case 'fetch':
        this.track(this.options.calls.fetch(message.request).then((answer) => {
          if (answer.kind === 'abort') this.timeoutNow(answer.reason);
          else this.post({ type: 'fetch-answer', id: message.id, answer });
        }));
        break;
      case 'process-exit':
        this.exitCalled = message.code;
        break;
      case 'ready':
        this.resetting?.resolve();
        this.resetting = undefined;
        break;
      case 'load-error':
        this.resetting?.reject(new HandlerLoadFailure(message.kind, message.message));
        this.resetting = undefined;
        break;
      case 'unhandled-rejection':
        if (message.name === 'NetworkRefused') {
          this.options.calls.problem(message.message);
          break;
        }
        this.finish({ kind: 'throw', name: 'Runtime.UnhandledPromiseRejection', message: `${message.name}: ${message.message}` });
        void this.terminate();
        break;
      default:
        break;
    }
  }

  private async answerCalls(calls: { id: number; request: SdkRequest }[]): Promise<void> {
    const verdict = await this.options.calls.answerBurst(calls, (id, answer) => this.post({ type: 'call-answer', id, answer }));
    if (verdict !== 'ok') {
      this.timeoutNow(verdict.abort);
    }
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

  /** Fresh module state for the handler in this same thread (see load/generations.ts). */
  reset(): Promise<void> {
    if (this.exited) return Promise.reject(new Error('the execution environment has ended'));
    return new Promise<void>((resolve, reject) => {
      this.resetting = { resolve, reject };
      this.post({ type: 'reset', generation: ++this.generation });
    });
  }

  /** Runs one invocation; resolves with what happened, whatever the handler does. */
  invoke(request: InvokeRequest): Promise<WorkerOutcome> {
    if (this.exited) return Promise.resolve({ kind: 'crash', name: 'Runtime.Exited', message: 'the execution environment had already ended' });
    const id = this.nextId++;
    return new Promise<WorkerOutcome>((resolve) => {
      const watchdog = setTimeout(
        () => this.timeoutNow(`the handler did not finish within ${this.options.watchdogMs} ms of real time: it hangs or loops`),
        this.options.watchdogMs,
      );
      this.running = {
        id,
        resolve: (outcome) => {
          clearTimeout(watchdog);
          resolve(outcome);
        },
      };
      this.post({ type: 'invoke', id, request });
    });
  }

  private timeoutNow(reason: string): void {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    void this.terminate().then(() => running.resolve({ kind: 'timeout', reason }));
  }

  private finish(outcome: WorkerOutcome): void {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
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
