import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coerceDelay, VirtualTimers } from '../../../src/harness/worker/virtual-timers.js';

function timers(start = 1_000) {
  let now = start;
  const clock = { now: () => now, set: (at: number) => void (now = at) };
  const virtual = new VirtualTimers(clock);
  /** Fires timers as the idle worker does, until none keeps the loop alive. */
  const run = () => {
    for (let next = virtual.earliest(); next !== undefined; next = virtual.earliest()) for (const fire of virtual.due(Math.max(next, clock.now()))) fire();
  };
  return { virtual, clock, run };
}

describe('VirtualTimers: the handler’s timers in virtual time', () => {
  it('fire earliest first, those due together in the order they were set, each moving the clock to its time', () =>
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 30 }), (delays) => {
        const { virtual, clock, run } = timers();
        virtual.anchor();
        const fired: [number, number][] = [];
        delays.forEach((delay, i) => virtual.set(() => fired.push([i, clock.now()]), delay, [], false));
        run();
        const expected = delays.map((delay, i) => [i, 1_000 + delay] as [number, number]).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
        expect(fired).toEqual(expected);
        expect(virtual.earliest()).toBeUndefined();
      }),
    ));

  it('an interval repeats from its last firing until cleared; arguments are passed on', () => {
    const { virtual, clock, run } = timers();
    virtual.anchor();
    const times: number[] = [];
    const handle = virtual.set((label: unknown) => {
      times.push(clock.now());
      if (times.length === 3) virtual.clear(handle);
      expect(label).toBe('tick');
    }, 250, ['tick'], true);
    run();
    expect(times).toEqual([1_250, 1_500, 1_750]);
  });

  it('clears by handle or by the id it converts to; refresh starts the delay again from now', () => {
    const { virtual, clock, run } = timers();
    virtual.anchor();
    const fired: string[] = [];
    const a = virtual.set(() => fired.push(`a@${clock.now()}`), 100, [], false);
    const b = virtual.set(() => fired.push('b'), 100, [], false);
    const c = virtual.set(() => fired.push(`c@${clock.now()}`), 300, [], false);
    expect(virtual.clear(+b)).toBe(true);
    expect(virtual.clear({})).toBe(false);
    expect(virtual.clear(undefined)).toBe(false);
    clock.set(1_200);
    a.refresh();
    run();
    expect(fired).toEqual([`c@1300`, 'a@1300']);
    // a fired timeout refreshed is set again, as in Node
    a.refresh();
    run();
    expect(fired.at(-1)).toBe('a@1400');
    c.close();
  });

  it('waits only while a timer keeps the loop alive: unref’d ones fire when a ref’d one moves time past them', () => {
    const { virtual, clock, run } = timers();
    virtual.anchor();
    const fired: string[] = [];
    const early = virtual.set(() => fired.push(`unref'd@${clock.now()}`), 10, [], false).unref();
    expect(early.hasRef()).toBe(false);
    expect(virtual.earliest()).toBeUndefined();
    virtual.set(() => fired.push(`ref'd@${clock.now()}`), 50, [], false);
    run();
    expect(fired).toEqual([`unref'd@1010`, `ref'd@1050`]);
  });

  it('timers set while the environment loads start their delay with its first invocation; a new environment drops them', () => {
    const { virtual, clock, run } = timers(5);
    const fired: number[] = [];
    virtual.set(() => fired.push(clock.now()), 1_000, [], false);
    clock.set(1_700_000_000_000);
    virtual.anchor();
    run();
    expect(fired).toEqual([1_700_000_001_000]);
    virtual.set(() => fired.push(-1), 10, [], false);
    virtual.drop();
    expect(virtual.earliest()).toBeUndefined();
  });

  it('never moves the clock back: timers overdue when an invocation starts fire at its time, in order; one cleared or set again by an earlier one does not', () => {
    const { virtual, clock } = timers();
    virtual.anchor();
    const fired: string[] = [];
    const b = virtual.set(() => fired.push(`b@${clock.now()}`), 200, [], false);
    const c = virtual.set(() => fired.push(`c@${clock.now()}`), 300, [], false);
    virtual.set(() => (fired.push(`a@${clock.now()}`), b.refresh(), virtual.clear(c)), 100, [], false);
    virtual.set(() => fired.push('not yet'), 9_000, [], false);
    clock.set(9_000);
    for (const fire of virtual.due(clock.now() - 1)) fire();
    expect(fired).toEqual(['a@9000']);
    expect(virtual.earliest()).toBe(9_200);
  });

  it.each([[0, 1], [0.5, 1], [-5, 1], [Number.NaN, 1], ['20', 20], [2 ** 31, 1], [2 ** 31 - 1, 2 ** 31 - 1], [12.7, 12]])('a delay of %s runs as %s ms, as in Node', (delay, ms) => {
    expect(coerceDelay(delay)).toBe(ms);
  });
});
