/** Messages between the harness and the relay process that hosts one execution environment's thread. */

/**
 * The relay's file descriptor of the socket that carries the messages between the harness and the
 * thread (see thread-channel.ts); the relay's IPC channel carries only what concerns the process.
 */
export const channelFd = 4;

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
  /** Stop the JavaScript the thread runs (see loop-breaker.ts), answered by 'interrupted'. */
  | { type: 'interrupt' }
  | { type: 'terminate' };

export type FromRelay =
  | { type: 'output'; stream: 'stdout' | 'stderr'; chunk: string }
  | { type: 'error'; name: string; message: string; code?: string }
  | { type: 'interrupted'; done: boolean }
  | { type: 'exit'; code: number };

/** What the thread tells its relay's own thread (through `parentPort`): its handler has loaded. */
export const loadedSignal = 'loaded';
