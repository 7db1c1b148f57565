import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The fixture projects: `esm-ts/`, `cjs-ts/`, `js-esm/`, `broken/`. */
export const FIXTURES = join(ROOT, 'test', 'fixtures', 'handlers');

/** Writes a small project (`{ 'package.json': '…', 'src/handler.ts': '…' }`) into a fresh temporary directory. */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-load-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/**
 * Compiles `src/harness/load/` with the build settings into a private folder under
 * `test-artifacts/` (not `dist/`: other tests' threads load their modules from `dist/` while this
 * one runs, and tsc rewriting a file there under them made one read a half-written module). The
 * folder sits inside the repository so the compiled code finds `node_modules` as users' does.
 * Returns the compiled entry point and a function that removes the folder. Only this folder is
 * compiled, so work in progress elsewhere in the repository cannot break these tests.
 */
export function buildLoader(): { entry: string; remove: () => void } {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const out = mkdtempSync(join(ROOT, 'test-artifacts', 'load-build-'));
  const tsconfig = join(out, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: ROOT, outDir: out, typeRoots: [join(ROOT, 'node_modules', '@types')] },
      include: [join(ROOT, 'src', 'harness', 'load')],
    }),
  );
  const remove = () => rmSync(out, { recursive: true, force: true });
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { entry: join(out, 'src', 'harness', 'load', 'index.js'), remove };
}
