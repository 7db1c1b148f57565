import { relative, sep } from 'node:path';

/** A path as shown in messages: relative to `cwd`, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  if (rel === '') return '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}
