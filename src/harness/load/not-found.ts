import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { displayPath } from './paths.js';

/** Extensions a handler file may have (§1.1). */
export const HANDLER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/** Whether `file` is a file, a directory, or missing. */
export function pathKind(file: string): 'file' | 'directory' | 'missing' {
  try {
    return statSync(file).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}

/**
 * Why `file` is not a loadable handler file, with the likely fix: `Handler file not found:
 * src/handlr.ts. Did you mean src/handler.ts?`
 */
export function describeNotFound(file: string, cwd: string): string {
  const shown = displayPath(file, cwd);
  if (pathKind(file) === 'directory') {
    const inside = handlerFiles(file);
    const preferred = inside.filter((name) => /^(index|handler|main|app)\./.test(name));
    const examples = (preferred.length > 0 ? preferred : inside).slice(0, 3).map((name) => displayPath(join(file, name), cwd));
    const hint = examples.length > 0 ? ` Did you mean ${orList(examples)}?` : ' Give the path of the handler file.';
    return `Handler path ${shown} is a directory, not a file.${hint}`;
  }
  const dir = dirname(file);
  if (pathKind(dir) !== 'directory') {
    const missing = firstMissingDirectory(dir);
    const rest = relative(missing, file);
    const near = nearestNames(basename(missing), directoriesIn(dirname(missing))).map((name) => {
      const corrected = join(dirname(missing), name);
      // The same path under the nearby directory, if that file exists; else the directory.
      return pathKind(join(corrected, rest)) === 'file' ? displayPath(join(corrected, rest), cwd) : `${displayPath(corrected, cwd)}/`;
    });
    const hint = near.length > 0 ? ` Did you mean ${orList(near)}?` : '';
    return `Handler file not found: ${shown}; the directory ${displayPath(missing, cwd)} does not exist.${hint}`;
  }
  const suggestions = suggestFiles(basename(file), handlerFiles(dir));
  if (suggestions.length === 0) {
    return `Handler file not found: ${shown}; there is no file with a similar name in ${displayPath(dir, cwd)}/.`;
  }
  return `Handler file not found: ${shown}. Did you mean ${orList(suggestions.map((name) => displayPath(join(dir, name), cwd)))}?`;
}

/**
 * Names in the directory the user probably meant: the same name with another extension, or the
 * names nearest by edit distance (within a third of the length, at least 2), nearest first.
 */
export function suggestFiles(wanted: string, names: string[]): string[] {
  const wantedStem = stem(wanted);
  const sameStem = names.filter((name) => stem(name) === wantedStem && name !== wanted);
  const near = nearestNames(wanted, names).filter((name) => !sameStem.includes(name));
  return [...near, ...sameStem].slice(0, 3);
}

/** The names at the smallest edit distance from `wanted`, if it is close enough to be a typo. */
function nearestNames(wanted: string, names: string[]): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  let best = Infinity;
  let nearest: string[] = [];
  for (const name of names) {
    const distance = editDistance(wanted.toLowerCase(), name.toLowerCase());
    if (distance > limit || distance > best) continue;
    if (distance < best) {
      best = distance;
      nearest = [];
    }
    nearest.push(name);
  }
  return nearest.sort();
}

/** Levenshtein distance, with a swap of two neighbouring characters counting as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1]![j]! + 1, row[j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, rows[i - 2]![j - 2]! + 1);
      }
      row.push(value);
    }
    rows.push(row);
  }
  return rows[a.length]![b.length]!;
}

function stem(name: string): string {
  const ext = extname(name);
  return HANDLER_EXTENSIONS.includes(ext.toLowerCase()) ? name.slice(0, -ext.length) : name;
}

function handlerFiles(dir: string): string[] {
  return entries(dir)
    .filter((entry) => entry.isFile() && HANDLER_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
    .filter((entry) => !entry.name.endsWith('.d.ts') && !/\.d\.[cm]ts$/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
}

function directoriesIn(dir: string): string[] {
  return entries(dir)
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The outermost directory on the way to `dir` that does not exist. */
function firstMissingDirectory(dir: string): string {
  let missing = dir;
  for (let parent = dirname(missing); parent !== missing && pathKind(parent) !== 'directory'; parent = dirname(parent)) {
    missing = parent;
  }
  return missing;
}

function orList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
