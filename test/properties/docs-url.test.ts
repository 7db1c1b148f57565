import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_URL, ruleDocsFile, ruleDocsLocalPath, ruleDocsUrl } from '../../properties/docs-url.js';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; repository: { url: string }; homepage: string; files: string[] };

describe('where a rule\'s documentation lives', () => {
  it('the URL points at this repository (package.json repository and homepage), and docs/ ships in the package', () => {
    expect(pkg.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
    expect(pkg.homepage.startsWith(REPOSITORY_URL)).toBe(true);
    expect(pkg.files).toContain('docs');
    expect(ruleDocsUrl('per-key-ordering')).toBe('https://github.com/stream-conformance/stream-conformance/blob/main/docs/rules/per-key-ordering.md');
    expect(ruleDocsLocalPath('per-key-ordering')).toBe('node_modules/stream-conformance/docs/rules/per-key-ordering.md');
  });

  it('the file, the URL and the offline path name the same page, the offline one under the installed package\'s name', () => {
    const file = ruleDocsFile('checkpoint-safety');
    expect(file).toBe('docs/rules/checkpoint-safety.md');
    expect(existsSync(join(root, file))).toBe(true);
    expect(ruleDocsUrl('checkpoint-safety')).toBe(`${REPOSITORY_URL}/blob/main/${file}`);
    expect(ruleDocsLocalPath('checkpoint-safety')).toBe(`node_modules/${pkg.name}/${file}`);
  });
});
