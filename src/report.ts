import type { RuleId } from './config/types.js';
import type { Source } from './model/types.js';
import type { ShardSection } from './run/shard.js';

export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** A record as a person reads it in a counterexample. */
export interface CounterexampleRecord {
  shardId: string;
  sequenceNumber: string;
  eventName: string;
  key: unknown;
  newImage?: unknown;
  oldImage?: unknown;
}

/** One key's expected versus actual downstream state. */
export interface CounterexampleDifference {
  key: string;
  expected: unknown;
  actual: unknown;
  /** Where the two first differ (`a[0]`, `address.city`). */
  path?: string;
  /** That place in words, with the DynamoDB types: `differs at a[0]: expected a binary set (BS) {"BS":[""]}, actual a list (L) {…}`. */
  at?: string;
  /** Both sides as DynamoDB JSON, when the plain view shows them equal (the types are the difference). */
  typed?: { expected: unknown; actual: unknown };
}

export interface Counterexample {
  records: CounterexampleRecord[];
  /** The fault schedule of the adversarial run, as plain data. */
  faults: unknown[];
  /** The adversarial run's trace (invocations, destinations, checkpoints, discards, events). */
  trace: unknown;
  /** Per item key: what the downstream should hold and what it holds. */
  differences?: CounterexampleDifference[];
  /** What the handler said in the invocations that threw or wrote to the console: errors with causes and inner errors, console lines (bounded). */
  handlerOutput?: { invocation: number; outcome: string; error?: string[]; console?: string[] }[];
  /** The invocation timeline as text. */
  timeline: string;
  /** The downstream calls of the run the finding comes from, one line each. */
  calls?: string[];
  /** Pass to `--replay` to run exactly this case again. */
  replay: string;
}

export interface RuleReport {
  id: RuleId;
  status: RuleStatus;
  severity: 'error' | 'warn';
  runs: number;
  /** This rule's own time: shrinking its counterexample, or judging once (the shared exploration is the report's). */
  durationMs: number;
  message: string;
  /** What goes wrong in production, one sentence (failures and warnings). */
  production?: string;
  /** How to fix it (failures and warnings). */
  fix?: string;
  /** This failure comes from the same cause as that rule's (its production sentence and fix are that rule's). */
  sameCauseAs?: RuleId;
  /** Which generated case first broke the rule (1-based), and how long the exploration took to get there. */
  firstFailure?: { run: number; ms: number };
  /** The worst IteratorAge seen, for poison-pill-isolation. */
  worstIteratorAgeMs?: number;
  counterexample?: Counterexample;
  /** The rule's documentation (meaning, production failure, a wrong and a right handler, how to read the counterexample). */
  docsUrl?: string;
}

export interface Report {
  tool: { name: 'stream-conformance'; version: string };
  ok: boolean;
  seed: number;
  /** Which function this is, when one command checked several (the template mapping or `functions[].name`). */
  function?: string;
  handler: string;
  /** The config file the run used, relative to the working directory. */
  config?: string;
  /** Command-line flags besides the config that shaped the cases (`--template t.yaml`, `--source`, `--timeout`): a replay must pass them again. */
  replayFlags?: string[];
  /** Set when the run came from the API with an in-memory config: the function to call again with `{ replay }`. */
  replayCall?: 'checkConsumer' | 'describeConformance';
  source: Source;
  /** The event source mapping as one line, e.g. `BatchSize 10, retries 3, bisect on, ReportBatchItemFailures, OnFailure sqs`. */
  mapping?: string;
  /** Wall-clock time of the whole check, ms. */
  durationMs?: number;
  /** Of it, the exploration: generating and judging the cases every rule shares (rules' own times are their shrinking). */
  explorationMs?: number;
  rules: RuleReport[];
  /** Problems with the run itself that the user should fix (undeclared tables, refused hosts). */
  problems: string[];
  warnings: string[];
  /** A `--shard` run's share of the cases and what it saw there, for `conformance merge`. */
  shard?: ShardSection;
}

/** Several functions checked by one command (a template's stream consumers, or the config's `functions`). */
export interface SuiteReport {
  tool: { name: 'stream-conformance'; version: string };
  /** Every function passed. */
  ok: boolean;
  seed: number;
  /** One report per function, in the template's (or the config's) order. */
  functions: Report[];
  /** A `--shard` run that took whole functions: which share, and every function of the command (for `conformance merge`). */
  shard?: { index: number; count: number; functions: string[] };
}

export function isSuiteReport(report: Report | SuiteReport): report is SuiteReport {
  return Array.isArray((report as Partial<SuiteReport>).functions);
}
