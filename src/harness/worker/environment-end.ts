/**
 * The ways a handler can end its Lambda execution environment from inside: `process.exit`,
 * `process.abort`, `process.kill(process.pid)`, an unhandled rejection or an uncaught exception.
 * In Lambda the runtime process dies, the invocation fails (`Runtime.ExitError`,
 * `Runtime.UnhandledPromiseRejection`, …) and the next invocation gets a fresh environment. Here the
 * thread must survive (it is reused for the cold start), so the calls are caught and reported
 * instead of obeyed.
 */

/** Why the environment ended: the function error the invocation reports. */
export interface Ending {
  name: string;
  message: string;
}

/**
 * Thrown out of `process.exit` and friends to unwind the handler's stack, as the real call never
 * returns. A handler that catches it gains nothing: its invocation is already over.
 */
export class EnvironmentEnded extends Error {
  override name = 'EnvironmentEnded';
}

/** Lambda's wording for the runtime process's end (`Runtime exited with error: exit status 3`). */
const signalWords: Record<string, string> = { SIGABRT: 'aborted (core dumped)', SIGKILL: 'killed', SIGTERM: 'terminated', SIGINT: 'interrupt' };

export function exitEnding(code: number | undefined, call: string): Ending {
  return { name: 'Runtime.ExitError', message: `the handler called ${call}, which ends the Lambda execution environment (Runtime exited with error: exit status ${code ?? 0})` };
}

export function signalEnding(signal: string, call: string): Ending {
  return { name: 'Runtime.ExitError', message: `the handler called ${call}, which ends the Lambda execution environment (Runtime exited with error: signal: ${signalWords[signal] ?? signal})` };
}

export function rejectionEnding(reason: unknown): Ending {
  return { name: 'Runtime.UnhandledPromiseRejection', message: describeReason(reason) };
}

export function exceptionEnding(error: unknown): Ending {
  return { name: 'Runtime.UncaughtException', message: `${describeReason(error)} (thrown outside the handler's promise, in a callback or timer)` };
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return typeof reason === 'string' ? reason : (JSON.stringify(reason) ?? String(reason));
  } catch {
    return String(reason);
  }
}

/**
 * Replaces `process.exit`, `process.abort` and `process.kill` of this thread's own process (or its
 * group, or the parent that runs the suite): each reports the ending and throws to unwind.
 * `process.kill` of any other process is refused (EPERM), as the handler has no business there.
 */
export function catchProcessEnds(end: (ending: Ending) => void): void {
  process.exit = ((code?: number | string | null) => {
    const status = code === undefined || code === null ? (typeof process.exitCode === 'number' ? process.exitCode : 0) : Number(code);
    end(exitEnding(status, `process.exit(${code ?? ''})`));
    throw new EnvironmentEnded('process.exit');
  }) as typeof process.exit;
  process.abort = (() => {
    end(signalEnding('SIGABRT', 'process.abort()'));
    throw new EnvironmentEnded('process.abort');
  }) as typeof process.abort;
  const realKill = process.kill.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    const own = pid === process.pid || pid === 0 || pid === -process.pid || pid === process.ppid || pid === -1;
    if (!own) {
      if (signal === 0) return realKill(pid, 0);
      throw Object.assign(new Error('kill EPERM'), { code: 'EPERM', errno: -1, syscall: 'kill' });
    }
    if (signal === 0) return true;
    const name = typeof signal === 'string' ? signal : signal === undefined ? 'SIGTERM' : signalName(signal);
    end(signalEnding(name, `process.kill(${pid === process.pid ? 'process.pid' : pid}${signal === undefined ? '' : `, ${JSON.stringify(signal)}`})`));
    throw new EnvironmentEnded('process.kill');
  }) as typeof process.kill;
}

function signalName(signal: number): string {
  const names: Record<number, string> = { 1: 'SIGHUP', 2: 'SIGINT', 6: 'SIGABRT', 9: 'SIGKILL', 15: 'SIGTERM' };
  return names[signal] ?? `signal ${signal}`;
}
