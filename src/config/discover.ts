import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The config file names looked for in the working directory, in this order. */
export const CONFIG_FILE_NAMES = [
  'conformance.config.ts',
  'conformance.config.mts',
  'conformance.config.js',
  'conformance.config.mjs',
  'conformance.config.json',
] as const;

export interface DiscoveredConfig {
  /** Absolute path of the config file to use; undefined when there is none. */
  file: string | undefined;
  /** Set when more than one config file exists: names them all and the one used. */
  warning?: string;
}

/** Finds `conformance.config.{ts,mts,js,mjs,json}` in `cwd` (the first in that order). */
export function discoverConfig(cwd: string): DiscoveredConfig {
  const found = CONFIG_FILE_NAMES.filter((name) => isFile(join(cwd, name)));
  const first = found[0];
  if (first === undefined) return { file: undefined };
  const file = join(cwd, first);
  if (found.length === 1) return { file };
  return {
    file,
    warning: `found ${found.join(' and ')}; using ${first} (remove the others, or pass one with --config)`,
  };
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
