import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { loopBreaker } from '../../src/harness/loop-breaker.js';

/** Answers 'ping' with 'pong'; on 'loop', loops for ever (in a message handler, as an invocation runs). */
const looping = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (message) => {
  if (message === 'loop') {
    parentPort.postMessage('looping');
    for (;;) {}
  }
  parentPort.postMessage('pong');
});
parentPort.postMessage('ready');
`;

describe('loopBreaker: a synchronous loop in a worker thread stopped without ending the thread', () => {
  const workers: Worker[] = [];
  afterAll(() => Promise.all(workers.map((worker) => worker.terminate())));

  it('the loop is abandoned and the thread goes on answering', async () => {
    await loopBreaker.watch();
    const worker = new Worker(looping, { eval: true });
    workers.push(worker);
    await once(worker, 'message');
    worker.postMessage('loop');
    await once(worker, 'message');
    expect(await loopBreaker.interrupt(worker)).toBe(true);
    worker.postMessage('ping');
    expect(await once(worker, 'message')).toEqual(['pong']);
  });

  it('a thread that has ended cannot be interrupted', async () => {
    await loopBreaker.watch();
    const worker = new Worker(looping, { eval: true });
    await once(worker, 'message');
    await worker.terminate();
    expect(await loopBreaker.interrupt(worker)).toBe(false);
  });
});
