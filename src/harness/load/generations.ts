import { createRequire, register } from 'node:module';

/**
 * Fresh module state without a new thread: each generation re-evaluates the user's own modules
 * (everything outside node_modules) while libraries stay loaded. ES modules get a `?sc-gen=N`
 * query that a resolve hook passes on to every user-land import; CommonJS modules are evicted
 * from the require cache. Like a cold start for the handler's code, for a few milliseconds.
 */
const require = createRequire(import.meta.url);
const marker = 'sc-gen';
let hookRegistered = false;
/** Modules loaded before the first handler: the harness's own, never evicted. */
let harnessModules: Set<string> | undefined;

/**
 * The hooks run in Node's loader thread, after tsx's (registered later, they are asked first).
 * Every generation imports the same files again, so what tsx and Node answered for a file of an
 * earlier generation is kept and given again, without asking them: the resolution of each import
 * of the user's modules (the same specifier from the same file resolves to the same file), and the
 * user's ES modules' source as tsx made it (read and compiled once, not once per generation). Only
 * what imports and loads succeeded is kept; the generation's query is added afresh each time. A
 * source travels to the importing thread transferred (its buffer detached): each time a copy.
 */
const hookSource = `
const generationQuery = /[?&]${marker}=(\\d+)/;
const resolved = new Map();
const loaded = new Map();
const withoutGeneration = (url) => url.replace(/([?&])${marker}=\\d+(&?)/, (_, before, after) => (after ? before : '')).replace(/\\?$/, '');
const withGeneration = (url, generation) => url + (url.includes('?') ? '&' : '?') + '${marker}=' + generation;
const userLand = (url) => url.startsWith('file:') && !url.includes('/node_modules/');
const key = (...parts) => JSON.stringify(parts);

export async function resolve(specifier, context, nextResolve) {
  const generation = generationQuery.exec(context.parentURL ?? '');
  if (!generation) return nextResolve(specifier, context);
  const cacheKey = key(specifier, withoutGeneration(context.parentURL), context.conditions, context.importAttributes);
  let result = resolved.get(cacheKey);
  if (result === undefined) {
    const answered = await nextResolve(specifier, context);
    result = { ...answered, url: withoutGeneration(answered.url) };
    resolved.set(cacheKey, result);
  }
  return { ...result, url: userLand(result.url) ? withGeneration(result.url, generation[1]) : result.url, shortCircuit: true };
}

export async function load(url, context, nextLoad) {
  const generation = generationQuery.exec(url);
  if (!generation || !userLand(url)) return nextLoad(url, context);
  const cacheKey = key(withoutGeneration(url), context.format, context.conditions, context.importAttributes);
  let result = loaded.get(cacheKey);
  if (result === undefined) {
    const answered = await nextLoad(url, context);
    // an ES module's source is all of it; other formats (CommonJS) are loaded by their own loader, as tsx arranged
    if (answered.format !== 'module' || answered.source == null) return answered;
    result = { ...answered, source: copy(answered.source) };
    loaded.set(cacheKey, result);
  }
  return { ...result, source: copy(result.source), shortCircuit: true };
}

function copy(source) {
  if (typeof source === 'string') return source;
  return new Uint8Array(ArrayBuffer.isView(source) ? new Uint8Array(source.buffer, source.byteOffset, source.byteLength) : new Uint8Array(source));
}`;

export function rememberHarnessModules(): void {
  harnessModules ??= new Set(Object.keys(require.cache));
}

/** The URL to import the handler at for this generation (0: the plain URL). */
export function generationUrl(url: string, generation: number): string {
  if (generation === 0) return url;
  if (!hookRegistered) {
    register(`data:text/javascript,${encodeURIComponent(hookSource)}`);
    hookRegistered = true;
  }
  return `${url}${url.includes('?') ? '&' : '?'}${marker}=${generation}`;
}

/** Forgets the user's CommonJS modules so the next require evaluates them again. */
export function evictUserModules(): void {
  const keep = harnessModules ?? new Set<string>();
  for (const file of Object.keys(require.cache)) {
    if (!keep.has(file) && !/[\\/]node_modules[\\/]/.test(file)) delete require.cache[file];
  }
}
