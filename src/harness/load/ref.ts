import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HandlerLoadError } from './handler-load-error.js';
import { displayPath } from './paths.js';

/** A handler reference `path[#export]`, resolved against a directory. */
export interface HandlerRef {
  /** Absolute path of the handler file. */
  file: string;
  /** The export asked for after `#`; absent means the default lookup (`handler`, then `default`, …). */
  exportName?: string;
  /** The reference as shown to the user: the path relative to `cwd`, then `#export` if one was given. */
  ref: string;
}

/**
 * Parses `src/handler.ts#process` into the absolute file and the export name. The path is resolved
 * against `cwd` (a `file:` URL is accepted too); the last `#` separates the export, and an empty
 * export (`src/handler.ts#`) means the default lookup. Does not touch the file system.
 */
export function parseHandlerRef(ref: string, cwd: string): HandlerRef {
  const text = ref.trim();
  const hash = text.lastIndexOf('#');
  const path = hash === -1 ? text : text.slice(0, hash);
  const exportName = hash === -1 ? '' : text.slice(hash + 1).trim();
  if (path === '') {
    throw new HandlerLoadError(
      'not-found',
      `No handler file given in "${ref}". Give the path of the handler file, e.g. src/handler.ts#handler.`,
    );
  }
  const file = path.startsWith('file:') ? fileURLToPath(path) : resolve(cwd, path);
  const shown = displayPath(file, cwd);
  return exportName === '' ? { file, ref: shown } : { file, exportName, ref: `${shown}#${exportName}` };
}
