export { defineConfig } from './define-config.js';
export { ConfigError } from './config-error.js';
export { CONFIG_FILE_NAMES, discoverConfig, type DiscoveredConfig } from './discover.js';
export { loadConfig, type LoadConfigOptions } from './load.js';
export { validateConfig, type ValidateOptions } from './validate.js';
export {
  applyTemplate, readTemplate, type AppliedTemplate, type ApplyTemplateOptions, type ReadTemplateOptions, type TemplateReading,
} from './template/index.js';
export {
  resolveRunSettings, randomSeed, NO_HANDLER_MESSAGE, DEFAULT_RUNS, DEFAULT_TIMEOUT_MS, DEFAULT_TIME_BUDGET_SECONDS,
  type CliOverrides, type ResolveRunSettingsInput, type RunSettings,
} from './settings.js';
export { ruleIds, type ConformanceConfig, type LoadedConfig, type RuleId, type RuleSetting, type SourceTable, type PlainItem } from './types.js';
