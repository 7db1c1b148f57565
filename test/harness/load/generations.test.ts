import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evictUserModules, generationUrl, rememberHarnessModules } from '../../../src/harness/load/generations.js';
import { loadModule } from '../../../src/harness/load/module.js';
import { makeProject } from './support.js';

/** Each module counts its evaluations in a global, so a test sees which ones a generation re-ran. */
const counting = (name: string) => `globalThis.evaluated ??= {}; globalThis.evaluated[${JSON.stringify(name)}] = (globalThis.evaluated[${JSON.stringify(name)}] ?? 0) + 1;\n`;
const project = makeProject({
  'esm/package.json': '{ "type": "module" }',
  'esm/handler.js': `import './state.js';\nimport 'esm-lib';\n${counting('esm/handler')}export const handler = () => 0;\n`,
  'esm/state.js': counting('esm/state'),
  'esm/edited.js': `import './edited-dep.js';\n${counting('esm/edited')}export const handler = () => 0;\n`,
  'esm/edited-dep.js': counting('esm/edited-dep'),
  'node_modules/esm-lib/package.json': '{ "name": "esm-lib", "type": "module", "exports": "./index.js" }',
  'node_modules/esm-lib/index.js': counting('esm-lib'),
  'cjs/handler.js': `require('./state.js');\nrequire('cjs-lib');\n${counting('cjs/handler')}exports.handler = () => 0;\n`,
  'cjs/state.js': counting('cjs/state'),
  'cjs/harness.js': counting('cjs/harness'),
  'node_modules/cjs-lib/package.json': '{ "name": "cjs-lib", "main": "index.js" }',
  'node_modules/cjs-lib/index.js': counting('cjs-lib'),
});
afterAll(() => rmSync(project, { recursive: true, force: true }));
const evaluated = () => (globalThis as { evaluated?: Record<string, number> }).evaluated ?? {};

describe('generationUrl', () => {
  it('generation 0 is the plain URL; later ones add a marker query, after any query already there', () => {
    expect(generationUrl('file:///repo/handler.mjs', 0)).toBe('file:///repo/handler.mjs');
    expect(generationUrl('file:///repo/handler.mjs', 3)).toBe('file:///repo/handler.mjs?sc-gen=3');
    expect(generationUrl('file:///repo/handler.mjs?v=1', 3)).toBe('file:///repo/handler.mjs?v=1&sc-gen=3');
  });
});

describe('module generations: fresh module state for the user code, libraries stay loaded', () => {
  it('ES modules: each generation evaluates the handler and its own imports again, not node_modules', async () => {
    const file = join(project, 'esm/handler.js');
    for (const generation of [0, 0, 1, 2]) await loadModule(file, 'module', generation);
    expect(evaluated()).toMatchObject({ 'esm/handler': 3, 'esm/state': 3, 'esm-lib': 1 });
  });

  it("ES modules: a user file's imports are resolved, and its source read (and compiled by tsx), once; later generations get them again", async () => {
    const file = join(project, 'esm/edited.js');
    await loadModule(file, 'module', 1);
    // what a later generation evaluates is what the first one read, even if the files changed since (the import is not
    // even resolved again: the file it found is gone): nothing asks tsx or Node for them again
    rmSync(join(project, 'esm/edited-dep.js'));
    writeFileSync(file, `import './edited-dep.js';\n${counting('esm/edited changed')}export const handler = () => 0;\n`);
    for (const generation of [2, 3]) await loadModule(file, 'module', generation);
    expect(evaluated()).toMatchObject({ 'esm/edited': 3, 'esm/edited-dep': 3 });
    expect(evaluated()).not.toHaveProperty(['esm/edited changed']);
  });

  it('CommonJS: a generation evicts the user modules, but neither libraries nor what the harness loaded first', async () => {
    createRequire(import.meta.url)(join(project, 'cjs/harness.js'));
    rememberHarnessModules();
    const file = join(project, 'cjs/handler.js');
    for (const generation of [0, 0, 1, 2]) await loadModule(file, 'commonjs', generation);
    evictUserModules();
    createRequire(import.meta.url)(join(project, 'cjs/harness.js'));
    expect(evaluated()).toMatchObject({ 'cjs/handler': 3, 'cjs/state': 3, 'cjs-lib': 1, 'cjs/harness': 1 });
  });
});
