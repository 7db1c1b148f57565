import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The code a new thread or relay process runs to load its entry module (`name`, beside `from`).
 * From the package: the compiled module. From TypeScript source (the repository's tests): its
 * compiled twin under `STREAM_CONFORMANCE_COMPILED` when the test setup built one from the same
 * source (a thread loads it in a tenth of the time tsx takes to compile the harness again), else
 * the source through tsx: under its own namespace, or (`thread`) registered for the whole thread.
 */
export function entryCode(name: string, from: string, tsx: 'namespace' | 'thread' = 'namespace'): string {
  const source = from.endsWith('.ts');
  const entry = new URL(`${name}${source ? '.ts' : '.js'}`, from);
  if (!source) return `import(${JSON.stringify(entry.href)});`;
  const twin = compiledTwin(entry);
  if (twin !== undefined) return `import(${JSON.stringify(twin)});`;
  const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return tsx === 'namespace'
    ? `import(${api}).then(({ tsImport }) => tsImport(${JSON.stringify(entry.href)}, ${JSON.stringify(from)}));`
    : `import(${api}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
}

/** `<root>/src/x.ts` → `<root>/dist/src/x.js`, when the tests built it (see test/setup/compiled.ts). */
function compiledTwin(entry: URL): string | undefined {
  const dist = process.env.STREAM_CONFORMANCE_COMPILED;
  if (dist === undefined) return undefined;
  const path = join(dist, relative(dirname(dist), fileURLToPath(entry)).replace(/\.ts$/, '.js'));
  return existsSync(path) ? pathToFileURL(path).href : undefined;
}
