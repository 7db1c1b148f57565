import type { HandlerResult, Outcome } from './types.js';

export interface Classification {
  outcome: Outcome;
  /** Batch index of the lowest reported failure, for `partial`. */
  failureIndex?: number;
  /** What went wrong, for every outcome but success and partial. */
  error?: string;
  /** The response as Lambda serialized it (JSON round trip), when there was one. */
  response?: unknown;
}

/**
 * How Lambda reads what the function did (SPEC §3.3). `sequenceNumbers` are the batch's, in
 * increasing sequence order, so the lowest reported failure is the one with the lowest index.
 */
export function classify(
  result: HandlerResult,
  sequenceNumbers: readonly string[],
  reportBatchItemFailures: boolean,
  functionTimeoutMs: number,
): Classification {
  if (result.kind === 'timeout') {
    const timedOut = `Task timed out after ${(functionTimeoutMs / 1000).toFixed(2)} seconds`;
    return { outcome: 'timeout', error: result.reason === undefined ? timedOut : `${timedOut} (${result.reason})` };
  }
  if (result.kind === 'throw') return { outcome: 'function-error', error: describeThrown(result.error) };
  let payload: string | undefined;
  try {
    payload = result.value === undefined ? undefined : JSON.stringify(result.value);
  } catch (error) {
    return { outcome: 'function-error', error: `Runtime.UnmarshalError: the response cannot be serialized to JSON (${messageOf(error)})` };
  }
  const response: unknown = payload === undefined ? null : JSON.parse(payload);
  if (!reportBatchItemFailures) return { outcome: 'success', response };
  return classifyBatchResponse(response, sequenceNumbers);
}

function classifyBatchResponse(response: unknown, sequenceNumbers: readonly string[]): Classification {
  const invalid = (error: string): Classification => ({ outcome: 'invalid-response', error, response });
  if (response === null || response === '') return { outcome: 'success', response };
  if (Array.isArray(response)) {
    return response.length === 0 ? { outcome: 'success', response } : invalid('the response is a non-empty array, not { batchItemFailures: [...] }');
  }
  if (typeof response !== 'object') return invalid(`the response is ${describeJson(response)}, not { batchItemFailures: [...] }`);
  if (!('batchItemFailures' in response)) return { outcome: 'success', response };
  const failures = (response as { batchItemFailures: unknown }).batchItemFailures;
  if (failures === null) return { outcome: 'success', response };
  if (!Array.isArray(failures)) return invalid(`batchItemFailures is ${describeJson(failures)}, not an array`);
  if (failures.length === 0) return { outcome: 'success', response };
  const indexOf = new Map<string, number>();
  sequenceNumbers.forEach((seq, i) => indexOf.set(seq, i));
  let lowest = -1;
  for (let i = 0; i < failures.length; i++) {
    const entry: unknown = failures[i];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || !('itemIdentifier' in entry)) {
      return invalid(`batchItemFailures[${i}] has no itemIdentifier`);
    }
    const id = (entry as { itemIdentifier: unknown }).itemIdentifier;
    if (typeof id !== 'string' || id === '') {
      return invalid(`batchItemFailures[${i}].itemIdentifier is ${describeJson(id)}, not a sequence number string`);
    }
    const index = indexOf.get(id);
    if (index === undefined) {
      return invalid(`batchItemFailures[${i}].itemIdentifier ${JSON.stringify(id)} is not the sequence number of a record in this batch`);
    }
    if (lowest === -1 || index < lowest) lowest = index;
  }
  return { outcome: 'partial', failureIndex: lowest, response };
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(value)}`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value as the Node.js runtime reports it: Errors by name and message, anything else by its JSON. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  let shown: string;
  try {
    shown = JSON.stringify(error) ?? String(error);
  } catch {
    shown = String(error);
  }
  return `non-Error thrown: ${shown}`;
}
