import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerWait } from '../../src/harness/worker/answer-wait.js';

describe('AnswerWait: the worker polls briefly for the answer instead of sleeping', () => {
  const channels: MessageChannel[] = [];
  const channel = () => {
    const c = new MessageChannel();
    channels.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of channels.splice(0)) {
      c.port1.close();
      c.port2.close();
    }
  });

  it('hands over the first waiting message, one per wait, in order', () => {
    const { port1, port2 } = channel();
    const got: unknown[] = [];
    const wait = new AnswerWait(port2, (m) => got.push(m));
    port1.postMessage({ id: 1 });
    port1.postMessage({ id: 2 });
    wait.wait();
    expect(got).toEqual([{ id: 1 }]);
    wait.wait();
    expect(got).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('gives up after its budget, and stops polling after three misses in a row', () => {
    const { port1, port2 } = channel();
    const got: unknown[] = [];
    const wait = new AnswerWait(port2, (m) => got.push(m), 1);
    for (let i = 0; i < 3; i++) wait.wait();
    expect(got).toEqual([]);
    port1.postMessage({ id: 3 });
    wait.wait(); // paused: the message is left to the port's 'message' event
    expect(got).toEqual([]);
  });
});
