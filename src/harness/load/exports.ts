/** Where the handler function was found in a module namespace, and the function. */
export interface ExportMatch {
  /** Path inside the namespace, e.g. `handler`, `default`, `default.handler`, `default.default`. */
  exportPath: string;
  /** The name the user knows it by: `default.handler` of a CommonJS module is its export `handler`. */
  name: string;
  value: unknown;
}

export type ExportLookup =
  | { found: ExportMatch }
  | { missing: { asked: string; exports: string[] } };

/** Keys of a namespace that are interop plumbing, not exports the user wrote. */
const PLUMBING = new Set(['__esModule', 'module.exports']);

/**
 * Finds the handler in a module namespace (what `import()` returns; CommonJS `module.exports` is
 * its `default`). With a name: the named export, else the same name under `default` (CommonJS
 * exports, or an object exported as default); `default` also reaches `default.default` (TypeScript's
 * `export default` compiled to CommonJS). Without a name: `handler`, `default.handler`, a `default`
 * function, `default.default`, and finally the module's only function export.
 */
export function findExport(namespace: Record<string, unknown>, exportName: string | undefined): ExportLookup {
  const found = exportName === undefined ? findDefaultLookup(namespace) : findNamed(namespace, exportName);
  if (found) return { found };
  return { missing: { asked: exportName ?? 'handler', exports: listExports(namespace).map((entry) => entry.name) } };
}

function findNamed(namespace: Record<string, unknown>, name: string): ExportMatch | undefined {
  if (name === 'default') {
    const def = pick(namespace, 'default');
    if (def && isFunction(def.value)) return def;
    return defaultDefault(namespace) ?? def;
  }
  return pick(namespace, name) ?? pickNested(namespace.default, name);
}

function findDefaultLookup(namespace: Record<string, unknown>): ExportMatch | undefined {
  const named = pick(namespace, 'handler') ?? pickNested(namespace.default, 'handler');
  if (named) return named;
  const def = pick(namespace, 'default');
  if (def && isFunction(def.value)) return def;
  const inner = defaultDefault(namespace);
  if (inner) return inner;
  const functions = listExports(namespace).filter((entry) => isFunction(entry.value));
  return functions.length === 1 ? functions[0] : undefined;
}

/**
 * The exports as the user wrote them: named exports, plus the members of an object exported as
 * `default` (CommonJS `module.exports`), plus `default` itself when it is not such an object.
 */
export function listExports(namespace: Record<string, unknown>): ExportMatch[] {
  const seen = new Map<string, ExportMatch>();
  for (const key of Object.keys(namespace).sort()) {
    if (key === 'default' || PLUMBING.has(key)) continue;
    seen.set(key, { exportPath: key, name: key, value: namespace[key] });
  }
  const def = namespace.default;
  if (isPlainContainer(def)) {
    for (const key of Object.keys(def).sort()) {
      if (PLUMBING.has(key) || seen.has(key)) continue;
      seen.set(key, { exportPath: `default.${key}`, name: key, value: def[key] });
    }
  } else if (def !== undefined || 'default' in namespace) {
    seen.set('default', { exportPath: 'default', name: 'default', value: def });
  }
  return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** How a non-function export is described: `an object`, `a string`, `undefined`, `a class`, … */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return isClass(value) ? 'a class' : 'a function';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** Something callable as a handler: a function that is not a class. */
export function isFunction(value: unknown): value is (...args: any[]) => unknown {
  return typeof value === 'function' && !isClass(value);
}

function isClass(value: Function): boolean {
  try {
    return /^class[\s{]/.test(Function.prototype.toString.call(value));
  } catch {
    return false;
  }
}

function pick(namespace: Record<string, unknown>, key: string): ExportMatch | undefined {
  if (PLUMBING.has(key) || !Object.hasOwn(namespace, key) || namespace[key] === undefined) return undefined;
  return { exportPath: key, name: key, value: namespace[key] };
}

function pickNested(container: unknown, key: string): ExportMatch | undefined {
  if (!isPlainContainer(container) || PLUMBING.has(key) || !Object.hasOwn(container, key)) return undefined;
  const value = container[key];
  return value === undefined ? undefined : { exportPath: `default.${key}`, name: key, value };
}

/** TypeScript's `export default` compiled to CommonJS: `module.exports.default`. */
function defaultDefault(namespace: Record<string, unknown>): ExportMatch | undefined {
  const inner = pickNested(namespace.default, 'default');
  return inner && isFunction(inner.value) ? { ...inner, name: 'default' } : undefined;
}

/** An object whose members count as exports: CommonJS `module.exports`, or an object exported as default. */
function isPlainContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
