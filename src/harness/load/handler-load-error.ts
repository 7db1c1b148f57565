import { UserError } from '../../core/user-error.js';

/** Why a handler could not be loaded; every kind makes the CLI exit with code 2. */
export type HandlerLoadErrorKind = 'not-found' | 'export-missing' | 'not-a-function' | 'import-failed';

/**
 * A handler that cannot be loaded. The message is one line, names the cause and the fix, and
 * shows paths relative to the working directory; it is meant to be printed as is, without a stack.
 */
export class HandlerLoadError extends UserError {
  override readonly name = 'HandlerLoadError';

  constructor(
    readonly kind: HandlerLoadErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
