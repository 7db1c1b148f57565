/** Text for HTML element content and attribute values (quoted with `"` or `'`). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Any value as one line of JSON text (`undefined` and other non-JSON values say so). */
export function jsonText(value: unknown): string {
  if (value === undefined) return '(absent)';
  try {
    return JSON.stringify(value, bigintSafe) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Any value as indented JSON text. */
export function prettyJson(value: unknown): string {
  if (value === undefined) return '(absent)';
  try {
    return JSON.stringify(value, bigintSafe, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/** Shortens long text for a picture label, keeping its end (where sequence numbers differ). */
export function ellipsizeStart(text: string, max: number): string {
  return text.length > max ? `…${text.slice(text.length - max + 1)}` : text;
}

/** Shortens long text, keeping its start. */
export function ellipsizeEnd(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
