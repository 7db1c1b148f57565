/** Runs in its own thread (timer-fence.test.ts): the fence replaces the thread's timer functions. */
import { parentPort } from 'node:worker_threads';
import { promisify } from 'node:util';
import timersPromises from 'node:timers/promises';
import { installTimerFence } from '../../../src/harness/worker/timer-fence.js';
import { VirtualTimers } from '../../../src/harness/worker/virtual-timers.js';

let generation = 0;
let now = 1_000;
const clock = { now: () => now, set: (at: number) => void (now = at) };
const virtual = new VirtualTimers(clock);
virtual.anchor();
installTimerFence(() => generation, virtual);
const fired: string[] = [];
const turn = () => new Promise((resolve) => setImmediate(resolve));
/** What the worker does whenever its event loop is idle: fires the next timer, in virtual time. */
async function idle(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    await turn();
    const next = virtual.earliest();
    if (next === undefined) return;
    for (const fire of virtual.due(Math.max(next, now))) setImmediate(fire);
  }
}

// within one environment, every kind of timer works, the delayed ones in virtual time
setTimeout((arg: string) => fired.push(`timeout ${arg}`), 0, 'a');
setImmediate(() => fired.push('immediate'));
let ticks = 0;
const interval = setInterval(() => {
  if (++ticks === 2) clearInterval(interval);
}, 1);
const promised = timersPromises.setTimeout(1, 'v');
const promisified = promisify(setTimeout)(1, 'p');
const started = Date.now();
await idle();
fired.push(`promise ${await promised}`, `promisified ${await promisified}`);
const { setTimeout: namedSetTimeout } = await import('node:timers');
fired.push(`the ESM export is fenced: ${namedSetTimeout === globalThis.setTimeout}`);
fired.push(`interval ${ticks}`);
fired.push(`virtual time ${now - 1_000} ms, real time ${Date.now() - started < 1_000 ? 'under 1 s' : 'over 1 s'}`);

// a long sleep costs no real time; clearTimeout takes the handle or its id; an aborted sleep rejects as Node's does
const sleep = timersPromises.setTimeout(60_000, 'slept');
clearTimeout(+setTimeout(() => fired.push('cleared by id'), 10));
const controller = new AbortController();
const aborted: Promise<string> = timersPromises.setTimeout(30_000, 'woke', { signal: controller.signal }).catch((error: Error & { code?: string }) => `${error.name} ${error.code}`);
controller.abort();
await idle();
fired.push(`${await sleep} at +${now - 1_000} ms`, await aborted);

// a zero-delay timeout runs at the next check phase, among immediates in the order they were set,
// even when more than 1 ms passes before the loop gets there (Node's own would then run first)
const order: string[] = [];
setImmediate(() => order.push('immediate 1'));
setTimeout(() => order.push('zero timeout'), 0);
void timersPromises.setTimeout(0).then(() => order.push('zero promise'));
clearTimeout(setTimeout(() => order.push('cleared'), 0));
clearInterval(setTimeout(() => order.push('cleared as an interval'), 0));
setImmediate(() => order.push('immediate 2'));
const busyUntil = performance.now() + 5;
while (performance.now() < busyUntil);
await turn();
await turn();
fired.push(order.join(', '));

// timers the ended environment left behind never fire; an interval of it stops
setTimeout(() => fired.push('left-behind timeout'), 1);
setImmediate(() => fired.push('left-behind immediate'));
setInterval(() => fired.push('left-behind interval'), 1);
void timersPromises.setTimeout(1).then(() => fired.push('left-behind promise'));
void timersPromises.setImmediate().then(() => fired.push('left-behind promise immediate'));
generation = 1;
setTimeout(() => fired.push('new environment timeout'), 2);
await idle();

parentPort!.postMessage(fired);
