/** How long DynamoDB remembers a TransactWriteItems ClientRequestToken. */
export const TOKEN_WINDOW_MS = 10 * 60 * 1000;

export type TokenVerdict = 'new' | 'replay' | 'mismatch';

/**
 * The ClientRequestTokens of successful TransactWriteItems calls: the same token with the same
 * request within ten minutes is a replay (success, nothing applied again); with another request it
 * is a mismatch.
 */
export class IdempotencyTokens {
  readonly #seen = new Map<string, { fingerprint: string; at: number }>();

  check(token: string, fingerprint: string, now: number): TokenVerdict {
    const seen = this.#seen.get(token);
    if (!seen || now - seen.at >= TOKEN_WINDOW_MS) return 'new';
    return seen.fingerprint === fingerprint ? 'replay' : 'mismatch';
  }

  remember(token: string, fingerprint: string, now: number): void {
    this.#seen.set(token, { fingerprint, at: now });
  }

  clear(): void {
    this.#seen.clear();
  }
}

/** A key-order independent fingerprint of a request, its ClientRequestToken left out. */
export function requestFingerprint(request: Record<string, unknown>): string {
  const { ClientRequestToken: _token, ...rest } = request;
  return canonicalJson(rest);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
