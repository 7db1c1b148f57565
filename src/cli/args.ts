import { parseArgs } from 'node:util';
import { nearest, orList } from '../core/suggest.js';
import { ruleIds, type RuleId } from '../config/types.js';
import type { Source } from '../model/types.js';
import { UsageError } from './usage-error.js';

export const REPORTER_NAMES = ['console', 'json', 'junit', 'markdown', 'html', 'github'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export interface ReporterSpec {
  name: ReporterName;
  /** Where it writes: a file path (relative to cwd), `-` for stdout; absent: its default. */
  path?: string;
}

export const DEFAULT_OUT_DIR = './conformance-report';

/** The command line, checked; absent values defer to the config, then the defaults. */
export interface CliArgs {
  /** The positional `path[#export]`. */
  handler?: string;
  config?: string;
  source?: Source;
  runs?: number;
  seed?: number;
  replay?: string;
  /** `--rule`, every list flattened, without duplicates. */
  rules?: RuleId[];
  /** In the order given; `[{ name: 'console' }]` when no `--reporter` is given. */
  reporters: ReporterSpec[];
  /** Where file reporters write (default `./conformance-report`). */
  out: string;
  timeoutMs?: number;
  /** `--workers`: harnesses judging cases at once (default: one per core). */
  workers?: number;
  /** `--shard i/n`, stored 0-based. */
  shard?: { index: number; count: number };
  quiet: boolean;
  template?: string;
  help: boolean;
  version: boolean;
}

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  source: { type: 'string' },
  runs: { type: 'string' },
  seed: { type: 'string' },
  replay: { type: 'string' },
  rule: { type: 'string', multiple: true },
  reporter: { type: 'string', multiple: true },
  out: { type: 'string' },
  timeout: { type: 'string' },
  workers: { type: 'string' },
  shard: { type: 'string' },
  quiet: { type: 'boolean' },
  template: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

const VALUE_OPTIONS = Object.entries(OPTIONS).filter(([, o]) => o.type === 'string').map(([name]) => name);

/** The largest seed: seeds are 31-bit non-negative integers. */
export const MAX_SEED = 2 ** 31 - 1;

/** Parses `conformance [handler[#export]] [options]` (SPEC §1.2). Bad use is a one-line `UsageError`. */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeNumbers(argv), options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw usageFromParseArgs(error);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(`one handler only, got ${positionals.length}: ${positionals.join(' ')}; pass a single path[#export]`);
  }
  const args: CliArgs = {
    reporters: values.reporter === undefined ? [{ name: 'console' }] : checkReporters(values.reporter.map(parseReporter)),
    out: values.out ?? DEFAULT_OUT_DIR,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
  const handler = positionals[0];
  if (handler !== undefined) {
    if (handler.trim() === '') throw new UsageError('the handler argument is empty; pass a path such as src/handler.ts#handler');
    args.handler = handler;
  }
  if (values.config !== undefined) args.config = nonEmpty('--config', values.config, 'conformance.config.ts');
  if (values.source !== undefined) {
    if (values.source !== 'dynamodb' && values.source !== 'kinesis') {
      throw new UsageError(`--source must be dynamodb or kinesis, got ${JSON.stringify(values.source)}`);
    }
    args.source = values.source;
  }
  if (values.runs !== undefined) args.runs = integerFlag('--runs', values.runs, 1, Number.MAX_SAFE_INTEGER, 'a positive integer', '200');
  if (values.seed !== undefined) args.seed = integerFlag('--seed', values.seed, 0, MAX_SEED, `an integer from 0 to ${MAX_SEED}`, '42');
  if (values.timeout !== undefined) {
    args.timeoutMs = integerFlag('--timeout', values.timeout, 1, Number.MAX_SAFE_INTEGER, 'a positive integer of milliseconds', '5000');
  }
  if (values.workers !== undefined) args.workers = integerFlag('--workers', values.workers, 1, 256, 'an integer from 1 to 256', '2');
  if (values.shard !== undefined) args.shard = parseShard(values.shard);
  if (values.replay !== undefined) args.replay = nonEmpty('--replay', values.replay, '<token printed with the failure>');
  if (values.rule !== undefined) args.rules = parseRules(values.rule);
  if (values.out !== undefined) nonEmpty('--out', values.out, 'conformance-report');
  if (values.template !== undefined) args.template = nonEmpty('--template', values.template, 'template.yaml');
  return args;
}

/** `--shard 2/4`: the second of four shares (1-based on the command line, as in CI matrices). */
export function parseShard(text: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n (e.g. --shard 1/4), got ${JSON.stringify(text)}`);
  }
  return { index: index - 1, count };
}

export function parseReporter(text: string): ReporterSpec {
  const eq = text.indexOf('=');
  const name = (eq === -1 ? text : text.slice(0, eq)).trim();
  if (!(REPORTER_NAMES as readonly string[]).includes(name)) {
    const guess = nearest(name, REPORTER_NAMES);
    throw new UsageError(
      `--reporter: unknown reporter ${JSON.stringify(name)}${guess ? ` (did you mean ${guess}?)` : ''}; use ${orList(REPORTER_NAMES)}, optionally name=path`,
    );
  }
  if (eq === -1) return { name: name as ReporterName };
  const path = text.slice(eq + 1).trim();
  if (path === '') throw new UsageError(`--reporter ${name}=: the path is empty; give a file (${name}=report.out) or - for stdout`);
  return { name: name as ReporterName, path };
}

/** Repeats dropped; two reporters may not share stdout or a file (their outputs would mix). */
export function checkReporters(specs: ReporterSpec[]): ReporterSpec[] {
  const unique: ReporterSpec[] = [];
  for (const spec of specs) {
    if (unique.some((u) => u.name === spec.name && u.path === spec.path)) continue;
    const clash = spec.path === undefined ? undefined : unique.find((u) => u.path === spec.path);
    if (clash) {
      const where = spec.path === '-' ? 'stdout (-)' : spec.path;
      throw new UsageError(`--reporter ${clash.name}=${clash.path} and --reporter ${spec.name}=${spec.path} both write to ${where}; give each its own path`);
    }
    unique.push(spec);
  }
  return unique;
}

function parseRules(lists: string[]): RuleId[] {
  const rules: RuleId[] = [];
  for (const id of lists.flatMap((list) => list.split(',')).map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(ruleIds as readonly string[]).includes(id)) {
      const guess = nearest(id, ruleIds);
      throw new UsageError(`--rule: unknown rule ${JSON.stringify(id)}${guess ? ` (did you mean ${guess}?)` : ''}; valid ids: ${ruleIds.join(', ')}`);
    }
    if (!rules.includes(id as RuleId)) rules.push(id as RuleId);
  }
  if (rules.length === 0) throw new UsageError(`--rule needs at least one rule id; valid ids: ${ruleIds.join(', ')}`);
  return rules;
}

function integerFlag(flag: string, text: string, min: number, max: number, what: string, example: string): number {
  const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be ${what} (e.g. ${flag} ${example}), got ${JSON.stringify(text)}`);
  }
  return value;
}

function nonEmpty(flag: string, text: string, example: string): string {
  if (text.trim() === '') throw new UsageError(`${flag} needs a value (e.g. ${flag} ${example})`);
  return text;
}

/** `--seed -5` → `--seed=-5`, so that a negative number gets the flag's own message rather than "ambiguous". */
function joinNegativeNumbers(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : undefined;
    if (name !== undefined && VALUE_OPTIONS.includes(name) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

const FLAGS = Object.keys(OPTIONS);

/** parseArgs' errors, rewritten as one line that names the flag and the fix. */
function usageFromParseArgs(error: unknown): Error {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(message)?.[1] ?? 'option';
    const guess = option.startsWith('--') ? nearest(option.slice(2), FLAGS) : undefined;
    return new UsageError(`unknown option ${option}${guess ? ` (did you mean --${guess}?)` : ''}; see conformance --help`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const option = /'(-[^' ,]+)/.exec(message)?.[1] ?? 'option';
    const long = longName(option);
    if (/does not take an argument/.test(message)) return new UsageError(`${long} takes no value; write just ${long}`);
    if (/ambiguous/.test(message)) {
      return new UsageError(`${long} needs a value, but the next argument starts with "-"; write ${long}=<value>`);
    }
    return new UsageError(`${long} needs a value; see conformance --help`);
  }
  if (error instanceof Error) return new UsageError(`${message.split('\n')[0] ?? message}; see conformance --help`);
  return new UsageError(`${message}; see conformance --help`);
}

function longName(option: string): string {
  if (option.startsWith('--')) return option;
  const short = option.slice(1);
  const entry = Object.entries(OPTIONS).find(([, o]) => 'short' in o && o.short === short);
  return entry ? `-${short}/--${entry[0]}` : option;
}
