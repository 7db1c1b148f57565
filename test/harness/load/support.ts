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
 * Compiles `src/harness/load/` with the build settings into `dist/src/harness/load/` (what users
 * run), and returns the compiled entry point. Only this folder is compiled, so work in progress
 * elsewhere in the repository cannot break these tests.
 */
export function buildLoader(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-load-build-'));
  const tsconfig = join(dir, 'tsconfig.json');
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: ROOT, outDir: join(ROOT, 'dist'), typeRoots: [join(ROOT, 'node_modules', '@types')] },
      include: [join(ROOT, 'src', 'harness', 'load')],
    }),
  );
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return join(ROOT, 'dist', 'src', 'harness', 'load', 'index.js');
}
