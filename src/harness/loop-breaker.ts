import { Session } from 'node:inspector';
import type { Worker } from 'node:worker_threads';
import { beforeStopKey } from './worker/async-stack.js';

/** Runs in the thread right before it is stopped (see worker/async-stack.ts). */
const beforeStop = JSON.stringify({ id: 0, method: 'Runtime.evaluate', params: { expression: `globalThis[Symbol.for(${JSON.stringify(beforeStopKey)})]?.()`, silent: true } });
const stop = JSON.stringify({ id: 1, method: 'Runtime.terminateExecution' });

/**
 * Stops a synchronous loop in a worker thread without ending the thread, through the inspector
 * protocol's `Runtime.terminateExecution` (what a debugger's "stop" does): the JavaScript running
 * is abandoned, and the thread's event loop goes on, so the execution environment can be renewed
 * in a few milliseconds (a fresh module generation) instead of starting a new thread. The
 * in-process inspector session opens no port. Where the inspector is unavailable, `interrupt`
 * answers false and the caller terminates the thread instead.
 */
class LoopBreaker {
  private session: Session | undefined;
  private failed = false;
  /** Worker thread id → inspector session id. */
  private readonly attached = new Map<number, string>();
  private enabling: Promise<void> | undefined;

  /** Call before the worker starts, so that its attachment is seen. */
  watch(): Promise<void> {
    if (this.failed) return Promise.resolve();
    this.enabling ??= this.enable().catch(() => {
      this.failed = true;
    });
    return this.enabling;
  }

  private async enable(): Promise<void> {
    const session = new Session();
    session.connect();
    session.on('NodeWorker.attachedToWorker', (message) => {
      const params = message.params as { sessionId: string; workerInfo: { workerId: string } };
      this.attached.set(Number(params.workerInfo.workerId), params.sessionId);
    });
    session.on('NodeWorker.detachedFromWorker', (message) => {
      const { sessionId } = message.params as { sessionId: string };
      for (const [id, attachedId] of this.attached) if (attachedId === sessionId) this.attached.delete(id);
    });
    this.session = session;
    await this.post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  }

  /** Asks the worker to abandon the JavaScript it runs; false when that cannot be done. */
  async interrupt(worker: Worker): Promise<boolean> {
    const sessionId = this.attached.get(worker.threadId);
    if (this.session === undefined || sessionId === undefined) return false;
    try {
      // both queued at once: the thread runs the first, then stops, with nothing of its own in between
      await Promise.all([beforeStop, stop].map((message) => this.post('NodeWorker.sendMessageToWorker', { sessionId, message })));
      return true;
    } catch {
      return false;
    }
  }

  private post(method: string, params: object): Promise<void> {
    return new Promise((resolve, reject) => this.session!.post(method, params, (error) => (error ? reject(error) : resolve())));
  }
}

export const loopBreaker = new LoopBreaker();
