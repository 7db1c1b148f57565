import { describe, expect, it } from 'vitest';
import { HangBudget } from '../../src/harness/hang-budget.js';

describe('HangBudget: the first hang gets the whole timeout, later ones are cut short', () => {
  it('waits the full function timeout until a handler has hung once, then the base cut', () => {
    const budget = new HangBudget(3000);
    expect(budget.watchdogMs()).toBe(3000);
    budget.record(3010);
    expect(budget.watchdogMs()).toBe(20);
    budget.record(25);
    budget.replaced(5);
    expect(budget.spentMs).toBe(3040);
  });

  it('never cuts before four times the slowest invocation that finished on its own, nor after the full timeout', () => {
    const budget = new HangBudget(1000, 20);
    budget.finished(12.2);
    budget.finished(3);
    budget.record(1000);
    expect(budget.watchdogMs()).toBe(49);
    budget.finished(400);
    expect(budget.watchdogMs()).toBe(1000);
  });

  it('a short function timeout is its own base cut', () => {
    const budget = new HangBudget(10);
    budget.record(10);
    expect(budget.watchdogMs()).toBe(10);
  });
});

describe('HangBudget.warning', () => {
  it('says nothing before a hang', () => {
    expect(new HangBudget(3000).warning(3000)).toBeUndefined();
  });

  it('after one hang: the handler kept running past its timeout', () => {
    const budget = new HangBudget(3000);
    budget.record(3000);
    expect(budget.warning(3000)).toBe(
      'the handler kept running past its 3.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)',
    );
  });

  it('after more, with cuts shorter than the timeout: says they were cut and still reported at the timeout', () => {
    const budget = new HangBudget(3000);
    budget.record(3000);
    budget.record(20);
    expect(budget.warning(3000)).toBe(
      'the handler kept running past its 3.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout): after the first time, invocations were cut after 20 ms of real time (or four times the longest invocation that finished) instead of 3000 ms, and reported as timing out at 3.00 s, to keep the check short',
    );
  });

  it('after more, when no cut was shorter than the timeout: no word of cutting', () => {
    const budget = new HangBudget(10);
    budget.record(10);
    budget.record(10);
    expect(budget.warning(10)).toBe(
      'the handler kept running past its 0.01 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)',
    );
  });
});
