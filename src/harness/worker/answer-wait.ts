import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * Waits briefly for the main thread's answer by polling the port instead of letting the thread
 * sleep: waking a sleeping thread costs more than the whole answer takes on a small VM (it was
 * a fifth of every downstream call). The first message that comes in is handed to `dispatch`, as
 * the port's 'message' event would, and the wait ends, so each answer is still followed by its
 * own turn of the microtask queue. When answers keep taking longer than the budget (a loaded
 * machine, a slow downstream), polling stops for a while rather than burn CPU others need.
 */
export class AnswerWait {
  private misses = 0;
  private pausedFor = 0;

  constructor(
    private readonly port: MessagePort,
    private readonly dispatch: (message: unknown) => void,
    private readonly budgetMs = 0.3,
  ) {}

  wait(): void {
    if (this.pausedFor > 0) {
      this.pausedFor--;
      return;
    }
    const deadline = performance.now() + this.budgetMs;
    do {
      const received = receiveMessageOnPort(this.port);
      if (received !== undefined) {
        this.misses = 0;
        this.dispatch(received.message);
        return;
      }
    } while (performance.now() < deadline);
    if (++this.misses >= 3) {
      this.misses = 0;
      this.pausedFor = 100;
    }
  }
}
