import type { ConformanceConfig } from '../types.js';
import { isObject } from './intrinsics.js';

/** Sections whose keys merge one by one (the config's win). */
const SECTIONS = ['table', 'stream', 'mapping', 'function', 'downstream'] as const;

/**
 * The config over what the template says: top-level values of the config win, and in `table`,
 * `stream`, `mapping`, `function` and `downstream` its keys win one by one (so a config giving
 * `downstream.dynamodb` replaces the template's tables). Environment variables merge by name.
 */
export function mergeTemplate(template: ConformanceConfig, config: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...template, ...config };
  for (const section of SECTIONS) {
    const fromTemplate: unknown = template[section];
    const fromConfig = section === 'table' ? tableProperties(config.table) : config[section];
    if (isObject(fromTemplate) && isObject(fromConfig)) merged[section] = { ...fromTemplate, ...fromConfig };
  }
  const variables = [template.function, config.function].map((fn) => (isObject(fn) && isObject(fn.Environment) ? fn.Environment.Variables : undefined));
  if (isObject(variables[0]) && isObject(variables[1])) {
    const fn = merged.function as Record<string, unknown>;
    merged.function = { ...fn, Environment: { ...(fn.Environment as object), Variables: { ...variables[0], ...variables[1] } } };
  }
  return merged;
}

/** A whole pasted `AWS::DynamoDB::Table` resource stands for its `Properties`. */
function tableProperties(table: unknown): unknown {
  return isObject(table) && table.Type === 'AWS::DynamoDB::Table' && isObject(table.Properties) ? table.Properties : table;
}
