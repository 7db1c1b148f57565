// bound at load: the global is a lazy getter, and an interrupted loop can leave it unset (worker.ts)
import { performance } from 'node:perf_hooks';
/**
 * Waits for every answer to a burst of concurrent downstream calls, then hands them to `dispatch`
 * in the order the main thread sent them, all in one go. How fast the main thread answers then
 * never changes how the handler's continuations interleave: the same seed gives the same calls,
 * in the same order, on an idle machine and a loaded one, with one worker or several.
 *
 * It polls briefly before sleeping, since waking a sleeping thread costs more than most answers
 * take; the sleep grows while the answers are slow (a loaded machine), so waiting burns no CPU
 * that others need. A worker the main thread ends while it waits (an invocation cut short) just
 * stops here.
 */
export class AnswerWait {
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    /** The next message that has arrived, without waiting (`receiveMessageOnPort`'s contract). */
    private readonly receive: () => { message: unknown } | undefined,
    private readonly dispatch: (message: unknown) => void,
    private readonly isAnswer: (message: unknown) => boolean,
    /** The main thread will answer no more of this burst (the invocation was cut short). */
    private readonly isAbandon: (message: unknown) => boolean,
    private readonly spinMs = 0.2,
  ) {}

  wait(expected: number): void {
    const received: unknown[] = [];
    let answers = 0;
    let sleepMs = 0;
    const spinUntil = performance.now() + this.spinMs;
    while (answers < expected) {
      const next = this.receive();
      if (next !== undefined) {
        if (this.isAbandon(next.message)) break;
        received.push(next.message);
        if (this.isAnswer(next.message)) answers++;
        continue;
      }
      if (performance.now() < spinUntil) continue;
      sleepMs = Math.min(2, sleepMs === 0 ? 0.05 : sleepMs * 2);
      Atomics.wait(this.cell, 0, 0, sleepMs);
    }
    for (const message of received) this.dispatch(message);
  }
}
