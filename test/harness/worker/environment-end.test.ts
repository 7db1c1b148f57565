import { afterAll, describe, expect, it } from 'vitest';
import {
  catchProcessEnds,
  EnvironmentEnded,
  exceptionEnding,
  exitEnding,
  rejectionEnding,
  signalEnding,
  type Ending,
} from '../../../src/harness/worker/environment-end.js';

describe("endings, in Lambda's words", () => {
  it('an exit: the call and the exit status', () => {
    expect(exitEnding(3, 'process.exit(3)')).toEqual({
      name: 'Runtime.ExitError',
      message: 'the handler called process.exit(3), which ends the Lambda execution environment (Runtime exited with error: exit status 3)',
    });
    expect(exitEnding(undefined, 'process.exit()').message).toMatch(/exit status 0\)$/);
  });

  it('a signal: as the runtime words it, or its name when it has no words', () => {
    expect(signalEnding('SIGABRT', 'process.abort()').message).toMatch(/\(Runtime exited with error: signal: aborted \(core dumped\)\)$/);
    expect(signalEnding('SIGKILL', 'process.kill(process.pid, "SIGKILL")').message).toMatch(/signal: killed\)$/);
    expect(signalEnding('SIGUSR2', 'process.kill(process.pid, "SIGUSR2")').message).toMatch(/signal: SIGUSR2\)$/);
  });

  it('an unhandled rejection or an uncaught exception: the reason, whatever was thrown', () => {
    expect(rejectionEnding(new TypeError('x is undefined'))).toEqual({ name: 'Runtime.UnhandledPromiseRejection', message: 'TypeError: x is undefined' });
    expect(rejectionEnding('plain').message).toBe('plain');
    expect(rejectionEnding({ code: 42 }).message).toBe('{"code":42}');
    expect(rejectionEnding(undefined).message).toBe('undefined');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(rejectionEnding(cyclic).message).toBe('[object Object]');
    expect(exceptionEnding(new RangeError('late'))).toEqual({
      name: 'Runtime.UncaughtException',
      message: "RangeError: late (thrown outside the handler's promise, in a callback or timer)",
    });
  });
});

describe('catchProcessEnds: the handler ends its environment, not the thread', () => {
  const real = { exit: process.exit, abort: process.abort, kill: process.kill, exitCode: process.exitCode };
  const endings: Ending[] = [];
  catchProcessEnds((ending) => endings.push(ending));
  afterAll(() => {
    Object.assign(process, { exit: real.exit, abort: real.abort, kill: real.kill });
    process.exitCode = real.exitCode;
  });
  /** Calls it, expects it to unwind as the real call never returns, and gives the ending reported. */
  const ended = (call: () => unknown): string => {
    endings.length = 0;
    expect(call).toThrow(EnvironmentEnded);
    expect(endings).toHaveLength(1);
    return endings[0]!.message;
  };

  it('process.exit, with a code, with none (process.exitCode), and process.abort', () => {
    expect(ended(() => process.exit(3))).toMatch(/^the handler called process\.exit\(3\), .*exit status 3\)$/);
    process.exitCode = 7;
    expect(ended(() => process.exit())).toMatch(/^the handler called process\.exit\(\), .*exit status 7\)$/);
    process.exitCode = real.exitCode;
    expect(ended(() => process.abort())).toMatch(/^the handler called process\.abort\(\), .*signal: aborted \(core dumped\)\)$/);
  });

  it('process.kill of its own process, group or parent ends it; a signal 0 probe does not', () => {
    expect(ended(() => process.kill(process.pid))).toMatch(/^the handler called process\.kill\(process\.pid\), .*signal: terminated\)$/);
    expect(ended(() => process.kill(process.ppid, 'SIGKILL'))).toMatch(new RegExp(`process\\.kill\\(${process.ppid}, "SIGKILL"\\).*signal: killed\\)$`));
    expect(ended(() => process.kill(0, 9))).toMatch(/process\.kill\(0, 9\).*signal: killed\)$/);
    expect(process.kill(process.pid, 0)).toBe(true);
  });

  it('process.kill of any other process is refused with EPERM', () => {
    endings.length = 0;
    expect(() => process.kill(1, 'SIGTERM')).toThrow(expect.objectContaining({ code: 'EPERM', syscall: 'kill' }));
    expect(endings).toEqual([]);
  });
});
