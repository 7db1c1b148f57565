import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModule, moduleFormat } from '../../../src/harness/load/module.js';
import { makeProject } from './support.js';

const project = makeProject({
  'package.json': '{ "type": "module" }',
  'esm/handler.js': 'export const handler = async () => "esm";\n',
  'cjs/package.json': '{ "name": "cjs-part" }',
  'cjs/handler.js': 'exports.handler = async () => "cjs";\n',
  'cjs/fn.js': 'module.exports = async () => "fn";\n',
  'cjs/nested/deeper/x.js': '',
  'bad/package.json': '{ "type": ',
  'bad/x.js': '',
});
afterAll(() => rmSync(project, { recursive: true, force: true }));
const at = (path: string) => join(project, path);

describe('moduleFormat: as Node and the Lambda runtime decide', () => {
  it('by extension first, whatever the package says', () => {
    expect(['a.mjs', 'a.mts', 'a.MJS'].map((name) => moduleFormat(at(`cjs/${name}`)))).toEqual(['module', 'module', 'module']);
    expect(['a.cjs', 'a.cts'].map((name) => moduleFormat(at(`esm/${name}`)))).toEqual(['commonjs', 'commonjs']);
  });

  it('else by the "type" of the nearest package.json; without one, or unreadable, CommonJS', () => {
    expect(moduleFormat(at('esm/handler.js'))).toBe('module');
    expect(moduleFormat(at('esm/handler.ts'))).toBe('module');
    expect(moduleFormat(at('cjs/handler.js'))).toBe('commonjs');
    expect(moduleFormat(at('cjs/nested/deeper/x.js'))).toBe('commonjs');
    expect(moduleFormat(at('bad/x.js'))).toBe('commonjs');
    expect(moduleFormat('/x.js')).toBe('commonjs');
  });
});

describe('loadModule: the namespace has the shape import() gives', () => {
  it('an ES module: its named exports', async () => {
    const namespace = await loadModule(at('esm/handler.js'), 'module');
    expect(Object.keys(namespace)).toEqual(['handler']);
    expect(await (namespace.handler as () => Promise<string>)()).toBe('esm');
  });

  it('a CommonJS module: module.exports as default, an object or a function', async () => {
    const exportsObject = await loadModule(at('cjs/handler.js'), 'commonjs');
    expect(Object.keys(exportsObject)).toEqual(['default']);
    expect(await (exportsObject.default as { handler: () => Promise<string> }).handler()).toBe('cjs');
    const exportsFunction = await loadModule(at('cjs/fn.js'), 'commonjs');
    expect(await (exportsFunction.default as () => Promise<string>)()).toBe('fn');
  });
});
