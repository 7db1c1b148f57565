import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RelayedWorker } from '../../src/harness/relay/relayed-worker.js';

const channelUrl = new URL('../../src/harness/relay/thread-channel.ts', import.meta.url).href;

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

  it('a thread that outgrows its heap ends the relay, reported as out of memory; this process lives on', async () => {
    const relay = start(thread(`channel.post({ type: 'ready' }); setTimeout(() => new Array(3e8).fill(0), 10);`));
    const errors: string[] = [];
    relay.on('error', (error: Error & { code?: string }) => errors.push(error.code ?? error.message));
    await new Promise((resolve) => relay.once('exit', resolve));
    expect(errors).toEqual(['ERR_WORKER_OUT_OF_MEMORY']);
  }, 120_000);

  it('does not outlive the process that started it', async () => {
    const script = `
      const { RelayedWorker } = await import(${JSON.stringify(new URL('../../src/harness/relay/relayed-worker.ts', import.meta.url).href)});
      const relay = new RelayedWorker({ code: ${JSON.stringify(idleThread)}, workerData: null, env: {}, maxOldGenerationSizeMb: 64 });
      relay.once('message', () => console.log(relay.pid));`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    expect(running(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await gone(pid, 30_000)).toBe(true);
  }, 120_000);
});
