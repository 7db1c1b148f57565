import { availableParallelism } from 'node:os';

/** `--workers` when not given: one harness per core. */
export function defaultWorkers(): number {
  return availableParallelism();
}
