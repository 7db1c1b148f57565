/**
 * An error whose message is written for the user: one line that names the problem and the fix.
 * The CLI prints it as is and exits with code 2; anything else is an internal error. Every stage
 * that can refuse the user's input (config, mapping, handler, tables, command line) throws a subclass.
 */
export class UserError extends Error {
  override name = 'UserError';
}
