import type { ConformanceConfig } from './types.js';

/** Identity, for typing `conformance.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(config: ConformanceConfig): ConformanceConfig {
  return config;
}
