/**
 * How long, in real time, an invocation may run before it is cut as timed out. A handler that can
 * no longer make progress times out at once (the worker sees its event loop empty); only one that
 * keeps running (a synchronous loop, a timer set past the timeout) is waited for. The first such
 * hang is given the function's whole timeout; after it, later invocations of the same check are
 * cut after `baseCutMs` of real time (or four times the longest invocation that finished on its own), still reported as timing out at function.Timeout in virtual
 * time, so a handler that hangs on every invocation does not make the check wait the full timeout
 * hundreds of times. The report says so (`warning`).
 */
export class HangBudget {
  private hangs = 0;
  private waitedMs = 0;
  /** The longest an invocation that finished on its own took, ms: a cut never comes before a few times that. */
  private slowestMs = 0;

  constructor(
    private readonly fullMs: number,
    private readonly baseCutMs = Math.min(fullMs, 20),
  ) {}

  /** The watchdog for the next invocation. */
  watchdogMs(): number {
    return this.hangs === 0 ? this.fullMs : this.quickCutMs;
  }

  private get quickCutMs(): number {
    return Math.min(this.fullMs, Math.max(this.baseCutMs, Math.ceil(this.slowestMs * 4)));
  }

  /** An invocation finished on its own after `ms` of real time. */
  finished(ms: number): void {
    if (ms > this.slowestMs) this.slowestMs = ms;
  }

  /** A hang was cut; `spentMs`: the real time it cost, the wait and the recovery. */
  record(spentMs: number): void {
    this.hangs++;
    this.waitedMs += spentMs;
  }

  /** Real time spent replacing a thread a hang ended (counted with the hangs). */
  replaced(ms: number): void {
    this.waitedMs += ms;
  }

  /** The note for the report, once the handler has hung (the same text every time, so a check shows it once). */
  warning(functionTimeoutMs: number): string | undefined {
    if (this.hangs === 0) return undefined;
    const timeout = `${(functionTimeoutMs / 1000).toFixed(2)} s`;
    const note = `the handler kept running past its ${timeout} timeout in real time (a synchronous loop, or a wait longer than function.Timeout)`;
    return this.hangs === 1 || this.quickCutMs >= this.fullMs
      ? note
      : `${note}: after the first time, invocations were cut after ${this.baseCutMs} ms of real time (or four times the longest invocation that finished) instead of ${this.fullMs} ms, and reported as timing out at ${timeout}, to keep the check short`;
  }

  /** Real time hung invocations have cost so far, ms. */
  get spentMs(): number {
    return this.waitedMs;
  }
}
