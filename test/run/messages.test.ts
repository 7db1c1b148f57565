import { describe, expect, it } from 'vitest';
import { endedAfterRunWarning } from '../../src/harness/ended-after-run.js';
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

  it("what several runs' last invocations raised after returning is one warning per kind, naming the errors", () => {
    const ended = (name: string, message: string) => endedAfterRunWarning({ name, message });
    const throughput = ended('Runtime.UnhandledPromiseRejection', 'ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.');
    expect(throughput).toBe(
      "the handler's last invocation of the run returned, then raised Runtime.UnhandledPromiseRejection: ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API; in Lambda this ends the execution environment, and the next invocation fails with it",
    );
    const hangUp = ended('Runtime.UnhandledPromiseRejection', 'Error: socket hang up');
    const exit = ended('Runtime.ExitError', 'the handler called process.exit(1)');
    // one of a kind stays as it is
    expect(reportWarnings(['first', exit, 'second'])).toEqual(['first', exit, 'second']);
    const rejections = [4, 5, 6].map((n) => ended('Runtime.UnhandledPromiseRejection', `Error: write ${n} failed`));
    expect(reportWarnings(['first', throughput, exit, hangUp, 'second', ...rejections])).toEqual([
      'first',
      "in several runs the handler's last invocation returned, then raised Runtime.UnhandledPromiseRejection, with 5 different errors (ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded; Error: socket hang up; Error: write 4 failed; and 2 more); in Lambda this ends the execution environment, and the next invocation fails with it",
      exit,
      'second',
    ]);
  });
});
