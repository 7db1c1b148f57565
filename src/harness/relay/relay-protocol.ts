/** Messages between the harness and the relay process that hosts one execution environment's thread. */

export interface RelayStart {
  type: 'start';
  /** The worker thread's bootstrap code (`eval: true`). */
  code: string;
  workerData: unknown;
  env: Record<string, string>;
  maxOldGenerationSizeMb: number;
  /** The harness's own flags, which the thread had when it ran in the harness's process. */
  execArgv: string[];
}

export type ToRelay =
  | RelayStart
  | { type: 'message'; message: unknown }
  /** Stop the JavaScript the thread runs (see loop-breaker.ts), answered by 'interrupted'. */
  | { type: 'interrupt' }
  | { type: 'terminate' };

export type FromRelay =
  | { type: 'message'; message: unknown }
  | { type: 'output'; stream: 'stdout' | 'stderr'; chunk: string }
  | { type: 'error'; name: string; message: string; code?: string }
  | { type: 'interrupted'; done: boolean }
  | { type: 'exit'; code: number };
