import { nearest } from '../../core/suggest.js';

/**
 * What the embedded DynamoDB noticed about the handler's calls that is a problem of the setup
 * rather than of the handler's logic. The harness reads them (and clears them) to report them.
 */
export type DynamoDBProblem =
  | { kind: 'undeclared-table'; table: string; operation: string; message: string }
  | { kind: 'source-table-write'; table: string; operation: string; message: string }
  | { kind: 'unsupported-operation'; operation: string; message: string }
  | { kind: 'internal-error'; operation: string; message: string };

/** `unnamedSource`: the function reads a DynamoDB stream whose table the config does not name, so this may be it. */
export function undeclaredTable(operation: string, table: string, unnamedSource = false, declared: readonly string[] = []): DynamoDBProblem {
  const declare = 'add it to downstream.dynamodb.tables in conformance.config (a CreateTable input or AWS::DynamoDB::Table properties)';
  const near = nearest(table, declared);
  // a name one character off a declared one is most often a variable set to the wrong value
  const typo = near === undefined ? '' : `; did you mean "${near}"? (check where the handler takes the name from, such as function.Environment); if not, `;
  return {
    kind: 'undeclared-table',
    table,
    operation,
    message: unnamedSource
      ? `The handler called ${operation} on table "${table}", which is not declared${typo || ': '}if it is the table whose stream the function reads, set table.TableName: "${table}" in conformance.config (the handler then reads it as it was at each invocation); if it is another table, ${declare}`
      : `The handler called ${operation} on table "${table}", which is not declared${typo || ': '}${declare}`,
  };
}

export function sourceTableWrite(operation: string, table: string): DynamoDBProblem {
  return {
    kind: 'source-table-write',
    table,
    operation,
    message: `The handler called ${operation} on "${table}", the table whose stream it reads: in AWS that write adds a record to the same stream, which comes back to the function, and stream-conformance does not model that loop; it checks handlers that only read their source table (write to another table, or leave this function out of the check)`,
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
