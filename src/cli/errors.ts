/** Bad command-line use (exit code 2): one line naming the flag and the fix. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
