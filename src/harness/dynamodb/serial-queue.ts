/**
 * Runs tasks one at a time, in the order they were submitted. The gateway puts every request
 * through one queue, so a transaction is never observed half-applied and concurrent calls complete
 * in issue order.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
