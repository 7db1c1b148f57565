import { describe, expect, it } from 'vitest';
import { runInThread } from './support.js';

describe('installTimerFence: a timer fires only while the environment that set it lives', () => {
  it('timers of the live environment work (a zero-delay timeout in a fixed order, the others in virtual time); those of an ended one never fire, and its intervals stop', async () => {
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
        'virtual time 2 ms, real time under 1 s',
        'slept at +60002 ms',
        'AbortError ABORT_ERR',
        'immediate 1, zero timeout, zero promise, immediate 2',
        'new environment timeout',
      ].sort(),
    );
  });
});
