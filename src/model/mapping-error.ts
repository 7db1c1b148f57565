import { UserError } from '../core/user-error.js';

/** A mapping property outside what Lambda accepts; `path` names the property (e.g. mapping.BatchSize). */
export class MappingError extends UserError {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'MappingError';
  }
}
