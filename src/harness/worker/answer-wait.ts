// bound at load: the global is a lazy getter, and an interrupted loop can leave it unset (worker.ts)
import { performance } from 'node:perf_hooks';
/** How the wait tells time and sleeps (replaced in tests, which must not depend on the machine's speed). */
export interface WaitClock {
  now(): number;
  sleep(ms: number): void;
}

const cell = new Int32Array(new SharedArrayBuffer(4));
const realClock: WaitClock = {
  now: () => performance.now(),
  sleep: (ms) => void Atomics.wait(cell, 0, 0, ms),
};

/**
 * Waits for every answer to a burst of concurrent downstream calls, then hands them to `dispatch`
 * in the order the main thread sent them, all in one go. How fast the main thread answers then
 * never changes how the handler's continuations interleave: the same seed gives the same calls,
 * in the same order, on an idle machine and a loaded one, with one worker or several.
 *
 * It polls briefly before sleeping, since waking a sleeping thread costs more than a quick answer
 * takes, but only while answers come that quickly: once a wait outlasted its polling, the next
 * one sleeps at once (on a loaded machine most answers take milliseconds, and each poll is a
 * failed read: the polling was CPU the other pipelines need, for nothing), and polls again after
 * a wait that the first sleep covered. The sleep grows while the answers are slow, so waiting
 * burns no CPU that others need. A worker the main thread ends while it waits (an invocation cut
 * short) just stops here.
 */
export class AnswerWait {
  /** Whether the last wait was over within the polling window (then the next one polls first). */
  private quick = true;

  constructor(
    /** The next message that has arrived, without waiting (`receiveMessageOnPort`'s contract). */
    private readonly receive: () => { message: unknown } | undefined,
    private readonly dispatch: (message: unknown) => void,
    private readonly isAnswer: (message: unknown) => boolean,
    /** The main thread will answer no more of this burst (the invocation was cut short). */
    private readonly isAbandon: (message: unknown) => boolean,
    private readonly spinMs = 0.2,
    private readonly clock: WaitClock = realClock,
  ) {}

  wait(expected: number): void {
    const received: unknown[] = [];
    let answers = 0;
    let sleepMs = 0;
    const started = this.clock.now();
    const spinUntil = this.quick ? started + this.spinMs : started;
    while (answers < expected) {
      const next = this.receive();
      if (next !== undefined) {
        if (this.isAbandon(next.message)) break;
        received.push(next.message);
        if (this.isAnswer(next.message)) answers++;
        continue;
      }
      if (this.clock.now() < spinUntil) continue;
      sleepMs = Math.min(2, sleepMs === 0 ? 0.05 : sleepMs * 2);
      this.clock.sleep(sleepMs);
    }
    this.quick = this.clock.now() - started < this.spinMs + 0.05;
    for (const message of received) this.dispatch(message);
  }
}
