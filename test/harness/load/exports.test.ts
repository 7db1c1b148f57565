import { describe, expect, it } from 'vitest';
import { describeValue, findExport, listExports } from '../../../src/harness/load/exports.js';

const fn = (tag: string) => Object.assign(async () => tag, { tag });
const found = (namespace: Record<string, unknown>, name?: string) => {
  const lookup = findExport(namespace, name);
  return 'found' in lookup ? lookup.found.exportPath : lookup.missing;
};

describe('findExport', () => {
  it('takes the named export, else handler', () => {
    expect(found({ handler: fn('h'), process: fn('p') })).toBe('handler');
    expect(found({ handler: fn('h'), process: fn('p') }, 'process')).toBe('process');
  });

  it('falls back to a default function, and to the only function export', () => {
    expect(found({ default: fn('d'), other: 1 })).toBe('default');
    expect(found({ consume: fn('c'), TABLE: 'x' })).toBe('consume');
    expect(found({ first: fn('1'), second: fn('2') })).toEqual({ asked: 'handler', exports: ['first', 'second'] });
  });

  it('prefers handler over a default function', () => {
    expect(found({ default: fn('d'), handler: fn('h') })).toBe('handler');
  });

  it('finds CommonJS shapes under default', () => {
    expect(found({ default: { handler: fn('h') } })).toBe('default.handler');
    expect(found({ default: { handler: fn('h'), process: fn('p') } }, 'process')).toBe('default.process');
    expect(found({ default: { __esModule: true, default: fn('d') } })).toBe('default.default');
    expect(found({ default: { __esModule: true, default: fn('d') } }, 'default')).toBe('default.default');
    expect(found({ default: { consume: fn('c'), n: 1 } })).toBe('default.consume');
  });

  it('returns a non-function export as found, so it is reported as such', () => {
    expect(found({ handler: { nope: true } })).toBe('handler');
    expect(found({ default: { handler: 'x' } })).toBe('default.handler');
  });

  it('reports what is exported when the export is missing', () => {
    expect(found({ handler: fn('h'), process: fn('p'), config: {} }, 'proces')).toEqual({
      asked: 'proces',
      exports: ['config', 'handler', 'process'],
    });
    expect(found({ default: { __esModule: true, handler: fn('h') }, 'module.exports': {} }, 'x')).toEqual({
      asked: 'x',
      exports: ['handler'],
    });
    expect(found({}, 'x')).toEqual({ asked: 'x', exports: [] });
  });

  it('does not mistake a class for a handler function', () => {
    class Consumer {}
    expect(found({ Consumer, run: fn('r') })).toBe('run');
    expect(describeValue(Consumer)).toBe('a class');
  });
});

describe('listExports and describeValue', () => {
  it('lists named exports and members of a default object, sorted', () => {
    expect(listExports({ b: 1, default: { a: 2, __esModule: true } }).map((e) => e.name)).toEqual(['a', 'b']);
    expect(listExports({ default: fn('d') }).map((e) => e.exportPath)).toEqual(['default']);
  });

  it('describes values for the not-a-function message', () => {
    expect([{}, [], 'x', 1, true, null, undefined, 1n, Symbol('s')].map(describeValue)).toEqual([
      'an object',
      'an array',
      'a string',
      'a number',
      'a boolean',
      'null',
      'undefined',
      'a bigint',
      'a symbol',
    ]);
  });
});
