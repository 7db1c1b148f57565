/**
 * A partial document merged into a source as `_update` does: objects merge recursively, every
 * other value (arrays included) replaces (https://www.elastic.co/guide/en/elasticsearch/reference/current/docs-update.html#update-api-example).
 */
export function mergeDocument(source: Record<string, unknown>, doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone(source);
  for (const [name, value] of Object.entries(doc)) {
    const current = Object.hasOwn(out, name) ? out[name] : undefined;
    // defineProperty: a field named "__proto__" is a field like any other
    Object.defineProperty(out, name, { value: isPlainObject(current) && isPlainObject(value) ? mergeDocument(current, value) : structuredClone(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
