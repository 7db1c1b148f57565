import { parentPort } from 'node:worker_threads';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { installSeededRandom, installVirtualClock } from '../../../src/harness/worker/determinism.js';

// Runs in a thread of its own (determinism.test.ts): it replaces the thread's Date, Math.random and crypto.
const clock = installVirtualClock(1_700_000_000_000);
const random = installSeededRandom();

const draw = () => ({
  math: [Math.random(), Math.random()],
  uuid: randomUUID(),
  globalUuid: globalThis.crypto.randomUUID(),
  bytes: randomBytes(8).toString('hex'),
  int: randomInt(10, 20),
  values: [...globalThis.crypto.getRandomValues(new Uint8Array(4))],
});

const dates = { now: Date.now(), constructed: new Date().getTime(), called: Date(), given: new Date(0).toISOString(), parsed: Date.parse('2024-01-01T00:00:00Z') };
clock.set(1_700_000_123_456);
const later = { now: Date.now(), iso: new Date().toISOString(), instance: new Date() instanceof Date };

random.reseed(7, 0);
const first = draw();
random.reseed(7, 0);
const again = draw();
random.reseed(7, 1);
const nextInvocation = draw();
random.reseed(8, 0);
const otherSeed = draw();
parentPort!.postMessage({ dates, later, first, again, nextInvocation, otherSeed });
