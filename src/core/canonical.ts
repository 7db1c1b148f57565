/** Canonical text of DynamoDB JSON (and plain JSON): keys sorted, sets sorted, binary as base64. */
export function canonical(value: unknown): string {
  return JSON.stringify(normalize(value));
}

export function normalize(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    // DynamoDB sets have no order
    out[key] = (key === 'SS' || key === 'NS' || key === 'BS') && Array.isArray(v) ? v.map(normalize).map(String).sort() : normalize(v);
  }
  return out;
}

/** Leaves out attributes by name (top level) or dotted path (inside maps). */
export function withoutFields(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  if (fields.length === 0) return item;
  const copy: Record<string, unknown> = structuredClone(item);
  for (const field of fields) {
    const path = field.split('.');
    let target: Record<string, unknown> | undefined = copy;
    for (const step of path.slice(0, -1)) {
      const next: unknown = target?.[step];
      // DynamoDB JSON nests maps under M
      target = (next as { M?: Record<string, unknown> } | undefined)?.M ?? (next as Record<string, unknown> | undefined);
    }
    if (target) delete target[path.at(-1)!];
  }
  return copy;
}

/** Every string or number found anywhere in a value (inside JSON text and binary fields too): what ties a downstream effect to a source key. */
export function leafValues(value: unknown, out = new Set<string>()): Set<string> {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') {
    out.add(value);
    if (value.startsWith('{') || value.startsWith('[')) {
      try {
        leafValues(JSON.parse(value), out);
      } catch {
        // not JSON
      }
    }
    urlLeaves(value, out);
  } else if (typeof value === 'number' || typeof value === 'bigint') out.add(String(value));
  else if (typeof value === 'object') {
    // a recorded call's binary field (Kinesis and Firehose Data): what it carries is its text
    const binary = (value as { $binary?: unknown }).$binary;
    if (typeof binary === 'string' && Object.keys(value).length === 1) leafValues(Buffer.from(binary, 'base64').toString('utf8'), out);
    else for (const v of Object.values(value)) leafValues(v, out);
  }
  return out;
}

/**
 * An HTTP request's URL (alone, or after its method: `DELETE https://…`) carries a key in its path
 * or query (`/products/A%20B`, `?id=42`): its decoded path segments and query values are leaves too.
 */
function urlLeaves(value: string, out: Set<string>): void {
  const found = /(?:^|\s)(https?:\/\/\S+)$/.exec(value);
  if (found === null) return;
  let url: URL;
  try {
    url = new URL(found[1]!);
  } catch {
    return;
  }
  for (const segment of url.pathname.split('/')) {
    if (segment === '') continue;
    try {
      out.add(decodeURIComponent(segment));
    } catch {
      out.add(segment);
    }
  }
  for (const v of url.searchParams.values()) out.add(v);
}

/** A DynamoDB number as written (no leading zeros), which JSON may have rounded to a double. */
const decimal = /^-?(0|[1-9]\d*)(\.\d+)?$/;

/**
 * Whether the leaves hold every value: as written, or, for a number, as a handler that parsed it
 * into a JavaScript number wrote it (`317279377592340.90137867933` becomes `317279377592340.9`:
 * unmarshall without wrapNumbers, JSON.parse).
 */
export function holdsValues(leaves: ReadonlySet<string>, values: readonly string[]): boolean {
  return values.every((v) => leaves.has(v) || leaves.has(looseForm(v)));
}

/** The value as a handler may have written it: a DynamoDB number through a JavaScript number, anything else as it is. */
export function looseForm(value: string): string {
  return decimal.test(value) ? String(Number(value)) : value;
}
