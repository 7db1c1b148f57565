import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';

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
  const replaced = {
    setTimeout: fence(timers.setTimeout as unknown as TimerFunction, false),
    setInterval: fence(timers.setInterval as unknown as TimerFunction, true),
    setImmediate: fence(timers.setImmediate as unknown as TimerFunction, false),
  };
  for (const [name, value] of Object.entries(replaced)) {
    (globalThis as Record<string, unknown>)[name] = value;
    (timers as unknown as Record<string, unknown>)[name] = value;
  }
  const never = new Promise<never>(() => {});
  for (const name of ['setTimeout', 'setImmediate'] as const) {
    const original = timersPromises[name] as (...args: unknown[]) => Promise<unknown>;
    (timersPromises as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const at = generation();
      return original(...args).then((value) => (at === generation() ? value : never));
    };
  }
  syncBuiltinESMExports();
}
