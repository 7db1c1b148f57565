import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RelayedWorker } from '../../../src/harness/relay/relayed-worker.js';

const channelUrl = new URL('../../../src/harness/relay/thread-channel.ts', import.meta.url).href;

/** A thread's code that runs `body` with `channel`, its end of the channel to the harness (see thread-channel.ts). */
function thread(body: string): string {
  const tsx = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(channelUrl)}, ${JSON.stringify(import.meta.url)})).then(({ ThreadChannel }) => {
    const channel = new ThreadChannel();
    ${body}
  });`;
}

/** A thread that says it is ready and then idles (as a warm execution environment does). */
const idleThread = thread(`channel.post({ type: 'ready' }); setInterval(() => {}, 1000);`);

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (let waited = 0; waited < withinMs; waited += 50) {
    if (!running(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !running(pid);
}

function start(code: string): RelayedWorker {
  return new RelayedWorker({ code, workerData: null, env: {}, maxOldGenerationSizeMb: 64 });
}

describe('the relay process that hosts an execution environment', () => {
  it('forwards messages both ways, and terminate ends its process', async () => {
    const relay = start(thread(`channel.onMessage((m) => channel.post({ echo: m }));`));
    const echoed = new Promise((resolve) => relay.once('message', resolve));
    relay.postMessage({ type: 'ping', at: 1n });
    expect(await echoed).toEqual({ echo: { type: 'ping', at: 1n } });
    const exited = new Promise((resolve) => relay.once('exit', resolve));
    await relay.terminate();
    await exited;
    expect(running(relay.pid!)).toBe(false);
  });

  it('carries messages larger than the socket can hold at once, in order, both ways', async () => {
    const relay = start(thread(`channel.onMessage((m) => channel.post({ echo: m }));`));
    const big = 'y'.repeat(3_000_000);
    const echoes: unknown[] = [];
    const done = new Promise<void>((resolve) => relay.on('message', (m) => echoes.push(m) === 3 && resolve()));
    relay.postMessage({ n: 1, big });
    relay.postMessage({ n: 2 });
    relay.postMessage({ n: 3, big });
    await done;
    expect(echoes).toEqual([{ echo: { n: 1, big } }, { echo: { n: 2 } }, { echo: { n: 3, big } }]);
    await relay.terminate();
  });

  it('a thread blocked waiting (as for the answers to a burst of calls) receives without its event loop, in the order sent', async () => {
    // the thread asks, then blocks until three answers have come; a fourth, read with them, is handled later, as usual
    const relay = start(
      thread(`
      channel.onMessage((m) => {
        if (m.type === 'go') {
          // outside the delivery of 'go' (as a handler's SDK call is): nothing else would take the message left over
          setImmediate(() => {
            channel.post({ type: 'ask' });
            const got = [];
            while (got.length < 3) {
              const next = channel.receiveSync();
              if (next) got.push(next.message.n);
              else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
            }
            channel.post({ got });
          });
        } else channel.post({ later: m.n });
      });`),
    );
    const replies: unknown[] = [];
    const done = new Promise<void>((resolve) =>
      relay.on('message', (m: { type?: string }) => {
        if (m.type === 'ask') for (const n of [1, 2, 3, 4]) relay.postMessage({ n });
        else if (replies.push(m) === 2) resolve();
      }),
    );
    relay.postMessage({ type: 'go' });
    await done;
    expect(replies).toEqual([{ got: [1, 2, 3] }, { later: 4 }]);
    await relay.terminate();
  });

  it('a thread that outgrows its heap ends the relay, reported as out of memory; this process lives on', async () => {
    const relay = start(thread(`channel.post({ type: 'ready' }); setTimeout(() => new Array(3e8).fill(0), 10);`));
    const errors: string[] = [];
    relay.on('error', (error: Error & { code?: string }) => errors.push(error.code ?? error.message));
    await new Promise((resolve) => relay.once('exit', resolve));
    expect(errors).toEqual(['ERR_WORKER_OUT_OF_MEMORY']);
  }, 120_000);

  it("starts its thread under the harness's V8 and process flags, which Node refuses a thread: they are the process's, the thread keeps the rest", async () => {
    const flags = ['--max-old-space-size=512', '--stack-size=2000', '--conditions=conformance-test'];
    const relay = new RelayedWorker({ code: thread(`channel.post({ execArgv: process.execArgv });`), workerData: null, env: {}, maxOldGenerationSizeMb: 64, execArgv: flags });
    const told = new Promise((resolve) => {
      relay.once('message', resolve);
      relay.once('exit', (code) => resolve({ exit: code }));
    });
    expect(await told).toEqual({ execArgv: ['--conditions=conformance-test'] });
    await relay.terminate();
  }, 120_000);

  it('does not outlive the process that started it', async () => {
    const script = `
      const { RelayedWorker } = await import(${JSON.stringify(new URL('../../../src/harness/relay/relayed-worker.ts', import.meta.url).href)});
      const relay = new RelayedWorker({ code: ${JSON.stringify(idleThread)}, workerData: null, env: {}, maxOldGenerationSizeMb: 64 });
      relay.once('message', () => console.log(relay.pid));`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    expect(running(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await gone(pid, 30_000)).toBe(true);
  }, 120_000);
});
