import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * Helpers for the tests that install the packed package into fresh projects, as a new user would.
 * Packing builds the package (`prepare`), which is slow, so every test file of a run shares one
 * tarball: it is packed once per content of the sources that go into it, under a lock.
 */
export const root = join(import.meta.dirname, '..', '..');

/** What the tarball is made from: the package's sources, its docs and its manifest. */
const inputs = ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'src', 'generators', 'properties', 'reports', 'docs'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => files(join(path, name)));
}

function contentHash(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap((input) => files(join(root, input)))) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** `npm pack` of this repository (shared between test files and runs while the sources are unchanged); the tarball's path. */
export function packedTarball(timeoutMs = 300_000): string {
  const dir = join(tmpdir(), `stream-conformance-pack-${contentHash()}`);
  const lock = `${dir}.lock`;
  const done = join(dir, 'tarball');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (existsSync(done)) {
      const tarball = readFileSync(done, 'utf8');
      if (existsSync(tarball)) return tarball;
      rmSync(done);
    }
    try {
      mkdirSync(lock);
    } catch {
      // another test file is packing: wait for it (a lock older than the timeout is stale)
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > timeoutMs) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      sleep(500);
      continue;
    }
    try {
      // tarballs of older sources, unused for an hour
      for (const old of readdirSync(tmpdir()).filter((name) => name.startsWith('stream-conformance-pack-') && !name.endsWith('.lock'))) {
        const stale = Date.now() - (statSync(join(tmpdir(), old), { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 3_600_000;
        if (stale) rmSync(join(tmpdir(), old), { recursive: true, force: true });
      }
      mkdirSync(dir, { recursive: true });
      execFileSync('npm', ['pack', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
      const tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
      writeFileSync(done, tarball);
      return tarball;
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** The version of a package installed in this repository (so fresh projects install it from the npm cache). */
export function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** A fresh project: package.json (with the tarball), a tsconfig, the given files; `npm install`ed. */
export function createProject(dir: string, options: { type: 'module' | 'commonjs'; tarball: string; devDependencies: Record<string, string>; files: Record<string, string> }): string {
  mkdirSync(dir, { recursive: true });
  const name = dir.split(/[\\/]/).pop()!;
  const devDependencies = { 'stream-conformance': `file:${options.tarball}`, ...options.devDependencies };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: options.type, devDependencies }, null, 2));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: options.type === 'module' ? 'nodenext' : 'commonjs', target: 'es2022' } }));
  for (const [file, text] of Object.entries(options.files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** The environment for a child process, without what the vitest running this test set for itself. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|TEST$|NODE_ENV$)/.test(key)));
  return { ...env, NO_COLOR: '1', ...extra };
}
