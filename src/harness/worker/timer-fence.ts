import { syncBuiltinESMExports } from 'node:module';
import timers from 'node:timers';
import timersPromises from 'node:timers/promises';

type TimerFunction = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => unknown;

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
        if (at === generation()) callback(...args);
        else if (repeating) timers.clearInterval(handle as NodeJS.Timeout);
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
