import type { CliOverrides, RunSettings } from '../config/settings.js';
import type { LoadConfigOptions } from '../config/load.js';

/**
 * How a worker thread gets the session's settings: as data when they are plain data, else by
 * loading the same config file again (functions and arbitraries in a config cannot cross threads).
 */
export type SettingsRecipe =
  | { kind: 'settings'; settings: RunSettings }
  | { kind: 'load'; load: LoadConfigOptions; cli: CliOverrides; function: number };

export async function settingsFromRecipe(recipe: SettingsRecipe): Promise<RunSettings> {
  if (recipe.kind === 'settings') return recipe.settings;
  const { loadFunctions } = await import('./functions.js');
  const { resolveRunSettings } = await import('../config/settings.js');
  const plan = (await loadFunctions(recipe.load))[recipe.function];
  if (plan === undefined) throw new Error(`function ${recipe.function} is not in the config any more`);
  return resolveRunSettings({ loaded: plan.loaded, cwd: recipe.load.cwd, cli: recipe.cli });
}

/** The recipe for settings with no config file: only when they are plain data (no functions, no class instances). */
export function plainRecipe(settings: RunSettings): SettingsRecipe | undefined {
  return isPlainData(settings) ? { kind: 'settings', settings } : undefined;
}

function isPlainData(value: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  if (type !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  return Object.values(value as Record<string, unknown>).every((v) => isPlainData(v, depth + 1));
}
