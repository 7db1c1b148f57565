import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Whether the handler's own project (nearest package.json up from the handler) depends on the AWS SDK, v2 (`aws-sdk`) or v3 (`@aws-sdk/*`). */
export function projectDependsOnSdk(handlerFile: string): boolean {
  for (let dir = dirname(handlerFile); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, Record<string, string> | undefined>;
        const names = [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies].flatMap((deps) => Object.keys(deps ?? {}));
        if (names.some((name) => name === 'aws-sdk' || name.startsWith('@aws-sdk/'))) return true;
      } catch {
        // an unreadable manifest says nothing about the SDK
      }
    }
    if (dirname(dir) === dir) return false;
  }
}
