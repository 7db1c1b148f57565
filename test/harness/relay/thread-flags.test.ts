import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { withoutRefusedFlags } from '../../../src/harness/relay/thread-flags.js';

/** The error Node itself gives a thread started with these flags. */
function refusal(execArgv: string[]): unknown {
  try {
    void new Worker('', { eval: true, execArgv }).terminate();
  } catch (error) {
    return error;
  }
  throw new Error('Node took every flag');
}

describe('the flags a thread takes of its process', () => {
  it('drops exactly the flags Node refused', () => {
    const flags = ['--max-old-space-size=4096', '--conditions=x', '--stack-size=2000', '--enable-source-maps'];
    expect(withoutRefusedFlags(flags, refusal(flags))).toEqual(['--conditions=x', '--enable-source-maps']);
  });

  it('gives up on any other error, or one that names no flag it was given', () => {
    expect(withoutRefusedFlags(['--max-old-space-size=1'], new Error('boom'))).toBeUndefined();
    expect(withoutRefusedFlags(['--conditions=x'], refusal(['--title=t']))).toBeUndefined();
  });
});
