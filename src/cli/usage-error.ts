import { UserError } from '../core/user-error.js';

/** Bad command-line use (exit code 2): one line naming the flag and the fix. */
export class UsageError extends UserError {
  override readonly name = 'UsageError';
}
