import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { AnswerWait, type WaitClock } from '../../../src/harness/worker/answer-wait.js';

const isAnswer = (m: unknown) => (m as { type?: string }).type === 'call-answer';
const isAbandon = (m: unknown) => (m as { type?: string }).type === 'abandon';

describe('AnswerWait: every answer of a burst, handed over together in the order sent', () => {
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

  it('waits for as many answers as the burst has calls, then dispatches all, other messages included, in order', () => {
    const { port1, port2 } = channel();
    const got: unknown[] = [];
    const wait = new AnswerWait(() => receiveMessageOnPort(port2), (m) => got.push(m), isAnswer, isAbandon);
    port1.postMessage({ type: 'call-answer', id: 2 });
    port1.postMessage({ type: 'fetch-answer', id: 9 });
    port1.postMessage({ type: 'call-answer', id: 1 });
    port1.postMessage({ type: 'call-answer', id: 3 });
    wait.wait(2);
    expect(got).toEqual([{ type: 'call-answer', id: 2 }, { type: 'fetch-answer', id: 9 }, { type: 'call-answer', id: 1 }]);
    wait.wait(1);
    expect(got.at(-1)).toEqual({ type: 'call-answer', id: 3 });
  });

  it('stops waiting when the main thread abandons the burst (an invocation timed out), keeping what came before', () => {
    const { port1, port2 } = channel();
    const got: unknown[] = [];
    port1.postMessage({ type: 'call-answer', id: 1 });
    port1.postMessage({ type: 'abandon' });
    port1.postMessage({ type: 'reset' });
    new AnswerWait(() => receiveMessageOnPort(port2), (m) => got.push(m), isAnswer, isAbandon).wait(3);
    expect(got).toEqual([{ type: 'call-answer', id: 1 }]);
  });

  it('answers that arrive late, one by one, are still handed over together (timing never shows)', async () => {
    // the answering side runs in another thread, slowly: the waiting thread blocks until the last one
    const { port1, port2 } = channel();
    const answerer = new Worker(
      `const { workerData } = require('node:worker_threads');
       const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
       for (const id of [3, 1, 2]) { pause(15); workerData.port.postMessage({ type: 'call-answer', id }); }`,
      { eval: true, workerData: { port: port1 }, transferList: [port1] },
    );
    const got: unknown[] = [];
    new AnswerWait(() => receiveMessageOnPort(port2), (m) => got.push(m), isAnswer, isAbandon).wait(3);
    expect(got.map((m) => (m as { id: number }).id)).toEqual([3, 1, 2]);
    await answerer.terminate();
  });

  describe('polls before sleeping only while answers come within the polling window', () => {
    /** Virtual time: each look at the clock moves it 1 µs, a sleep moves it by its length; `events` tells polls and sleeps apart. */
    const setup = () => {
      const events: string[] = [];
      let t = 0;
      const clock: WaitClock = {
        now: () => (t += 0.001),
        sleep: (ms) => {
          events.push('sleep');
          t += ms;
        },
      };
      /** Answers arrive at these polls (counted from 1 within each wait). */
      let answerAt: number[] = [];
      let polls = 0;
      const wait = new AnswerWait(
        () => {
          events.push('poll');
          return answerAt.includes(++polls) ? { message: { type: 'call-answer', id: polls } } : undefined;
        },
        () => {},
        isAnswer,
        isAbandon,
        0.2,
        clock,
      );
      return {
        events,
        run(at: number[]) {
          answerAt = at;
          polls = 0;
          events.length = 0;
          wait.wait(at.length);
          return [...events];
        },
      };
    };

    it('an answer that comes while it polls is taken without a sleep', () => {
      expect(setup().run([5])).toEqual(['poll', 'poll', 'poll', 'poll', 'poll']);
    });

    it('after a wait that outlasted the polling window, the next one sleeps before its second poll; a wait over within the first sleep brings the polling back', () => {
      const waits = setup();
      const slow = waits.run([1000]);
      expect(slow.indexOf('sleep')).toBeGreaterThan(1);
      expect(waits.run([2])).toEqual(['poll', 'sleep', 'poll']);
      expect(waits.run([3])).toEqual(['poll', 'poll', 'poll']);
    });
  });
});
