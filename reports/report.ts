import type { RuleDetails, RuleId } from '../properties/index.js';
import type { ErrorDetail, Source, Trace } from '../src/model/types.js';

/**
 * The version of the report's JSON shape (the JSON reporter writes the report as is). It grows by
 * one whenever a field is removed or changes meaning; new optional fields keep it.
 * 1: the first versioned shape: `schemaVersion` appears; a counterexample's `trace` and `faults`
 *    are typed (they were `unknown`), with the same content as before.
 * 2: a counterexample is data, the reporters write the sentences: `faults` and `calls` are typed
 *    objects (they were one sentence each), `trace` gains the per-shard `metrics`, `timeline` (the
 *    trace as text) is gone, and a rule's `worstIteratorAgeMs` moved into its `details`; a
 *    difference names its place as data (`where`, `id`, `sourceKeys`; `at` with the path and each
 *    side's type), and `handlerOutput[].error` is the thrown error as data (name, message, cause,
 *    inner errors).
 */
export const REPORT_SCHEMA_VERSION = 2;

export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** A record as a person reads it in a counterexample. */
export interface CounterexampleRecord {
  shardId: string;
  sequenceNumber: string;
  eventName: string;
  key: unknown;
  newImage?: unknown;
  oldImage?: unknown;
  /** The item the write left in the source table, when the record carries no new image (KEYS_ONLY and OLD_IMAGE streams). */
  wrote?: unknown;
  /** A REMOVE that DynamoDB wrote for a TTL expiry. */
  ttl?: true;
  /** The mapping's FilterCriteria dropped it: it never reached the handler nor a destination. */
  filtered?: true;
  /** The field it lacks that a filter tests with `anything-but`, when that alone got it dropped (`userIdentity.principalId`). */
  filteredLacking?: string;
}

/** The model's trace of a run, less its end time. */
export type CounterexampleTrace = Pick<Trace, 'invocations' | 'destinations' | 'checkpoints' | 'discards' | 'events' | 'metrics'>;

/**
 * A fault injected into the run, as data. Invocations are numbered from 1 (as in the timeline and
 * `handlerOutput`); downstream calls by their index in the run, from 0 (as in `calls`).
 */
export type CounterexampleFault =
  /** A Kinesis producer wrote the record with sequence number `original` again: same partition key and data, sequence number `copy`. */
  | { kind: 'producer-retry'; shardId: string; original: string; copy: string }
  /** The first `attempts` attempts of downstream call `call` fail with `error`; `permanent`: every attempt does. */
  | { kind: 'call-error'; call: number; error: string; attempts: number; permanent: boolean }
  /** Downstream call `call`, a batch write, reports these entries (0-based) failed. */
  | { kind: 'partial-batch'; call: number; failed: number[] }
  /** Every call for the item key with these values fails: a poison record. */
  | { kind: 'poison-key'; values: string[] }
  /**
   * The invocation times out after `calls` downstream calls; `frozeLeftWork`: it had ended by then,
   * so the fault froze the environment for good, stopping the work the handler left running.
   */
  | { kind: 'timeout-after-calls'; invocation: number; calls: number; frozeLeftWork?: true }
  /** The invocation runs after a cold start. */
  | { kind: 'cold-start'; invocation: number }
  /** The invocation's batch is delivered again (a poller duplicate). */
  | { kind: 'duplicate-delivery'; invocation: number }
  /** Concurrent downstream calls complete in an adversarial order drawn from `seed`. */
  | { kind: 'reorder'; seed: number };

/** One attempt of a downstream call the handler made. */
export interface CounterexampleCall {
  /** The invocation that made it, numbered from 1. */
  invocation: number;
  /** The operation's index in the run, from 0 (an SDK send and its retries share it), and which attempt this is, from 1. */
  call: number;
  attempt: number;
  /** An AWS service (`dynamodb`, `sqs`, …), `http`, `search`, or a service declared in `downstream.services`. */
  service: string;
  /** The operation (`PutItem`), or for `http` the method and URL. */
  operation: string;
  outcome: 'ok' | 'error' | 'partial' | 'network-error' | 'refused';
  statusCode?: number;
  /** The error code the service answered with (`ValidationException`, `version_conflict_engine_exception`). */
  error?: string;
  /** The fault injected into this attempt (`throttling`, `server-error`, …). */
  fault?: string;
  /** Made by work this earlier invocation (numbered from 1) left on a timer when it returned (or left running, with `afterReturn`). */
  leftBy?: number;
  /** Made after its invocation (or `leftBy`'s) had ended, by work the handler did not await. */
  afterReturn?: true;
}
/** One key's expected versus actual downstream state. */
/** One side of a difference where it first differs: its DynamoDB type tag or JSON kind, and the value as DynamoDB JSON. */
export interface DifferenceSide {
  /** `S`, `N`, `BS`, … for a DynamoDB attribute value; `string`, `number`, `boolean`, `null`, `array`, `object` for plain JSON; `nothing` when absent. */
  type: string;
  value?: unknown;
}

export interface CounterexampleDifference {
  /** Where the state lives: `table orders`, `queue …`, `index …`. */
  where: string;
  /** The key or identity of the differing entry there, as JSON. */
  id: string;
  /** The source table keys it comes from, when known. */
  sourceKeys: string[];
  expected: unknown;
  actual: unknown;
  /** Where the two first differ (`a[0]`, `address.city`), with each side's type there. */
  at?: { path: string; expected: DifferenceSide; actual: DifferenceSide };
  /** Both sides as DynamoDB JSON, when the plain view shows them equal (the types are the difference). */
  typed?: { expected: unknown; actual: unknown };
}

export interface Counterexample {
  records: CounterexampleRecord[];
  /** The faults of the adversarial run (a producer retry, a failing call, a timeout, …). */
  faults: CounterexampleFault[];
  /** The trace of the run the finding comes from: invocations, OnFailure deliveries, checkpoints, discards, timeline events, per-shard metrics. */
  trace: CounterexampleTrace;
  /** Per item key: what the downstream should hold and what it holds. */
  differences?: CounterexampleDifference[];
  /** The expected side is what the same history left without faults (each record once, in order), not a stated expectation. */
  expectedFrom?: 'reference-run';
  /** What the handler said in the invocations that threw or wrote to the console: errors with causes and inner errors, console lines (bounded). */
  handlerOutput?: { invocation: number; outcome: string; error?: ErrorDetail; console?: string[] }[];
  /** The downstream calls of the run the finding comes from, every attempt, in issue order. */
  calls?: CounterexampleCall[];
  /** Pass to `--replay` to run exactly this case again; empty for a rule's own run (judged once on its own records: `--rule <id>` runs it again). */
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
  /** Figures the rule measured, typed per rule (`rule` names which): poison-pill-isolation's `worstIteratorAgeMs`. */
  details?: RuleDetails;
  counterexample?: Counterexample;
  /** The rule's documentation (meaning, production failure, a wrong and a right handler, how to read the counterexample). */
  docsUrl?: string;
}

export interface Report {
  /** The version of this shape; see REPORT_SCHEMA_VERSION. */
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
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
  /** The shape of each function's report too (written since it was added; older suites lack it). */
  schemaVersion?: typeof REPORT_SCHEMA_VERSION;
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

/** What a `--shard i/n` run explored, in its JSON report: enough for `conformance merge` to settle the whole sequence. */
export interface ShardSection {
  /** 1-based, as on the command line. */
  index: number;
  count: number;
  /** `cases`: this run explored the case indexes `i` with `i % count == index - 1`; `function`: the whole function. */
  share: 'cases' | 'function';
  /** Its cases below this index were all judged. */
  upTo: number;
  /** `--runs`: the length of the whole sequence. */
  total: number;
  /** The rules judged on every case, and the first case (0-based, in the whole sequence) each failed. */
  caseRules: RuleId[];
  firstFailures: Partial<Record<RuleId, number>>;
  observable: boolean;
  compared: boolean;
  /** A digest of each part of the settings the cases were generated and judged under (as in a replay token): shards of one run agree on it. */
  settings?: Record<string, string>;
}
