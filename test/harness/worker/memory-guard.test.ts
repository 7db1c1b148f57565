import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvironmentEnded } from '../../../src/harness/worker/environment-end.js';
import { MemoryGuard } from '../../../src/harness/worker/memory-guard.js';

const MiB = 1024 * 1024;
const usedMb = () => new MemoryGuard(1, () => {}).used() / MiB;

describe('MemoryGuard: the function held to function.MemorySize', () => {
  it('a function over its size is ended, with a message naming both sizes', () => {
    const exceeded: string[] = [];
    const small = new MemoryGuard(1, (message) => exceeded.push(message));
    expect(small.check()).toBe(true);
    expect(exceeded[0]).toMatch(
      /^the function used \d+ MB, more than its 1 MB \(function\.MemorySize\); Lambda ends such an environment \(Runtime exited with error: signal: killed\)$/,
    );
    const large = new MemoryGuard(64 * 1024, (message) => exceeded.push(message));
    expect(large.check()).toBe(false);
    expect(exceeded).toHaveLength(1);
  });

  it('compiled code is not counted (its size depends on when the concurrent compiler finishes), the rest of the heap and memory outside it are', () => {
    const guard = new MemoryGuard(1024, () => {});
    const codeUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')!.space_used_size;
    const withoutCode = () => {
      const code = codeUsed();
      const stats = getHeapStatistics();
      return { code, bytes: stats.used_heap_size - code + stats.external_memory };
    };
    // measured between two readings: what the calls allocate in between is a few KB
    const before = withoutCode();
    const measured = guard.used();
    const after = withoutCode();
    expect(before.code).toBeGreaterThan(256 * 1024);
    expect(measured).toBeGreaterThanOrEqual(Math.min(before.bytes, after.bytes) - 32 * 1024);
    expect(measured).toBeLessThanOrEqual(Math.max(before.bytes, after.bytes) + 32 * 1024);
  });

  it('what older module generations left behind is excused, up to the size of the function', () => {
    const sizeMb = Math.ceil(usedMb()) + 32;
    const guard = new MemoryGuard(sizeMb, () => {});
    expect(guard.loaded()).toBe(0);
    const held = Buffer.alloc(40 * MiB, 1);
    expect(guard.over()).toBe(true);
    expect(guard.loaded()).toBeGreaterThanOrEqual(39);
    expect(guard.over()).toBe(false);
    expect(guard.leftoverLimitMb).toBe(sizeMb);
    held.fill(0);
  });

  it('with a collection asked for, garbage left by older generations is collected before it is measured (the figure does not depend on when the collector last ran)', async () => {
    const guard = new MemoryGuard(Math.ceil(usedMb()) + 256, () => {});
    guard.loaded();
    // a large object (only a full collection frees it), reachable from nothing after this turn
    const garbage = new WeakRef(new Array<number>(MiB / 8).fill(0.5));
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    await nextTurn();
    guard.loaded();
    expect(garbage.deref()).toBeDefined();
    // a WeakRef keeps its target for the rest of the turn it was read in
    await nextTurn();
    guard.loaded(true);
    expect(garbage.deref()).toBeUndefined();
  });
});

describe('MemoryGuard.guardAllocations: an allocation that cannot fit is refused before it is made', () => {
  const real = { alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe, allocUnsafeSlow: Buffer.allocUnsafeSlow, ArrayBuffer: globalThis.ArrayBuffer, SharedArrayBuffer: globalThis.SharedArrayBuffer };
  afterAll(() => {
    Object.assign(Buffer, { alloc: real.alloc, allocUnsafe: real.allocUnsafe, allocUnsafeSlow: real.allocUnsafeSlow });
    Object.assign(globalThis, { ArrayBuffer: real.ArrayBuffer, SharedArrayBuffer: real.SharedArrayBuffer });
  });
  const exceeded: string[] = [];
  const guard = new MemoryGuard(Math.ceil(usedMb()) + 256, (message) => exceeded.push(message));
  guard.loaded();
  guard.guardAllocations();

  it.each([
    ['Buffer.alloc', () => Buffer.alloc(1024 * MiB)],
    ['Buffer.allocUnsafe', () => Buffer.allocUnsafe(1024 * MiB)],
    ['Buffer.allocUnsafeSlow', () => Buffer.allocUnsafeSlow(1024 * MiB)],
    ['new ArrayBuffer', () => new ArrayBuffer(1024 * MiB)],
    ['new SharedArrayBuffer', () => new SharedArrayBuffer(1024 * MiB)],
  ])('%s of more than is left ends the environment', (_, allocate) => {
    exceeded.length = 0;
    expect(allocate).toThrow(EnvironmentEnded);
    expect(exceeded).toHaveLength(1);
    expect(exceeded[0]).toMatch(/^the function used \d+ MB, more than its \d+ MB/);
  });

  it('allocations that fit go through, and the constructors still behave as themselves', () => {
    exceeded.length = 0;
    expect(Buffer.alloc(32 * MiB).length).toBe(32 * MiB);
    const buffer = new ArrayBuffer(8);
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(buffer.byteLength).toBe(8);
    expect(Buffer.alloc(4, 'a').toString()).toBe('aaaa');
    expect(exceeded).toEqual([]);
  });
});
