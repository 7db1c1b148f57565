/**
 * Real time the first hang of a check is waited for at most, whatever function.Timeout says (up to
 * 900 s in Lambda): every downstream call is answered at once here, so an invocation still running
 * after this long is looping or sleeping.
 */
export const firstHangCutMs = 10_000;

/**
 * How long, in real time, an invocation may run before it is cut as timed out. A handler that can
 * no longer make progress times out at once (the worker sees its event loop empty); only one that
 * keeps running (a synchronous loop, a timer set past the timeout) is waited for. The first such
 * hang is given `fullMs`: the function's whole timeout, up to `firstHangCutMs`. After it, later
 * invocations of the same check are cut once they have run `baseCutMs` of real time (or four times
 * the longest invocation that finished on its own) since their last downstream call, and at most
 * ten times that in all; they are still reported as timing out at function.Timeout in virtual
 * time, so a handler that hangs on every invocation does not make the check wait hundreds of
 * times. Counting from the last call lets a handler make every call it makes before it loops,
 * however fast the machine, so the same seed gives the same calls. The report says so
 * (`warning`). On a busy machine a handler that keeps computing is cut once it has had that much
 * CPU time rather than real time (see `watchdogVerdict`), so a verdict does not turn into a timeout
 * because other processes took the cores.
 */
export interface Watchdog {
  /** Real time the invocation may run in all, ms. */
  totalMs: number;
  /** Real time it may run since its last downstream call (or its start), ms: set once a hang was cut. */
  quietMs?: number;
}

export class HangBudget {
  private hangs = 0;
  /** The longest an invocation that finished on its own took, ms: a cut never comes before a few times that. */
  private slowestMs = 0;

  constructor(
    private readonly fullMs: number,
    private readonly baseCutMs = Math.min(fullMs, 20),
  ) {}

  /** The watchdog for the next invocation. */
  watchdog(): Watchdog {
    if (this.hangs === 0) return { totalMs: this.fullMs };
    const quietMs = this.quickCutMs;
    return { totalMs: Math.min(this.fullMs, quietMs * 10), quietMs };
  }

  private get quickCutMs(): number {
    return Math.min(this.fullMs, Math.max(this.baseCutMs, Math.ceil(this.slowestMs * 4)));
  }

  /** An invocation finished on its own after `ms` of real time. */
  finished(ms: number): void {
    if (ms > this.slowestMs) this.slowestMs = ms;
  }

  /** The watchdog cut a hang. */
  record(): void {
    this.hangs++;
  }

  /** Invocations the watchdog has cut so far (each cost real time and a fresh environment). */
  get count(): number {
    return this.hangs;
  }

  /** The note for the report, once the handler has hung (the same text every time, so a check shows it once). */
  warning(functionTimeoutMs: number): string | undefined {
    if (this.hangs === 0) return undefined;
    const timeout = `${seconds(functionTimeoutMs)} s`;
    const quick = this.hangs > 1 && this.quickCutMs < this.fullMs;
    if (this.fullMs < functionTimeoutMs) {
      const first = `the handler kept running past ${seconds(this.fullMs)} s of real time (a synchronous loop, or a wait longer than that): it was cut there, not at its ${timeout} timeout (every downstream call is answered at once here)`;
      const later = quick ? `; after the first time, invocations were cut ${this.baseCutMs} ms of real time (or four times the longest invocation that finished) after their last downstream call` : '';
      return `${first}${later}, and reported as timing out at ${timeout}`;
    }
    const note = `the handler kept running past its ${timeout} timeout in real time (a synchronous loop, or a wait longer than function.Timeout)`;
    return quick
      ? `${note}: after the first time, invocations were cut ${this.baseCutMs} ms of real time (or four times the longest invocation that finished) after their last downstream call instead of ${this.fullMs} ms, and reported as timing out at ${timeout}, to keep the check short`
      : note;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}
