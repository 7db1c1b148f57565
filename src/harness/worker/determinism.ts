import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { Random } from '../../model/random.js';

/**
 * `Date` follows the model's virtual clock: during an invocation it shows the invocation's start
 * time, moved on only by the handler's own timers (virtual-timers.ts), so the same seed gives the
 * same timestamps. performance.now() stays real.
 */
export function installVirtualClock(start: number): { now(): number; set(at: number): void } {
  const RealDate = Date;
  let now = start;
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now);
      else super(...(args as [string]));
    }

    static override now(): number {
      return now;
    }
  }
  // `Date()` called without `new` returns a string
  const dateFunction = new Proxy(VirtualDate, { apply: () => new RealDate(now).toString() });
  globalThis.Date = dateFunction as DateConstructor;
  return {
    now: () => now,
    set(at: number) {
      now = at;
    },
  };
}

/**
 * Math.random, crypto.randomUUID, randomBytes, randomFillSync, randomInt and getRandomValues (the
 * global and `node:crypto` alike) draw from a stream seeded by the run's seed and the invocation,
 * so the worker being restarted (cold start) does not change what the handler sees.
 */
export function installSeededRandom(): { reseed(seed: number, invocation: number): void } {
  let random = new Random(0);
  const fill = <T extends ArrayBufferView>(view: T): T => {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random.next() * 256);
    return view;
  };
  const randomBytes = (size: number, callback?: (error: Error | null, buf: Buffer) => void): Buffer => {
    const buf = fill(Buffer.alloc(size));
    if (callback) queueMicrotask(() => callback(null, buf));
    return buf;
  };
  const randomUUID = (): `${string}-${string}-${string}-${string}-${string}` => random.uuid() as `${string}-${string}-${string}-${string}-${string}`;
  const randomInt = (min: number, max?: number, callback?: (e: Error | null, n: number) => void): number => {
    const [low, high] = max === undefined ? [0, min] : [min, max];
    const n = low + Math.floor(random.next() * (high - low));
    if (callback) queueMicrotask(() => callback(null, n));
    return n;
  };
  Math.random = () => random.next();
  const replacements = { randomBytes, pseudoRandomBytes: randomBytes, randomUUID, randomInt, randomFillSync: fill, getRandomValues: fill };
  for (const [name, value] of Object.entries(replacements)) override(crypto, name, value);
  override(globalThis.crypto, 'randomUUID', randomUUID);
  override(globalThis.crypto, 'getRandomValues', fill);
  syncBuiltinESMExports();
  return {
    reseed(seed: number, invocation: number) {
      random = new Random((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(invocation + 1, 0x85ebca6b)) >>> 0);
    },
  };
}

/** Replaces a property where it can be (node:crypto's getRandomValues is a fixed getter: the global one is replaced instead). */
function override(target: object, name: string, value: unknown): void {
  if (Object.getOwnPropertyDescriptor(target, name)?.configurable === false) return;
  Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: true });
}
