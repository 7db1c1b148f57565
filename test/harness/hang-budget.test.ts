import { describe, expect, it } from 'vitest';
import { HangBudget } from '../../src/harness/hang-budget.js';

describe('HangBudget: how long a hang is waited for in real time', () => {
  it('waits the full timeout for the first hang, then cuts after four times the longest finished invocation (at least the base cut)', () => {
    const budget = new HangBudget(3000, 20, 5000);
    expect(budget.watchdogMs()).toBe(3000);
    budget.finished(50);
    budget.record(3000);
    expect(budget.watchdogMs()).toBe(200);
    expect(budget.warning(3000)).toBe('the handler kept running past its 3.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)');
  });

  it('once hung invocations have cost the cap, cuts after the base cut alone, and the report says so', () => {
    const budget = new HangBudget(3000, 20, 5000);
    budget.finished(50);
    budget.record(3000);
    for (let i = 0; i < 9; i++) budget.record(200);
    expect(budget.watchdogMs()).toBe(200);
    expect(budget.warning(3000)).not.toMatch(/once hung invocations/);
    budget.record(200);
    expect(budget.spentMs).toBe(5000);
    expect(budget.watchdogMs()).toBe(20);
    expect(budget.warning(3000)).toBe(
      'the handler kept running past its 3.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout): after the first time, invocations were cut after 20 ms of real time (or four times the longest invocation that finished) instead of 3000 ms (after 20 ms alone once hung invocations had cost 5 s of real time), and reported as timing out at 3.00 s, to keep the check short',
    );
  });

  it('never cuts later than the full timeout', () => {
    const budget = new HangBudget(100, 20, 5000);
    budget.finished(80);
    budget.record(100);
    expect(budget.watchdogMs()).toBe(100);
    expect(budget.warning(100)).toBe('the handler kept running past its 0.10 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)');
  });
});
