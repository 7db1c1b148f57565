import { describe, expect, it } from 'vitest';
import { runInThread } from './support.js';

describe('installTimerFence: a timer fires only while the environment that set it lives', () => {
  it('timers of the live environment work as before (a zero-delay timeout in a fixed order); those of an ended one never fire, and its intervals stop', async () => {
    const [fired] = (await runInThread(new URL('./timer-fence.scenario.ts', import.meta.url))) as [string[]];
    // (a zero timeout and an immediate set in the same turn fire in either order)
    expect([...fired].sort()).toEqual(
      [
        'timeout a',
        'immediate',
        'promise v',
        'promisified p',
        'the ESM export is fenced: true',
        'interval 2',
        'immediate 1, zero timeout, zero promise, immediate 2',
        'new environment timeout',
      ].sort(),
    );
  });
});
