import { describe, expect, it } from 'vitest';
import { firstHangCutMs, HangBudget } from '../../src/harness/hang-budget.js';

describe('HangBudget: how long a hang is waited for in real time', () => {
  it('waits the full timeout for the first hang, then cuts after four times the longest finished invocation (at least the base cut)', () => {
    const budget = new HangBudget(3000, 20);
    expect(budget.watchdog()).toEqual({ totalMs: 3000 });
    budget.finished(50);
    budget.record();
    expect(budget.watchdog()).toEqual({ totalMs: 2000, quietMs: 200 });
    expect(budget.warning(3000)).toBe('the handler kept running past its 3.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)');
  });

  it('later hangs are cut after four times the longest finished invocation, however much they have cost (a slow handler is never cut for being slow), and the report says so', () => {
    const budget = new HangBudget(3000, 20);
    budget.finished(50);
    budget.record();
    for (let i = 0; i < 100; i++) budget.record();
    expect(budget.count).toBe(101);
    expect(budget.watchdog()).toEqual({ totalMs: 2000, quietMs: 200 });
    budget.finished(10);
    expect(budget.watchdog()).toEqual({ totalMs: 2000, quietMs: 200 });
    expect(budget.warning(3000)).toBe(
      'the handler kept running past its 3.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout): after the first time, invocations were cut 20 ms of real time (or four times the longest invocation that finished) after their last downstream call instead of 3000 ms, and reported as timing out at 3.00 s, to keep the check short',
    );
  });

  it('with nothing finished yet, later hangs are cut after the base cut', () => {
    const budget = new HangBudget(3000, 20);
    budget.record();
    expect(budget.watchdog()).toEqual({ totalMs: 200, quietMs: 20 });
  });

  it('never cuts later than the full timeout', () => {
    const budget = new HangBudget(100, 20);
    budget.finished(80);
    budget.record();
    expect(budget.watchdog()).toEqual({ totalMs: 100, quietMs: 100 });
    expect(budget.warning(100)).toBe('the handler kept running past its 0.10 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)');
  });

  it('a first wait shorter than function.Timeout (the harness waits 10 s at most) is named in the report', () => {
    expect(firstHangCutMs).toBe(10_000);
    const budget = new HangBudget(firstHangCutMs, 20);
    expect(budget.watchdog()).toEqual({ totalMs: 10_000 });
    budget.record();
    expect(budget.warning(900_000)).toBe(
      'the handler kept running past 10.00 s of real time (a synchronous loop, or a wait longer than that): it was cut there, not at its 900.00 s timeout (every downstream call is answered at once here), and reported as timing out at 900.00 s',
    );
    expect(budget.watchdog()).toEqual({ totalMs: 200, quietMs: 20 });
    budget.record();
    expect(budget.warning(900_000)).toBe(
      'the handler kept running past 10.00 s of real time (a synchronous loop, or a wait longer than that): it was cut there, not at its 900.00 s timeout (every downstream call is answered at once here); after the first time, invocations were cut 20 ms of real time (or four times the longest invocation that finished) after their last downstream call, and reported as timing out at 900.00 s',
    );
  });
});
