/** JSON text with bigint versions written as plain numbers (versions go up to 2^63 - 1). */
export function toJson(value: unknown): string {
  const marker = '\u0000bigint:';
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${marker}${v}` : v));
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

/**
 * Parses a bulk metadata line keeping the digits of numeric `version`, `if_seq_no` and
 * `if_primary_term` (JSON.parse would round a 21-digit sequence number to a double).
 */
export function parseKeepingLongs(text: string): unknown {
  const kept = text.replace(/("(?:version|if_seq_no|if_primary_term)"\s*:\s*)(-?\d[\d.eE+-]*)/g, '$1"$2"');
  return JSON.parse(kept);
}
