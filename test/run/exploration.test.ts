import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../src/config/types.js';
import { owns, settle, WHOLE, type CaseResult } from '../../src/run/exploration.js';

const rules: RuleId[] = ['per-key-ordering', 'no-silent-loss'];
const result = (failed: RuleId[] = [], extra: Partial<CaseResult> = {}): CaseResult => ({ failed, observable: true, compared: true, warnings: [], hangs: 0, doneMs: 0, ...extra });

describe('settle', () => {
  it('takes each rule’s first failure by case index, whatever finished first', () => {
    const results = [result(), result(['no-silent-loss'], { doneMs: 90 }), result(['per-key-ordering'], { doneMs: 10 }), result(['no-silent-loss'], { doneMs: 5 })];
    const e = settle(results, rules, 4);
    expect(e.firstFailures.get('no-silent-loss')?.index).toBe(1);
    expect(e.firstFailures.get('per-key-ordering')?.index).toBe(2);
    // every rule has failed by case 2: later cases are not counted
    expect(e).toMatchObject({ complete: true, upTo: 3, counted: 3 });
  });

  it('counts the prefix before the first case without a result (a time-budget cut)', () => {
    const e = settle([result(), result([], { warnings: ['w'] }), undefined, result(['no-silent-loss'])], rules, 4);
    expect(e).toMatchObject({ complete: false, upTo: 2, counted: 2, warnings: ['w'] });
    expect(e.firstFailures.size).toBe(0);
  });

  it('ends the prefix just after the case by which the handler has hung hangLimit times, and only when cases are left', () => {
    const hung = (n: number) => result([], { hangs: n });
    const e = settle([hung(4), hung(0), hung(5), hung(9), result()], rules, 5, WHOLE, 9);
    expect(e).toMatchObject({ hangCut: true, upTo: 3, counted: 3, hangs: 9, complete: false });
    expect(settle([hung(4), hung(5)], rules, 2, WHOLE, 9)).toMatchObject({ hangCut: false, upTo: 2, hangs: 9 });
    // a shard's next case is count cases on
    expect(settle([undefined, hung(9), undefined, result()], rules, 4, { index: 1, count: 2 }, 9)).toMatchObject({ hangCut: true, upTo: 2, counted: 1 });
    expect(settle([undefined, hung(9), undefined], rules, 3, { index: 1, count: 2 }, 9)).toMatchObject({ hangCut: false, upTo: 3, counted: 1 });
  });

  it('a shard counts only its own cases', () => {
    const e = settle([undefined, result(['per-key-ordering']), undefined, result()], rules, 4, { index: 1, count: 2 });
    expect(e).toMatchObject({ complete: false, upTo: 4, counted: 2 });
    expect(e.firstFailures.get('per-key-ordering')?.index).toBe(1);
  });
});


describe('owns', () => {
  it('the whole run owns every case; shard i of n owns the cases whose index is i modulo n', () => {
    expect([0, 1, 2, 3].every((i) => owns(WHOLE, i))).toBe(true);
    expect([0, 1, 2, 3, 4, 5].filter((i) => owns({ index: 2, count: 3 }, i))).toEqual([2, 5]);
  });
});

describe('what settle keeps of the counted cases', () => {
  it('warnings once each, in case order; a rule not checked is no failure', () => {
    const e = settle([result(['idempotent-redelivery'], { warnings: ['b', 'a'] }), result([], { warnings: ['a', 'c'] })], rules, 2);
    expect(e.warnings).toEqual(['b', 'a', 'c']);
    expect(e.firstFailures.size).toBe(0);
    expect(e).toMatchObject({ complete: false, upTo: 2, counted: 2, total: 2 });
  });

  it('observable and compared when any counted case was; a case past the cut does not count', () => {
    const seen = settle([result([], { observable: true, compared: false }), result([], { observable: false, compared: false }), undefined, result([], { compared: true })], rules, 4);
    expect(seen).toMatchObject({ observable: true, compared: false, counted: 2 });
    const none = settle([result([], { observable: false, compared: false })], rules, 1);
    expect(none).toMatchObject({ observable: false, compared: false });
  });

  it('the SDK use of the counted cases, in case order', () => {
    const usage = (n: number) => ({ clients: n }) as never;
    const e = settle([result([], { sdk: [usage(1), usage(2)] }), result([]), result([], { sdk: [usage(3)] })], rules, 3);
    expect(e.sdk).toEqual([usage(1), usage(2), usage(3)]);
  });

  it('the first failure keeps the time its case finished', () => {
    const e = settle([result(['per-key-ordering'], { doneMs: 42 }), result(['per-key-ordering'], { doneMs: 7 })], rules, 2);
    expect(e.firstFailures.get('per-key-ordering')).toEqual({ index: 0, ms: 42 });
  });

  it('with no rule to judge, every case is counted (nothing can complete the exploration early)', () => {
    expect(settle([result(), result()], [], 2)).toMatchObject({ complete: false, upTo: 2, counted: 2 });
  });
});
