import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeNotFound, editDistance, pathKind, suggestFiles } from '../../../src/harness/load/not-found.js';
import { makeProject } from './support.js';

describe('editDistance', () => {
  it.each([
    ['handler.ts', 'handler.ts', 0],
    ['handlr.ts', 'handler.ts', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    // a swap of neighbouring characters is one edit, not two
    ['hnadler', 'handler', 1],
  ])('%s → %s: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('suggestFiles', () => {
  const names = ['handler.cjs', 'handler.ts', 'index.ts', 'other.mts', 'process.js'];

  it('offers near names first, then the same name with another extension', () => {
    expect(suggestFiles('handlr.ts', names)).toEqual(['handler.ts']);
    expect(suggestFiles('handler.js', names)).toEqual(['handler.cjs', 'handler.ts']);
    expect(suggestFiles('handler', names)).toEqual(['handler.cjs', 'handler.ts']);
  });

  it('offers nothing for a name too far from every file (more than a third of its length, at least 2)', () => {
    expect(suggestFiles('zzz.ts', names)).toEqual([]);
    expect(suggestFiles('consumer.ts', names)).toEqual([]);
  });

  it('offers at most three names', () => {
    expect(suggestFiles('a.ts', ['a.js', 'a.mjs', 'a.cjs', 'a.mts', 'a.cts'])).toHaveLength(3);
  });
});

describe('describeNotFound', () => {
  const project = makeProject({
    'src/handler.ts': '',
    'src/types.d.ts': '',
    'src/lambdas/orders.ts': '',
    'lib/app.mjs': '',
    'lib/util.js': '',
    'empty/README.md': '',
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const notFound = (path: string) => describeNotFound(join(project, path), project);

  it('tells files, directories and missing paths apart', () => {
    expect(pathKind(join(project, 'src/handler.ts'))).toBe('file');
    expect(pathKind(join(project, 'src'))).toBe('directory');
    expect(pathKind(join(project, 'nope'))).toBe('missing');
  });

  it('a typo in the file name: the file meant; no similar name: says so', () => {
    expect(notFound('src/handlers.ts')).toBe('Handler file not found: src/handlers.ts. Did you mean src/handler.ts?');
    expect(notFound('src/types.ts')).toBe('Handler file not found: src/types.ts; there is no file with a similar name in src/.');
  });

  it('a directory: the likely handler files inside, preferring index, handler, main or app', () => {
    expect(notFound('src')).toBe('Handler path src is a directory, not a file. Did you mean src/handler.ts?');
    expect(notFound('lib')).toBe('Handler path lib is a directory, not a file. Did you mean lib/app.mjs?');
    expect(notFound('empty')).toBe('Handler path empty is a directory, not a file. Give the path of the handler file.');
  });

  it('a missing directory: names the first one missing, and the path under a near directory when the file is there', () => {
    expect(notFound('scr/handler.ts')).toBe(
      'Handler file not found: scr/handler.ts; the directory scr does not exist. Did you mean src/handler.ts?',
    );
    expect(notFound('src/lambda/orders.ts')).toBe(
      'Handler file not found: src/lambda/orders.ts; the directory src/lambda does not exist. Did you mean src/lambdas/orders.ts?',
    );
    expect(notFound('scr/deep/handler.ts')).toBe(
      'Handler file not found: scr/deep/handler.ts; the directory scr does not exist. Did you mean src/?',
    );
    expect(notFound('functions/handler.ts')).toBe('Handler file not found: functions/handler.ts; the directory functions does not exist.');
  });
});
