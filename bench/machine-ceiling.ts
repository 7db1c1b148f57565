import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * What the machine's cores do at once, measured with work that has no sharing, no I/O and no
 * waiting: the most any number of workers could gain here. A virtual machine's cores need not be
 * equal (a vCPU that shares its host core with others runs slower), and code that allocates a lot
 * also contends for memory, so the ceiling is measured, not assumed to be the core count.
 */
export interface MachineCeiling {
  /** Threads run at once (the cores compared, at most 2). */
  threads: number;
  /** Computing only (a register loop): the work done by `threads` threads at once over one thread's. */
  computing: Kernel;
  /** Allocating short-lived objects, as JavaScript that builds and parses messages does. */
  allocating: Kernel;
}

export interface Kernel {
  aloneMs: number;
  /** Each thread's time when all ran at once, ms. */
  togetherMs: number[];
  /** Work per second of all the threads together over one thread's alone (dynamic sharing, as the case pool does). */
  ceiling: number;
}

const kernels = {
  computing: `let x = 0; for (let i = 0; i < 1.5e9; i++) x ^= i * 7; result = x;`,
  allocating: `let keep = []; for (let i = 0; i < 2e6; i++) { keep.push({ a: i, b: String(i), c: [i] }); if (keep.length > 1e5) keep = []; } result = keep.length;`,
} as const;

function runKernel(body: string): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads'); let result; const t = performance.now(); ${body} parentPort.postMessage([performance.now() - t, result]);`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', ([ms]: [number]) => resolve(ms));
    worker.once('error', reject);
  });
}

async function measureKernel(body: string, threads: number): Promise<Kernel> {
  // one thread alone may land on the slower core: its best of three is the one-core figure
  const alone = [await runKernel(body), await runKernel(body), await runKernel(body)];
  const togetherMs = await Promise.all(Array.from({ length: threads }, () => runKernel(body)));
  const aloneMs = Math.min(...alone, ...togetherMs);
  return { aloneMs, togetherMs, ceiling: togetherMs.reduce((sum, ms) => sum + aloneMs / ms, 0) };
}

export async function measureMachineCeiling(): Promise<MachineCeiling> {
  const threads = Math.min(2, availableParallelism());
  return { threads, computing: await measureKernel(kernels.computing, threads), allocating: await measureKernel(kernels.allocating, threads) };
}

export function formatMachineCeiling(m: MachineCeiling): string {
  const kernel = (k: Kernel) => `${k.ceiling.toFixed(2)}x (one thread ${Math.round(k.aloneMs)} ms; ${m.threads} at once ${k.togetherMs.map(Math.round).join(' and ')} ms)`;
  return [
    `this machine's ${m.threads} cores at once do the work of one, computing only: ${kernel(m.computing)}`,
    `  allocating short-lived objects: ${kernel(m.allocating)}`,
  ].join('\n');
}
