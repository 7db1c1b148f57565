/** Runs in its own thread (timer-fence.test.ts): the fence replaces the thread's timer functions. */
import { parentPort } from 'node:worker_threads';
import { promisify } from 'node:util';
import timersPromises from 'node:timers/promises';
import { installTimerFence } from '../../../src/harness/worker/timer-fence.js';

let generation = 0;
installTimerFence(() => generation);
const fired: string[] = [];
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

// within one environment, every kind of timer works as before
setTimeout((arg: string) => fired.push(`timeout ${arg}`), 0, 'a');
setImmediate(() => fired.push('immediate'));
let ticks = 0;
const interval = setInterval(() => {
  if (++ticks === 2) clearInterval(interval);
}, 1);
fired.push(`promise ${await timersPromises.setTimeout(1, 'v')}`);
fired.push(`promisified ${await promisify(setTimeout)(1, 'p')}`);
const { setTimeout: namedSetTimeout } = await import('node:timers');
fired.push(`the ESM export is fenced: ${namedSetTimeout === globalThis.setTimeout}`);
while (ticks < 2) await settle();
fired.push(`interval ${ticks}`);

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
await settle();
fired.push(order.join(', '));

// timers the ended environment left behind never fire; an interval of it stops
setTimeout(() => fired.push('left-behind timeout'), 1);
setImmediate(() => fired.push('left-behind immediate'));
setInterval(() => fired.push('left-behind interval'), 1);
void timersPromises.setTimeout(1).then(() => fired.push('left-behind promise'));
void timersPromises.setImmediate().then(() => fired.push('left-behind promise immediate'));
generation = 1;
setTimeout(() => fired.push('new environment timeout'), 2);
await settle();
await settle();

parentPort!.postMessage(fired);
