import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Vitest's global setup: the threads and relay processes the tests start load their entry modules
 * compiled from this same source (src/harness/thread-entry.ts), built here when the build is older
 * than the source: through tsx, each thread compiled the harness again, about 1.5 s of CPU apiece.
 * A build that fails (a type error) leaves them on tsx; `npm test` reports the error itself.
 */
const root = join(import.meta.dirname, '..', '..');
const dist = join(root, 'dist');
const built = ['src', 'generators', 'properties', 'reports'];

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (entry.name.endsWith('.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

function builtAt(): number {
  try {
    return statSync(join(dist, 'src', 'index.js')).mtimeMs;
  } catch {
    return 0;
  }
}

export default function setup(): void {
  const source = Math.max(...built.map((dir) => newest(join(root, dir))), statSync(join(root, 'tsconfig.json')).mtimeMs);
  if (builtAt() < source) {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'ignore' });
    } catch {
      return;
    }
  }
  if (builtAt() >= source) process.env.STREAM_CONFORMANCE_COMPILED = dist;
}
