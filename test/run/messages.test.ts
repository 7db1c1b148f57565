import { describe, expect, it } from 'vitest';
import { heldMessage, reportWarnings } from '../../src/run/messages.js';

describe('messages of a check', () => {
  it('a rule that held names its cases', () => {
    expect(heldMessage(100)).toBe('held in 100 generated case(s)');
  });

  it('a warning said short early and long later is shown once, long; others keep their order and show once', () => {
    const short = 'the handler kept running past its 1.00 s timeout in real time (a synchronous loop, or a wait longer than function.Timeout)';
    const long = `${short}: after the first time, invocations were cut after 20 ms of real time`;
    expect(reportWarnings(['first', short, 'second', long, 'first'])).toEqual(['first', 'second', long]);
    // a warning that merely begins like another one is a different warning
    expect(reportWarnings(['no AWS call', 'no AWS call was recorded'])).toEqual(['no AWS call', 'no AWS call was recorded']);
  });
});
