/** A mapping property outside what Lambda accepts; `path` names the property (e.g. mapping.BatchSize). */
export class MappingError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'MappingError';
  }
}
