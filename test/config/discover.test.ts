import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_FILE_NAMES, discoverConfig } from '../../src/config/discover.js';

const fixtures = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

const temporary: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-discover-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('discoverConfig', () => {
  it('looks for ts, mts, js, mjs, json in that order', () => {
    for (let i = 0; i < CONFIG_FILE_NAMES.length; i++) {
      const later = CONFIG_FILE_NAMES.slice(i);
      const dir = tempDir(Object.fromEntries(later.map((name) => [name, ''])));
      const found = discoverConfig(dir);
      expect(found.file).toBe(join(dir, later[0]!));
      if (later.length > 1) expect(found.warning).toContain(`using ${later[0]}`);
    }
    expect(CONFIG_FILE_NAMES).toEqual([
      'conformance.config.ts', 'conformance.config.mts', 'conformance.config.js', 'conformance.config.mjs', 'conformance.config.json',
    ]);
  });

  it('names both files when two exist, and uses the first', () => {
    expect(discoverConfig(fixture('two-files'))).toEqual({
      file: join(fixture('two-files'), 'conformance.config.ts'),
      warning: 'found conformance.config.ts and conformance.config.json; using conformance.config.ts (remove the others, or pass one with --config)',
    });
  });

  it('finds nothing in a directory without a config', () => {
    expect(discoverConfig(tempDir({ 'package.json': '{}' }))).toEqual({ file: undefined });
  });

  it('skips a directory that has a config file\'s name', () => {
    const dir = tempDir({ 'conformance.config.json': '{}' });
    mkdirSync(join(dir, 'conformance.config.ts'));
    expect(discoverConfig(dir)).toEqual({ file: join(dir, 'conformance.config.json') });
  });

  it('names every file found, in the order looked for', () => {
    const dir = tempDir({ 'conformance.config.json': '{}', 'conformance.config.mjs': '', 'conformance.config.mts': '' });
    expect(discoverConfig(dir).warning).toBe(
      'found conformance.config.mts and conformance.config.mjs and conformance.config.json; using conformance.config.mts (remove the others, or pass one with --config)',
    );
  });
});
