/**
 * The relay process: hosts one execution environment's worker thread, so that a handler that
 * outgrows V8's heap limit in one allocation takes down this process and not the harness (V8
 * gives a thread at its `resourceLimits` only a few megabytes more, then aborts the whole
 * process). The thread and the harness talk over their own socket (see thread-channel.ts); the
 * relay forwards only the thread's output, errors and exit, stops loops on request, prints
 * nothing of its own, and ends with its thread or with the harness.
 */
import { Worker } from 'node:worker_threads';
import { loopBreaker } from '../loop-breaker.js';
import { withoutRefusedFlags } from './thread-flags.js';
import { loadedSignal, type FromRelay, type RelayStart, type ToRelay } from './relay-protocol.js';

const send = (message: FromRelay) => process.send!(message);

let worker: Worker | undefined;
const MiB = 1024 * 1024;
const samplingMs = 100;

/**
 * Holds the process to V8's heap limit above what it used once the handler had loaded. V8 enforces
 * that limit itself, but a heap that grows in steps (a huge array's backing store doubling) spends
 * tens of seconds collecting near it before it aborts; measured from outside, the environment
 * ends as soon as it is over. Ended like V8's own limit: out of memory.
 */
function watchMemory(limitMb: number): void {
  const ceiling = process.memoryUsage.rss() + limitMb * MiB;
  const sampler = setInterval(() => {
    if (process.memoryUsage.rss() <= ceiling) return;
    clearInterval(sampler);
    const message = `the thread's process used more than ${limitMb} MB above its size once loaded`;
    process.send!({ type: 'error', name: 'Error', message, code: 'ERR_WORKER_OUT_OF_MEMORY' } satisfies FromRelay, () => process.kill(process.pid, 'SIGKILL'));
  }, samplingMs).unref();
}

function startThread(options: RelayStart, execArgv: string[]): Worker {
  try {
    return new Worker(options.code, {
      eval: true,
      execArgv,
      workerData: options.workerData,
      env: options.env,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb },
    });
  } catch (error) {
    const kept = withoutRefusedFlags(execArgv, error);
    if (kept === undefined) throw error;
    return startThread(options, kept);
  }
}

/** What the thread was told before it existed (the harness posts as soon as it starts it). */
const early: ToRelay[] = [];

async function start(options: RelayStart): Promise<void> {
  await loopBreaker.watch();
  worker = startThread(options, options.execArgv);
  worker.once('message', (message: unknown) => {
    if (message === loadedSignal) watchMemory(options.maxOldGenerationSizeMb);
  });
  worker.on('error', (error: Error & { code?: string }) => send({ type: 'error', name: error.name, message: error.message, code: error.code }));
  worker.on('exit', (code) => process.send!({ type: 'exit', code } satisfies FromRelay, () => process.exit(0)));
  for (const stream of ['stdout', 'stderr'] as const) {
    worker[stream].setEncoding('utf8');
    worker[stream].on('data', (chunk: string) => send({ type: 'output', stream, chunk }));
  }
  for (const message of early.splice(0)) handle(message);
}

function handle(message: ToRelay): void {
  if (message.type === 'start') {
    void start(message);
    return;
  }
  if (worker === undefined) {
    early.push(message);
    return;
  }
  if (message.type === 'interrupt') void loopBreaker.interrupt(worker).then((done) => send({ type: 'interrupted', done }));
  else void worker.terminate();
}

process.on('message', handle);
// the harness is gone (or let this environment go): nothing here may outlive it
process.on('disconnect', () => process.exit(0));
