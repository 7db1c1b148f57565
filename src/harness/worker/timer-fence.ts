import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';
import { promisify } from 'node:util';

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
 */
export function installTimerFence(generation: () => number): void {
  const fence = (original: TimerFunction, repeating: boolean): TimerFunction => {
    const fenced = function (this: unknown, callback: (...args: unknown[]) => void, ...rest: unknown[]) {
      if (typeof callback !== 'function') return original.call(this, callback, ...rest);
      const at = generation();
      let handle: unknown;
      const guarded = (...args: unknown[]) => {
        if (at !== generation()) {
          if (repeating) timers.clearInterval(handle as NodeJS.Timeout);
          return;
        }
        callbacksRunning++;
        try {
          callback(...args);
        } finally {
          callbacksRunning--;
        }
      };
      handle = original.call(this, guarded, ...rest);
      return handle;
    };
    // util.promisify(setTimeout) and friends keep working
    Object.defineProperties(fenced, Object.getOwnPropertyDescriptors(original));
    return fenced;
  };
  const setImmediate = fence(timers.setImmediate as unknown as TimerFunction, false);
  const timeout = fence(timers.setTimeout as unknown as TimerFunction, false);
  /** Immediates standing for zero-delay timeouts: clearTimeout (and clearInterval, Node's alias of it) clears them. */
  const soon = new WeakSet<object>();
  const setTimeout: TimerFunction = function (this: unknown, callback, delay?: unknown, ...args: unknown[]) {
    if (typeof callback !== 'function' || !zeroDelay(delay)) return timeout.call(this, callback, delay, ...args);
    const handle = setImmediate.call(this, callback, ...args) as NodeJS.Immediate & { refresh?: () => unknown };
    handle.refresh = () => handle;
    soon.add(handle);
    return handle;
  };
  const descriptors: PropertyDescriptorMap = Object.getOwnPropertyDescriptors(timers.setTimeout);
  delete descriptors[promisify.custom as unknown as string];
  Object.defineProperties(setTimeout, descriptors);
  const originalClearTimeout = timers.clearTimeout;
  const clearTimeout = (handle: unknown) => {
    if (typeof handle === 'object' && handle !== null && soon.has(handle)) timers.clearImmediate(handle as NodeJS.Immediate);
    else originalClearTimeout(handle as NodeJS.Timeout);
  };
  const replaced = {
    setTimeout,
    setInterval: fence(timers.setInterval as unknown as TimerFunction, true),
    setImmediate,
    clearTimeout,
    clearInterval: clearTimeout,
  };
  for (const [name, value] of Object.entries(replaced)) {
    (globalThis as Record<string, unknown>)[name] = value;
    (timers as unknown as Record<string, unknown>)[name] = value;
  }
  const never = new Promise<never>(() => {});
  const promised = {
    setTimeout: timersPromises.setTimeout as (...args: unknown[]) => Promise<unknown>,
    setImmediate: timersPromises.setImmediate as (...args: unknown[]) => Promise<unknown>,
  };
  for (const name of ['setTimeout', 'setImmediate'] as const) {
    (timersPromises as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const at = generation();
      const waiting = name === 'setTimeout' && zeroDelay(args[0]) ? promised.setImmediate(...args.slice(1)) : promised[name](...args);
      return waiting.then((value) => (at === generation() ? value : never));
    };
  }
  // util.promisify(setTimeout) is the promise version, zero delays included
  Object.defineProperty(setTimeout, promisify.custom, { value: timersPromises.setTimeout });
  syncBuiltinESMExports();
}

/** Node runs any delay below 1 ms (and a missing or invalid one) after 1 ms. */
function zeroDelay(delay: unknown): boolean {
  return !(Number(delay) >= 1);
}
