import { loadConfig, type LoadConfigOptions } from '../config/load.js';
import type { LoadedConfig } from '../config/types.js';

/** One function to check: its config, and the name its section carries when there are several. */
export interface FunctionPlan {
  name?: string;
  loaded: LoadedConfig;
}

export async function loadFunctions(options: LoadConfigOptions): Promise<FunctionPlan[]> {
  return [{ loaded: await loadConfig(options) }];
}
