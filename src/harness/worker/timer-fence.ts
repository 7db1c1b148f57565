import { AsyncResource } from 'node:async_hooks';
import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';
import type { VirtualTimers } from './virtual-timers.js';

type TimerFunction = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => unknown;

/** Timer callbacks started and not finished: more than none once a loop inside one was stopped. */
let callbacksRunning = 0;

/**
 * Whether a timer callback was abandoned midway (a loop in it stopped through the inspector: a
 * stopped execution runs no `finally`). Node's own timer lists were then left mid-update, and the
 * thread's timers cannot be trusted again: the environment needs a new thread, not a reset.
 */
export function timerCallbackAbandoned(): boolean {
  return callbacksRunning > 0;
}

/**
 * An execution environment that ended (a timeout, an exit, an unhandled rejection) is replaced by
 * reloading the handler's modules in the same thread, but its leftover code is still there. Its
 * downstream requests are never answered (worker.ts); this fence makes sure it cannot wake up
 * either: a timer set by an environment fires only while that environment lives, so a retry delay
 * or a sleep left running cannot write downstream during a later invocation.
 *
 * A timeout of less than 1 ms (0, none, a negative or invalid delay) runs as an immediate, at the
 * loop's next check phase. Node would run it after 1 ms of real time, so whether it fired before
 * an answer arriving meanwhile, or in the same turn as another, would depend on the machine's
 * speed; the check phase is an order Node allows as well, and it is the same on every run. The
 * zero-delay retries the harness makes of the SDKs' back-offs (sdk-v2.ts, search-client-backoff.ts)
 * then travel in the same bursts, and count as the invocation's leftover work, on every run.
 * Longer timeouts and every interval run in virtual time (virtual-timers.ts): the worker fires
 * them when nothing else can happen. `tag` wraps each of their callbacks when it is set (the worker
 * marks work an invocation leaves on a timer).
 */
export function installTimerFence(generation: () => number, virtual: VirtualTimers, tag: (callback: (...args: unknown[]) => void) => (...args: unknown[]) => void = (callback) => callback): void {
  /** Runs a timer's callback only while the environment that set it lives. */
  const guard = (callback: (...args: unknown[]) => void, stale: () => void) => {
    const at = generation();
    return (...args: unknown[]) => {
      if (at !== generation()) return stale();
      callbacksRunning++;
      try {
        callback(...args);
      } finally {
        callbacksRunning--;
      }
    };
  };
  const realImmediate = timers.setImmediate as unknown as TimerFunction;
  const setImmediate: TimerFunction = function (this: unknown, callback, ...args) {
    if (typeof callback !== 'function') return realImmediate.call(this, callback, ...args);
    return realImmediate.call(this, guard(callback, () => {}), ...args);
  };
  Object.defineProperties(setImmediate, Object.getOwnPropertyDescriptors(timers.setImmediate));
  /** Immediates standing for zero-delay timeouts: clearTimeout (and clearInterval, Node's alias of it) clears them. */
  const soon = new WeakSet<object>();
  const later = (repeat: boolean, original: TimerFunction): TimerFunction => function (this: unknown, callback, delay?: unknown, ...args: unknown[]) {
    if (typeof callback !== 'function') return original.call(this, callback, delay, ...args);
    if (!repeat && zeroDelay(delay)) {
      const handle = setImmediate.call(this, callback, ...args) as NodeJS.Immediate & { refresh?: () => unknown };
      handle.refresh = () => handle;
      soon.add(handle);
      return handle;
    }
    // the callback runs in the async context it was set in (an AsyncLocalStorage store), as Node's timers do
    const handle = virtual.set(guard(AsyncResource.bind(tag(callback)), () => virtual.clear(handle)), delay, args, repeat);
    return handle;
  };
  const setTimeout = later(false, timers.setTimeout as unknown as TimerFunction);
  const setInterval = later(true, timers.setInterval as unknown as TimerFunction);
  const timeoutDescriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(timers.setTimeout);
  delete timeoutDescriptors[promisify.custom as unknown as string];
  Object.defineProperties(setTimeout, timeoutDescriptors);
  Object.defineProperties(setInterval, Object.getOwnPropertyDescriptors(timers.setInterval));
  const originalClearTimeout = timers.clearTimeout;
  const clearTimeout = (handle: unknown) => {
    if (virtual.clear(handle)) return;
    if (typeof handle === 'object' && handle !== null && soon.has(handle)) timers.clearImmediate(handle as NodeJS.Immediate);
    else originalClearTimeout(handle as NodeJS.Timeout);
  };
  const replaced = { setTimeout, setInterval, setImmediate, clearTimeout, clearInterval: clearTimeout };
  for (const [name, value] of Object.entries(replaced)) {
    (globalThis as Record<string, unknown>)[name] = value;
    (timers as unknown as Record<string, unknown>)[name] = value;
  }
  const never = new Promise<never>(() => {});
  const promisedImmediate = timersPromises.setImmediate as (...args: unknown[]) => Promise<unknown>;
  const promisedTimeout = timersPromises.setTimeout as (...args: unknown[]) => Promise<unknown>;
  const fenced = (waiting: () => Promise<unknown>) => {
    const at = generation();
    return waiting().then((value) => (at === generation() ? value : never));
  };
  const sleep = (delay?: unknown, value?: unknown, options?: unknown) => {
    if (zeroDelay(delay)) return fenced(() => promisedImmediate(value, options));
    // Node's own checks reject the same arguments with the same errors
    if (!validSleepOptions(options)) return promisedTimeout(delay, value, options);
    return fenced(() => virtualSleep(virtual, delay, value, options as SleepOptions | undefined));
  };
  (timersPromises as unknown as Record<string, unknown>).setTimeout = sleep;
  (timersPromises as unknown as Record<string, unknown>).setImmediate = (...args: unknown[]) => fenced(() => promisedImmediate(...args));
  // scheduler.wait(delay, options) is Node's promise setTimeout under another name
  const scheduler = (timersPromises as unknown as { scheduler?: Record<string, unknown> }).scheduler;
  if (scheduler !== undefined) scheduler.wait = (delay: unknown, options?: unknown) => sleep(delay, undefined, options);
  virtualAbortTimeout(virtual, guard);
  // util.promisify(setTimeout) is the promise version, zero delays included
  Object.defineProperty(setTimeout, promisify.custom, { value: sleep });
  syncBuiltinESMExports();
}

/**
 * `AbortSignal.timeout(delay)` aborts its signal (a TimeoutError DOMException) after `delay` of
 * virtual time, fenced like the other timers: Node's own runs on a real timer the fence cannot
 * reach, which woke an ended environment's code during a later one. Its timer keeps nothing
 * waiting, as Node's (unref'd) does not; invalid delays get Node's own errors.
 */
function virtualAbortTimeout(virtual: VirtualTimers, guard: (callback: (...args: unknown[]) => void, stale: () => void) => (...args: unknown[]) => void): void {
  const real = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = (delay: number): AbortSignal => {
    if (!(Number.isInteger(delay) && delay >= 0 && delay <= 2 ** 32 - 1)) return real(delay);
    const controller = new AbortController();
    const abort = () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    virtual.set(guard(AsyncResource.bind(abort), () => {}), delay, [], false).unref();
    return controller.signal;
  };
}

interface SleepOptions {
  signal?: AbortSignal;
  ref?: boolean;
}

function validSleepOptions(options: unknown): boolean {
  if (options === undefined) return true;
  if (typeof options !== 'object' || options === null) return false;
  const { signal, ref } = options as SleepOptions;
  return (signal === undefined || signal instanceof AbortSignal) && (ref === undefined || typeof ref === 'boolean');
}

/** `timers/promises.setTimeout` in virtual time, aborted by its signal as Node's is (AbortError, ABORT_ERR, the signal's reason as cause). */
function virtualSleep(virtual: VirtualTimers, delay: unknown, value: unknown, options: SleepOptions = {}): Promise<unknown> {
  const { signal, ref } = options;
  if (signal?.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      virtual.clear(handle);
      reject(abortError(signal!.reason));
    };
    const handle = virtual.set(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    }, delay, [], false);
    if (ref === false) handle.unref();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(cause: unknown): Error {
  const error = new Error('The operation was aborted', { cause }) as Error & { code: string };
  error.name = 'AbortError';
  error.code = 'ABORT_ERR';
  return error;
}

/** Node runs any delay below 1 ms (and a missing or invalid one) after 1 ms. */
function zeroDelay(delay: unknown): boolean {
  return !(Number(delay) >= 1);
}
