import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../src/version.js';

describe('packageVersion', () => {
  it('is the version in this package’s package.json (found from the source tree as from dist/)', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { name: string; version: string };
    expect(pkg.name).toBe('stream-conformance');
    expect(packageVersion()).toBe(pkg.version);
    expect(packageVersion()).not.toBe('0.0.0');
  });
});
