/**
 * What the embedded DynamoDB noticed about the handler's calls that is a problem of the setup
 * rather than of the handler's logic. The harness reads them (and clears them) to report them.
 */
export type DynamoDBProblem =
  | { kind: 'undeclared-table'; table: string; operation: string; message: string }
  | { kind: 'unsupported-operation'; operation: string; message: string }
  | { kind: 'internal-error'; operation: string; message: string };

export function undeclaredTable(operation: string, table: string): DynamoDBProblem {
  return {
    kind: 'undeclared-table',
    table,
    operation,
    message: `The handler called ${operation} on table "${table}", which is not declared: add it to downstream.dynamodb.tables in conformance.config (a CreateTable input or AWS::DynamoDB::Table properties)`,
  };
}

export function unsupportedOperation(operation: string): DynamoDBProblem {
  return {
    kind: 'unsupported-operation',
    operation,
    message: `The handler called DynamoDB ${operation}, which the embedded DynamoDB (dynalite) does not implement; it was answered with UnknownOperationException`,
  };
}

export function internalError(operation: string, error: unknown): DynamoDBProblem {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    kind: 'internal-error',
    operation,
    message: `The embedded DynamoDB failed on ${operation} (answered with InternalServerError): ${detail}`,
  };
}

/** A list of problems where the same problem is kept once until the list is cleared. */
export class ProblemLog {
  readonly #problems: DynamoDBProblem[] = [];
  readonly #seen = new Set<string>();

  record(problem: DynamoDBProblem): void {
    const identity = JSON.stringify(problem);
    if (this.#seen.has(identity)) return;
    this.#seen.add(identity);
    this.#problems.push(problem);
  }

  get all(): readonly DynamoDBProblem[] {
    return this.#problems;
  }

  take(): DynamoDBProblem[] {
    const taken = this.#problems.splice(0);
    this.#seen.clear();
    return taken;
  }
}
