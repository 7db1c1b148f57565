import { UserError } from '../core/user-error.js';

/**
 * A config that cannot be used (exit code 2). The message is one line that names the file, the
 * key path and the fix, e.g.
 * `conformance.config.ts: mapping.BatchSize: must be an integer from 1 to 10000, got 0`.
 */
export class ConfigError extends UserError {
  override readonly name = 'ConfigError';

  constructor(
    message: string,
    readonly details: { file?: string; path?: string; cause?: unknown } = {},
  ) {
    super(oneLine(message), details.cause === undefined ? undefined : { cause: details.cause });
  }

  /** `<where>: <path>: <problem>`. */
  static at(where: string, path: string, problem: string): ConfigError {
    return new ConfigError(`${where}: ${path}: ${problem}`, { file: where, path });
  }
}

/** Collapses a (possibly multi-line) message into one line. */
export function oneLine(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
}
