import { setFlagsFromString, getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EnvironmentEnded } from './environment-end.js';

const MiB = 1024 * 1024;

/**
 * `function.MemorySize` for the handler's thread. V8's own limit (`resourceLimits`) is set well
 * above it and only catches a runaway inside one invocation; this guard holds the function to its
 * size: the JavaScript heap plus memory outside it (Buffers, ArrayBuffers) is measured after every
 * invocation and at every downstream call, and a single Buffer or ArrayBuffer allocation that would
 * not fit is refused before it is made, ending the environment as Lambda's out-of-memory kill does.
 * (A typed array allocated with a length, `new Uint8Array(n)`, makes its own buffer without these
 * constructors: it is counted at the next measurement.)
 */
export class MemoryGuard {
  private readonly limit: number;
  private collect: (() => void) | undefined;
  /** What a freshly loaded environment uses (the harness, the libraries, the handler's module state). */
  private fresh: number | undefined;
  /**
   * Memory still held by earlier module generations in this thread (ES modules stay in the
   * loader's cache): not the current environment's, so not counted against it.
   */
  private leftover = 0;

  constructor(
    memoryLimitInMB: number,
    private readonly exceeded: (message: string) => void,
  ) {
    this.limit = memoryLimitInMB * MiB;
  }

  /**
   * Called when a module generation has loaded: the first sets what a fresh environment costs;
   * later ones excuse what older generations left behind (garbage not yet collected included:
   * a full collection here would cost more than the reload, unless `collect` asks for one, so that
   * the environment's own memory is measured the same whatever this thread ran before). Returns
   * that leftover, in MB.
   */
  loaded(collect = false): number {
    // the first generation's figure is what every environment is measured against: measured exactly
    if (collect || this.fresh === undefined) this.gc();
    const used = this.used();
    if (this.fresh === undefined) {
      this.fresh = used;
      return 0;
    }
    this.leftover = Math.max(0, used - this.fresh);
    return Math.round(this.leftover / MiB);
  }

  /**
   * The function's size: more left behind than that, and the thread should be replaced (V8's own
   * limit, twice the size plus 256 MB, leaves room for one more generation at full size).
   */
  get leftoverLimitMb(): number {
    return this.limit / MiB;
  }

  /**
   * The heap without its code space, plus memory outside it. Compiled code is left out: how much of
   * it there is depends on when V8's concurrent compiler finishes, which varies by hundreds of KB
   * from run to run, and a verdict must not (the same seed named a leak's out-of-memory invocation
   * #9 in one run and #10 in the next). Module state, what a leak keeps, is never code.
   */
  used(): number {
    const code = getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;
    const stats = getHeapStatistics();
    return stats.used_heap_size - code + stats.external_memory;
  }

  /** True when the function is over its size even after a full garbage collection. */
  over(): boolean {
    if (this.used() <= this.limit + this.leftover) return false;
    this.gc();
    return this.used() > this.limit + this.leftover;
  }

  /** Ends the environment when the function is over its size; returns whether it did. */
  check(): boolean {
    if (!this.over()) return false;
    this.exceeded(this.message(this.used() - this.leftover));
    return true;
  }

  message(used: number): string {
    return `the function used ${Math.round(used / MiB)} MB, more than its ${this.limit / MiB} MB (function.MemorySize); Lambda ends such an environment (Runtime exited with error: signal: killed)`;
  }

  /** Refuses Buffer and ArrayBuffer allocations that cannot fit. */
  guardAllocations(): void {
    const guard = (size: unknown) => {
      if (typeof size !== 'number' || size < 16 * MiB) return;
      if (this.used() + size <= this.limit + this.leftover) return;
      // collect only when that could make room
      if (size < this.limit) this.gc();
      const total = this.used() - this.leftover + size;
      if (total <= this.limit) return;
      this.exceeded(this.message(total));
      throw new EnvironmentEnded('out of memory');
    };
    for (const name of ['alloc', 'allocUnsafe', 'allocUnsafeSlow'] as const) {
      const original = Buffer[name] as (...args: unknown[]) => Buffer;
      Object.defineProperty(Buffer, name, {
        value: function (this: unknown, size: unknown, ...rest: unknown[]) {
          guard(size);
          return original.call(this, size, ...rest);
        },
        writable: true,
        configurable: true,
      });
    }
    for (const name of ['ArrayBuffer', 'SharedArrayBuffer'] as const) {
      const original = globalThis[name] as unknown as new (...args: unknown[]) => object;
      globalThis[name] = new Proxy(original, {
        construct(target, args, newTarget) {
          guard(args[0]);
          return Reflect.construct(target, args, newTarget);
        },
      }) as never;
    }
  }

  private gc(): void {
    if (!this.collect) {
      setFlagsFromString('--expose-gc');
      this.collect = runInNewContext('gc') as () => void;
    }
    this.collect();
  }
}
