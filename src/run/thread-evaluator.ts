import { Worker } from 'node:worker_threads';
import type { RuleId } from '../config/types.js';
import { UserError } from '../core/user-error.js';
import type { Case } from '../judge/case.js';
import { SetupProblem } from '../judge/evaluate.js';
import type { Evaluator } from './pool.js';
import type { FromPoolWorker, RuleOutcome, RuleStanding, ThreadError, ToPoolWorker } from './pool-protocol.js';
import type { SettingsRecipe } from './recipe.js';
import { entryCode } from '../harness/index.js';

/**
 * Loads the pool worker (see thread-entry.ts); from source without a compiled twin, through tsx
 * registered for the whole thread: under tsImport's namespace every module's import.meta.url would
 * carry a query, and the harness would then look for its handler worker as .js.
 */
function bootstrap(): string {
  return entryCode('./pool-worker', import.meta.url, 'thread');
}

type Pending = { resolve: (result: never) => void; reject: (error: Error) => void };

/**
 * An error as the session's own harness would have thrown it: a setup problem stays one, and an
 * error written for the user stays a `UserError` (the CLI prints it as is, whatever the worker count).
 */
function rebuild(error: ThreadError): Error {
  if (error.name === 'SetupProblem') return new SetupProblem(error.message);
  return Object.assign(error.user ? new UserError(error.message) : new Error(error.message), { name: error.name });
}

/** A worker thread with its own harness, judging one case at a time. */
export class ThreadEvaluator implements Evaluator {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(recipe: SettingsRecipe, rules: readonly RuleId[]) {
    this.worker = new Worker(bootstrap(), { eval: true, workerData: { recipe, rules: [...rules] }, stdout: true, stderr: true });
    // the handler's own output is the handler worker's; what reaches here is noise
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (message: FromPoolWorker) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'failed') reject(rebuild(message.error));
        else this.settle(message);
      });
      this.worker.on('error', (error) => {
        reject(error);
        this.failAll(error);
      });
      this.worker.on('exit', () => {
        this.exited = true;
        const gone = new Error('a worker of the pool stopped');
        reject(gone);
        this.failAll(gone);
      });
    });
    this.ready.catch(() => undefined);
  }

  evaluate(c: Case): ReturnType<Evaluator['evaluate']> {
    return this.ask((id) => ({ type: 'case', id, case: c }));
  }

  /** A failing rule's report, shrinking included, made on this thread's harness. */
  ruleOutcome(rule: RuleId, standing: RuleStanding): Promise<RuleOutcome> {
    return this.ask((id) => ({ type: 'rule', id, rule, standing }));
  }

  private ask<T>(message: (id: number) => ToPoolWorker): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: never) => void, reject });
      this.send(message(id));
    });
  }

  close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  private closing: Promise<void> | undefined;

  private exited = false;

  private async release(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.send({ type: 'close' });
    const timer = setTimeout(() => void this.worker.terminate(), 5000);
    await exited;
    clearTimeout(timer);
  }

  private send(message: ToPoolWorker): void {
    this.worker.postMessage(message);
  }

  private settle(message: Extract<FromPoolWorker, { id: number }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (message.type === 'verdict') pending.resolve(message.result as never);
    else if (message.type === 'rule') pending.resolve(message.outcome as never);
    else pending.reject(rebuild(message.error));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
