import { performance } from 'node:perf_hooks';

/** Where the thread keeps what the loop breaker runs in it right before stopping it (see loop-breaker.ts). */
export const beforeStopKey = 'stream-conformance.beforeStop';

/** Long enough for the stop request, sent right after, to be queued when `beforeStop` returns. */
const holdMs = 10;

/**
 * Readies the thread to have its JavaScript stopped (loop-breaker.ts): it empties Node's stack of
 * entered async contexts, as Node itself does once an `uncaughtException` listener has taken an
 * error. Stopping abandons JavaScript in the middle of a callback: with async hooks on (any
 * AsyncLocalStorage in use turns them on: OpenTelemetry, X-Ray, request-scoped loggers), the
 * contexts entered for it would never be left, and Node then aborts the whole process on its check
 * that the stack is empty once a callback is over (`execution_async_id() == 0`). The thread then
 * holds still: the inspector handles the stop request, queued meanwhile, right after this returns,
 * so none of the thread's own code (a continuation entering a context again) runs in between.
 * Taken before the handler loads, with the deprecation warning of `process.binding` held back: the
 * handler's output must not show the harness's doings.
 */
export function exposeBeforeStop(): void {
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    const asyncWrap = (process as unknown as { binding(name: string): { clearAsyncIdStack?: () => void } }).binding('async_wrap');
    const reset = asyncWrap.clearAsyncIdStack;
    if (typeof reset !== 'function') return;
    const now = performance.now.bind(performance);
    const beforeStop = () => {
      reset.call(asyncWrap);
      for (const until = now() + holdMs; now() < until; );
    };
    Object.defineProperty(globalThis, Symbol.for(beforeStopKey), { value: beforeStop });
  } catch {
    // not there (a Node without it): a loop stopped under async hooks then ends the relay process, which the harness survives
  } finally {
    process.noDeprecation = quiet;
  }
}
