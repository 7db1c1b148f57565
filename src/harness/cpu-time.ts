import { readFileSync } from 'node:fs';

/**
 * `utime` and `stime` of /proc/<pid>/stat are in clock ticks (proc(5): "divide by
 * sysconf(_SC_CLK_TCK)"), which is 100 on every Linux architecture Node runs on.
 */
const TICK_MS = 10;

/** CPU time a process has used so far, ms (user and system, all its threads); undefined where /proc is not there. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return cpuMsOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The CPU time in a /proc/<pid>/stat line: its command name (field 2) may hold spaces and parentheses, so fields are counted after the last `)`. */
export function cpuMsOfStat(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields 14 (utime) and 15 (stime), counted from field 3 (state)
  const [utime, stime] = [Number(fields[11]), Number(fields[12])];
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * TICK_MS : undefined;
}

/**
 * What the watchdog does once an invocation has run `limitMs` (or more) of real time. Every
 * downstream call is answered at once here, so a handler's time is its CPU time, or its waits on
 * timers. On a busy machine a handler that computes gets only a share of a core, and a real-time
 * limit would cut work that fits its timeout: while the execution environment's process keeps
 * computing (at least `minShare` of the real time), the cut waits until it has used `limitMs` of
 * CPU time, up to `maxStretch` times the limit in real time. A handler that mostly waits is cut
 * on time. Without CPU figures (no /proc, or limits too short to measure in ticks) real time decides.
 */
export function watchdogVerdict(limitMs: number, waitedMs: number, cpuMs: number | undefined): { cut: true } | { cut: false; againInMs: number } {
  const minShare = 0.1;
  const maxStretch = 4;
  if (cpuMs === undefined || limitMs < 20 * TICK_MS || waitedMs >= maxStretch * limitMs || cpuMs >= 0.9 * limitMs) return { cut: true };
  const share = cpuMs / Math.max(waitedMs, 1);
  if (share < minShare) return { cut: true };
  const needed = Math.ceil((limitMs - cpuMs) / share);
  return { cut: false, againInMs: Math.max(5 * TICK_MS, Math.min(needed, Math.ceil(maxStretch * limitMs - waitedMs))) };
}
