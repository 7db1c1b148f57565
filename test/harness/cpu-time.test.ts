import { describe, expect, it } from 'vitest';
import { cpuMsOfStat, processCpuMs, watchdogVerdict } from '../../src/harness/cpu-time.js';

describe('CPU time of the execution environment’s process', () => {
  it('reads utime + stime from a /proc stat line, whatever the command name holds', () => {
    const stat = (comm: string) => `4242 (${comm}) R 1 4242 4242 0 -1 4194304 900 0 0 0 123 45 0 0 20 0 11 0 100 1000000 2000 18446744073709551615`;
    expect(cpuMsOfStat(stat('node'))).toBe(1680);
    expect(cpuMsOfStat(stat('a) b (c'))).toBe(1680);
    expect(cpuMsOfStat('garbage')).toBeUndefined();
  });

  it('counts this process’s CPU as it computes; an unknown process has none', () => {
    const before = processCpuMs(process.pid);
    if (before === undefined) return; // no /proc here: the watchdog falls back to real time
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 80_000) Math.sqrt(Math.random());
    expect(processCpuMs(process.pid)! - before).toBeGreaterThanOrEqual(60);
    expect(processCpuMs(undefined)).toBeUndefined();
    expect(processCpuMs(2 ** 30)).toBeUndefined();
  });
});

describe('watchdogVerdict: real time for a handler that waits, CPU time for one that computes on a busy machine', () => {
  it.each([
    ['no CPU figures: real time decides', 3000, 3000, undefined, { cut: true }],
    ['a limit too short to measure in clock ticks', 100, 100, 10, { cut: true }],
    ['it computed for its whole limit', 3000, 3000, 2900, { cut: true }],
    ['it waited (a timer past the timeout), barely computing', 3000, 3000, 100, { cut: true }],
    ['a quarter of a core: wait for the CPU time it still needs', 3000, 3000, 750, { cut: false, againInMs: 9000 }],
    ['never past four times the limit in real time', 3000, 11_000, 2000, { cut: false, againInMs: 1000 }],
    ['at four times the limit it is cut', 3000, 12_000, 2000, { cut: true }],
    ['the next look is never sooner than 50 ms', 200, 200, 170, { cut: false, againInMs: 50 }],
  ] as const)('%s', (_name, limitMs, waitedMs, cpuMs, verdict) => {
    expect(watchdogVerdict(limitMs, waitedMs, cpuMs)).toEqual(verdict);
  });
});
