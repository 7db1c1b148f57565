import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { describeNotFound, displayPath, HandlerLoadError, parseHandlerRef, pathKind } from '../harness/index.js';
import type { Source } from '../model/types.js';
import { ConfigError } from './config-error.js';
import { ruleIds, type ConformanceConfig, type LoadedConfig, type RuleId, type RuleSetting } from './types.js';
import { checkMapping, unknownRuleProblem } from './validate.js';

export const DEFAULT_RUNS = 100;
export const DEFAULT_TIMEOUT_MS = 3000;
export const DEFAULT_TIME_BUDGET_SECONDS = 60;

/** What the command line says; each given value overrides the config's. */
export interface CliOverrides {
  /** The positional `path[#export]`, relative to `cwd`. */
  handler?: string;
  source?: Source;
  runs?: number;
  seed?: number;
  /** `--rule` ids: only these rules. */
  rules?: string[];
  /** `--timeout` in ms. */
  timeoutMs?: number;
  /** `--workers`: how many harnesses judge cases at once. */
  workers?: number;
  /** `--shard i/n` (0-based index here): the share of the cases this run explores. */
  shard?: { index: number; count: number };
}

/** Everything the checker needs to know about one session, every default filled in. */
export interface RunSettings {
  /** `path[#export]` relative to `cwd` (what the harness takes as `handler`, and what reports show). */
  handlerRef: string;
  /** Absolute path of the handler file. */
  handlerFile: string;
  /** The working directory `handlerRef` is relative to. */
  cwd: string;
  source: Source;
  /** Property runs per rule. */
  runs: number;
  /** Seed of the whole session. */
  seed: number;
  /** The rules to run, in rule-table order: `--rule` (all when not given) minus those set to `off`. */
  rules: RuleId[];
  /** The setting of every rule (`error` unless the config says otherwise). */
  ruleSettings: Record<RuleId, RuleSetting>;
  /** Per-invocation handler timeout. */
  timeoutMs: number;
  /** Per rule. */
  timeBudgetSeconds: number;
  /** How many harnesses judge cases at once (1 when not given: the session's own). */
  workers?: number;
  /** The share of the cases this run explores (`--shard`); all of them when not given. */
  shard?: { index: number; count: number };
  /** false: every identical retry is run rather than fast-forwarded (the zoo check compares both). */
  fastForward?: boolean;
  /** The validated config (paths in it are relative to `baseDir`). */
  config: ConformanceConfig;
  /** Absolute path of the config file, when there was one. */
  configFile: string | undefined;
  /** Directory that paths in the config are relative to. */
  baseDir: string;
  /** Worth telling the user; none stops the run. */
  warnings: string[];
  /** For the user's information, e.g. which template mapping the settings come from. */
  notes?: string[];
  /** Where the handler was named, when a template named it (`the Handler of Fn/Stream in template.yaml, src/h.main`). */
  handlerFrom?: string;
}

export interface ResolveRunSettingsInput {
  loaded: LoadedConfig;
  cli?: CliOverrides;
  /** Default: `process.cwd()`. */
  cwd?: string;
  /** Default: a random 31-bit integer. */
  randomSeed?: () => number;
}

export const NO_HANDLER_MESSAGE =
  'no handler: pass it as the first argument (conformance src/handler.ts) or set handler in conformance.config.ts';

/**
 * Merges the command line over the config over the defaults: handler (CLI positional, else the
 * config's, resolved from the config file's directory), source (default dynamodb), runs (100),
 * seed (random), rules, timeout (`function.Timeout`, else 3 s) and time budget (60 s).
 */
export function resolveRunSettings(input: ResolveRunSettingsInput): RunSettings {
  const { loaded } = input;
  const cli = input.cli ?? {};
  const cwd = resolve(input.cwd ?? process.cwd());
  const config = loaded.config;
  const where = loaded.file === undefined ? 'config' : displayPath(loaded.file, cwd);
  const warnings = [...(loaded.warnings ?? [])];

  const handler = resolveHandler(cli.handler, config.handler, cwd, loaded.baseDir, where);

  const source: Source = cli.source ?? config.source ?? 'dynamodb';
  // The config was checked against its own source; a --source override can change what is valid.
  if (config.mapping !== undefined && source !== (config.source ?? 'dynamodb')) checkMapping(config.mapping, source, where);

  const ruleSettings = Object.fromEntries(ruleIds.map((id) => [id, config.rules?.[id] ?? defaultRuleSetting(id)])) as Record<RuleId, RuleSetting>;
  let selected: readonly RuleId[] = ruleIds;
  if (cli.rules !== undefined) {
    for (const id of cli.rules) {
      if (!(ruleIds as readonly string[]).includes(id)) throw new ConfigError(`--rule ${id}: ${unknownRuleProblem(id)}`, { path: '--rule' });
      if (ruleSettings[id as RuleId] === 'off') {
        warnings.push(`--rule ${id}: the rule is off in ${where} (rules.${id}), so it does not run`);
      }
    }
    selected = cli.rules as RuleId[];
  }
  const rules = ruleIds.filter((id) => selected.includes(id) && ruleSettings[id] !== 'off');

  const configTimeout = config.function?.Timeout;
  return {
    handlerRef: handler.ref,
    handlerFile: handler.file,
    cwd,
    source,
    runs: cli.runs ?? config.runs ?? DEFAULT_RUNS,
    seed: cli.seed ?? (input.randomSeed ?? randomSeed)(),
    rules,
    ruleSettings,
    timeoutMs: cli.timeoutMs ?? (configTimeout !== undefined ? configTimeout * 1000 : DEFAULT_TIMEOUT_MS),
    timeBudgetSeconds: config.timeBudgetSeconds ?? DEFAULT_TIME_BUDGET_SECONDS,
    ...(cli.workers !== undefined && { workers: cli.workers }),
    ...(cli.shard !== undefined && { shard: cli.shard }),
    config,
    configFile: loaded.file,
    baseDir: loaded.baseDir,
    warnings,
    ...(loaded.notes !== undefined && loaded.notes.length > 0 && { notes: [...loaded.notes] }),
    ...(loaded.handlerFrom !== undefined && { handlerFrom: loaded.handlerFrom }),
  };
}

/** A random seed in [0, 2^31). */
export function randomSeed(): number {
  return randomInt(0, 2 ** 31);
}

function resolveHandler(
  fromCli: string | undefined,
  fromConfig: string | undefined,
  cwd: string,
  baseDir: string,
  where: string,
): { ref: string; file: string } {
  if (fromCli !== undefined && fromCli.trim() !== '') {
    const ref = parseHandlerRef(fromCli, cwd);
    if (pathKind(ref.file) !== 'file') throw new HandlerLoadError('not-found', describeNotFound(ref.file, cwd));
    return { ref: ref.ref, file: ref.file };
  }
  if (fromConfig === undefined) throw new ConfigError(NO_HANDLER_MESSAGE);
  let parsed;
  try {
    parsed = parseHandlerRef(fromConfig, baseDir);
  } catch (error) {
    throw ConfigError.at(where, 'handler', error instanceof Error ? error.message : String(error));
  }
  if (pathKind(parsed.file) !== 'file') {
    const notFound = describeNotFound(parsed.file, cwd).replace(/\.$/, '');
    throw ConfigError.at(where, 'handler', `${notFound}; a handler path in the config is relative to the config file's directory`);
  }
  const shown = displayPath(parsed.file, cwd);
  return { ref: parsed.exportName === undefined ? shown : `${shown}#${parsed.exportName}`, file: parsed.file };
}

/**
 * Rules are errors unless configured otherwise; producer-duplicates is a warning, since only a
 * business key in the data can tell a producer's retry from a second event (an archive keyed by
 * sequence number is right to keep both).
 */
export function defaultRuleSetting(id: RuleId): RuleSetting {
  return id === 'producer-duplicates' ? 'warn' : 'error';
}
