import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const json = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8')) as Record<string, unknown>;

describe('what a user of the package meets (issue 14)', () => {
  it('the sources the shipped source maps point at ship too, so stack traces open real files', () => {
    const files = json('package.json').files as string[];
    const base = json('tsconfig.json').compilerOptions as { sourceMap?: boolean };
    const built = (json('tsconfig.build.json').include as string[]).filter((dir) => files.includes(`dist/${dir}`));
    expect(built.length).toBeGreaterThan(0);
    if (base.sourceMap) for (const dir of built) expect(files, `${dir}: dist/${dir} ships with source maps, so ${dir} must ship too`).toContain(dir);
  });

  it("the README's vitest snippet imports the config with an extension, as NodeNext requires", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const snippet = readme.match(/```ts\n\/\/ test\/conformance\.test\.ts\n([^]*?)```/)?.[1];
    expect(snippet).toBeDefined();
    const relative = [...snippet!.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
    expect(relative.length).toBeGreaterThan(0);
    for (const path of relative) expect(path).toMatch(/\.(js|mjs|cjs|json)$/);
  });
});
