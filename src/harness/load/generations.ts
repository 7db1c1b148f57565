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

const hookSource = `
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const parent = context.parentURL ?? '';
  const generation = /[?&]${marker}=(\\d+)/.exec(parent);
  if (generation && result.url.startsWith('file:') && !result.url.includes('/node_modules/') && !/[?&]${marker}=/.test(result.url)) {
    return { ...result, url: result.url + (result.url.includes('?') ? '&' : '?') + '${marker}=' + generation[1] };
  }
  return result;
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
