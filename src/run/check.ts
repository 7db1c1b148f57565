import { relative } from 'node:path';
import fc from 'fast-check';
import { forSource, ruleById, type Case, type Finding, type Rule, type RuleId, type SkipContext, type StaticContext } from '../../properties/index.js';
import { resolveRunSettings, type RunSettings } from '../config/settings.js';
import { applyTemplate } from '../config/template/index.js';
import { validateConfig } from '../config/validate.js';
import type { ConformanceConfig } from '../config/types.js';
import { CREATE_TABLE_KEYS, Harness, HarnessError, noFaults, type HarnessRun } from '../harness/index.js';
import { caseArbitrary, itemOptions } from '../judge/case.js';
import { attributeSpecValues } from '../../generators/index.js';
import { SdkUsage } from '../harness/index.js';
import { describeCounterexample } from '../judge/counterexample.js';
import { applyReduction, isEmptyReduction, minimize, type Reduction } from '../judge/minimize.js';
import { assertSameSettings, decodeReplay, encodeReplay, settingsDigest, type ReplaySettings } from '../judge/replay.js';
import { evaluateCase, SetupProblem, type CaseVerdict, type JudgeContext } from '../judge/evaluate.js';
import { ReferenceRuns } from '../judge/reference-runs.js';
import type { AttributeValue } from 'aws-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Mapping } from '../model/mapping.js';
import { resolveMappingOnce } from '../simulate.js';
import { REPORT_SCHEMA_VERSION, type Counterexample, type Report, type RuleReport } from '../../reports/report.js';
import { packageVersion } from '../version.js';
import { describeMapping } from '../report-header.js';
import { budgetWarning, hangCutWarning } from './budget.js';
import { heldMessage, reportWarnings } from './messages.js';
import { shardSection } from './shard.js';
import { closeThreads, exploreSession, startThreads } from './explore-session.js';
import type { RuleOutcome, RuleStanding } from './pool-protocol.js';
import { reportRules, type RuleReporter } from './rule-reports.js';
import type { ThreadEvaluator } from './thread-evaluator.js';
import type { PoolExploration } from './pool.js';
import type { SettingsRecipe } from './recipe.js';

const version = packageVersion();

export interface CheckOptions {
  onProgress?: (event: { rule: string; done: number; total: number }) => void;
  /** A token printed with a failure: runs exactly that case again. */
  replay?: string;
  /** Which API function the caller used, so a failure's replay hint names it (default checkConsumer). */
  replayCall?: 'checkConsumer' | 'describeConformance';
  /** How the pool's worker threads load these settings (the CLI passes its config file). */
  recipe?: SettingsRecipe;
  /**
   * Abandons the check: its harness and threads are released at once (the handler's work stops
   * with them) and the check rejects with the signal's reason, after everything is released.
   */
  signal?: AbortSignal;
}

/** What the CLI runs, minus printing: loads nothing itself, takes the resolved settings. */
export async function checkConsumerWithSettings(settings: RunSettings, options: CheckOptions = {}): Promise<Report> {
  const { config, source } = settings;
  const { signal } = options;
  signal?.throwIfAborted();
  // resolved once: every run of the check shares it
  const mapping = resolveMappingOnce(config.mapping, source);
  // the pool's threads load while the session's own harness does
  const threads = options.replay === undefined ? startThreads(settings, options.recipe, settings.rules.filter((id) => ruleById(id).judgeCase)) : [];
  const harness = await startHarness(settings).catch(async (error: unknown) => {
    await closeThreads(threads);
    throw fixInTemplate(error, settings.handlerFrom);
  });
  const release = () => Promise.all([harness.close(), closeThreads(threads)]);
  const abandon = () => void release();
  signal?.addEventListener('abort', abandon, { once: true });
  try {
    signal?.throwIfAborted();
    const context = judgeContext(settings, harness, mapping);
    const replay = options.replay === undefined ? undefined : decodeReplay(options.replay);
    if (replay) assertSameSettings(replay, replaySettings(settings));
    const selected = replay ? [ruleById(replay.rule as RuleId)] : settings.rules.map(ruleById);
    const session = new Session(settings, context, selected, { ...options, threads });
    const started = Date.now();
    const reports = await untilAbandoned(session.run(replay), signal);
    return {
      schemaVersion: REPORT_SCHEMA_VERSION,
      tool: { name: 'stream-conformance', version },
      ok: !reports.some((r) => r.status === 'fail'),
      seed: replay?.seed ?? settings.seed,
      handler: settings.handlerRef,
      ...(settings.configFile !== undefined && { config: relative(settings.cwd, settings.configFile) || settings.configFile }),
      source,
      mapping: describeMapping(mapping),
      durationMs: Date.now() - started,
      ...(session.explorationMs !== undefined && { explorationMs: session.explorationMs }),
      rules: reports.map((report) => withDocsUrl(report, ruleById(report.id))),
      problems: [],
      warnings: reportWarnings([...settings.warnings, ...session.warnings]),
      ...(settings.shard !== undefined && !replay && {
        shard: { ...shardSection(settings.shard, 'cases', selected.filter((r) => r.judgeCase).map((r) => r.id), session.explored, settings.runs), settings: settingsDigest(replaySettings(settings)) },
      }),
    };
  } catch (error) {
    if (error instanceof SetupProblem) throw new HarnessError(error.message, 'config');
    throw error;
  } finally {
    signal?.removeEventListener('abort', abandon);
    await release();
  }
}

/**
 * The session's result, or the signal's reason as soon as it is aborted: the session then fails
 * on its released harness (quietly: nobody waits for it any more).
 */
function untilAbandoned<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return work;
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The harness of one session: the handler, its downstream tables and targets, its function settings. */
export function startHarness(settings: RunSettings): Promise<Harness> {
  const { config } = settings;
  return Harness.start({
    handler: settings.handlerRef,
    cwd: settings.cwd,
    tables: config.downstream?.dynamodb?.tables ?? [],
    http: config.downstream?.http ?? {},
    search: config.downstream?.search ?? [],
    services: config.downstream?.services ?? {},
    functionTimeoutMs: settings.timeoutMs,
    ...(config.function?.MemorySize !== undefined && { memoryLimitInMB: config.function.MemorySize }),
    environment: config.function?.Environment?.Variables ?? {},
    ...(settings.fastForward === false && { fastForward: false }),
    ...(settings.source === 'dynamodb' && { sourceTable: sourceTableOf(config.table) }),
    items: seedItems(config),
  });
}

/** downstream.dynamodb.items as DynamoDB JSON, which the tables hold when each run starts. */
export function seedItems(config: ConformanceConfig): Record<string, Record<string, unknown>[]> {
  const items = config.downstream?.dynamodb?.items ?? {};
  return Object.fromEntries(Object.entries(items).map(([table, list]) => [table, list.map((item) => marshall(item, { removeUndefinedValues: true }) as Record<string, unknown>)]));
}

/** The stream's table as the handler may read it: the config's table when it is named, with only what a CreateTable takes. */
function sourceTableOf(table: ConformanceConfig['table']): Record<string, unknown> | 'unnamed' {
  if (typeof table?.TableName !== 'string' || table.TableName === '') return 'unnamed';
  return Object.fromEntries(CREATE_TABLE_KEYS.filter((key) => table[key] !== undefined).map((key) => [key, table[key]]));
}

/** A run judged once, or the first setup problem it met (an undeclared table or service): no run could go on. */
async function setupChecked(running: Promise<HarnessRun>): Promise<HarnessRun> {
  const run = await running;
  const problem = run.problems[0];
  if (problem !== undefined) throw new SetupProblem(problem);
  return run;
}

/** The settings a replay token is bound to (the handler by its path from the config's directory, so any working directory replays). */
function replaySettings(settings: RunSettings): ReplaySettings {
  const exportName = settings.handlerRef.includes('#') ? settings.handlerRef.slice(settings.handlerRef.lastIndexOf('#')) : '';
  return { handler: `${relative(settings.baseDir, settings.handlerFile)}${exportName}`, source: settings.source, timeoutMs: settings.timeoutMs, config: settings.config };
}

/** A rule's entry with the link to its documentation (before the counterexample, which can be long). */
function withDocsUrl({ counterexample, ...report }: RuleReport, rule: Rule): RuleReport {
  return { ...report, docsUrl: rule.docsUrl, ...(counterexample !== undefined && { counterexample }) };
}

/**
 * A handler the template named without the export it names: the fix is the template's `Handler`,
 * not a `path#export` on the command line.
 */
function fixInTemplate(error: unknown, handlerFrom: string | undefined): unknown {
  if (handlerFrom === undefined || !(error instanceof HarnessError) || (error.kind !== 'export-missing' && error.kind !== 'not-a-function')) return error;
  const found = error.message.replace(/\s*(Its function exports are: [^;]*; )?[Uu]se \S+#<name>\.$/, (_, listed: string | undefined) => (listed ? ` ${listed.replace(/; $/, '.')}` : ''));
  return new HarnessError(`${found} Fix ${handlerFrom}: after the file's dot, name the export that is the handler.`, error.kind);
}

/** The programmatic API: a config object (paths relative to the working directory), checked. */
export async function checkConsumer(config: ConformanceConfig, options: CheckOptions & { cwd?: string; seed?: number; runs?: number; workers?: number } = {}): Promise<Report> {
  const cwd = options.cwd ?? process.cwd();
  const applied = applyTemplate(config, { cwd, baseDir: cwd, where: 'config' });
  const settings = resolveRunSettings({
    loaded: { config: validateConfig(applied.config, 'config'), file: undefined, baseDir: cwd, warnings: applied.warnings, notes: applied.notes },
    cli: { ...(options.seed !== undefined && { seed: options.seed }), ...(options.runs !== undefined && { runs: options.runs }), ...(options.workers !== undefined && { workers: options.workers }) },
    cwd,
  });
  const report = await checkConsumerWithSettings(settings, options);
  // no config file to point a command at: the replay hint calls the API again with the same config
  return report.config === undefined ? { ...report, replayCall: options.replayCall ?? 'checkConsumer' } : report;
}

export function judgeContext(settings: RunSettings, harness: Harness, mapping: Mapping): Omit<JudgeContext, 'rules'> {
  const { config } = settings;
  const tables = (config.downstream?.dynamodb?.tables ?? []) as Record<string, unknown>[];
  const tableKeys = Object.fromEntries(tables.map((t) => {
    const table = ((t.Properties as Record<string, unknown> | undefined) ?? t) as { TableName: string; KeySchema: { AttributeName: string }[] };
    return [table.TableName, table.KeySchema.map((k) => k.AttributeName)];
  }));
  const ignoreFields = config.downstream?.ignoreFields ?? [];
  const expect = config.downstream?.expect;
  return {
    harness,
    source: settings.source,
    mapping,
    seed: settings.seed,
    state: {
      ignoreFields, tableKeys, messageKey: config.downstream?.messageKey, seeded: seedItems(config),
      ...(config.downstream?.ignoreTables && { ignoreTables: config.downstream.ignoreTables }),
      ...(settings.source === 'dynamodb' && typeof config.table?.TableName === 'string' && { sourceTable: config.table.TableName }),
    },
    expectation: expect && (expect.mirror || expect.state)
      ? { expect, ignoreFields, tableKeys, sourceKeyNames: config.table?.KeySchema.map((k) => k.AttributeName) ?? ['pk'], windowSeconds: mapping.TumblingWindowInSeconds }
      : undefined,
    custom: config.downstream?.custom,
  };
}

/**
 * A case rule's report from where the exploration left it (its first failure shrunk), made on
 * this harness: what the pool's threads run, so that different rules shrink at once.
 */
export async function caseRuleOutcome(settings: RunSettings, context: Omit<JudgeContext, 'rules'>, id: RuleId, standing: RuleStanding, onProgress?: CheckOptions['onProgress']): Promise<RuleOutcome> {
  const rule = ruleById(id);
  const session = new Session(settings, context, [rule], { threads: [], ...(onProgress && { onProgress }) });
  const { seen, ...progress } = standing;
  const report = await session.caseRuleReport(rule, progress, seen, undefined);
  return { report, warnings: [...session.warnings] };
}

/**
 * How many smaller cases fast-check's generic shrink may try per rule: it mostly simplifies values
 * (minimizing then takes out records and faults directly, far cheaper per step), and it is most of
 * a failing check's time.
 */
const shrinkTries = 40;

/**
 * Invocations cut by the watchdog (a synchronous loop, a wait past the timeout) that each shrink
 * may take, fast-check's and the minimization's together: past it, more candidates would only
 * repeat the hang at a cost in real time, so the shrink keeps the smallest case found so far. A
 * count, not a time, so the same seed gives the same counterexample on any machine.
 */
const shrinkHangLimit = 60;

/** A rule judged before the cases whose finding stops them (`Finding.stopsCases`). */
interface CaseStop {
  rule: Rule<RuleId>;
  finding: Finding & { stopsCases: string };
}

interface RuleProgress {
  firstFailure: number | undefined;
  /** Time from the start of the exploration to the first failing case, ms. */
  firstFailureMs?: number;
  runs: number;
}

/** One check: explore generated cases once for all rules, then shrink each rule's first failure. */
class Session {
  private readonly arbitrary: fc.Arbitrary<Case>;
  readonly warnings = new Set<string>();
  /** What the exploration saw (undefined for a replay or without case rules). */
  explored: PoolExploration | undefined;
  /** Time spent generating and judging the cases all rules share (each rule's own time is its shrinking). */
  explorationMs: number | undefined = 0;
  /** The handler's SDK use over every run of the check (not per run: one failing case says little). */
  private readonly sdk = new SdkUsage();

  constructor(
    private readonly settings: RunSettings,
    private readonly context: Omit<JudgeContext, 'rules'>,
    private readonly selected: Rule<RuleId>[],
    private readonly options: CheckOptions & { threads: readonly ThreadEvaluator[] },
  ) {
    this.arbitrary = caseArbitrary({ source: settings.source, config: settings.config });
  }

  async run(replay: ReturnType<typeof decodeReplay> | undefined): Promise<RuleReport[]> {
    const caseRules = this.selected.filter((r) => r.judgeCase);
    const progress = new Map<RuleId, RuleProgress>(caseRules.map((r) => [r.id, { firstFailure: undefined, runs: 0 }]));
    let observable = false;
    let compared = false;
    const stop = replay ? undefined : await this.judgeFirst();
    const exploring = Date.now();
    if (replay) {
      progress.set(replay.rule as RuleId, { firstFailure: 0, runs: 1 });
    } else if (stop) {
      for (const p of progress.values()) p.runs = 0;
    } else if (caseRules.length > 0) {
      const explored = await exploreSession({
        settings: this.settings, arbitrary: this.arbitrary, rules: caseRules.map((r) => r.id), recipe: this.options.recipe, threads: this.options.threads,
        // warnings are taken from the exploration, in case order, and only from the cases counted
        local: (c) => evaluateCase(c, { ...this.context, rules: caseRules }),
        onProgress: (done, total) => this.options.onProgress?.({ rule: 'all rules', done, total }),
      });
      this.explored = explored;
      if (explored.counted > 0 && !explored.invoked) throw new SetupProblem(neverInvoked(this.context.mapping, explored.counted));
      ({ observable, compared } = explored);
      for (const warning of explored.warnings) this.warnings.add(warning);
      if (explored.cut) this.warnings.add(budgetWarning(explored, this.settings.timeBudgetSeconds));
      if (explored.hangCut) this.warnings.add(hangCutWarning(explored));
      for (const [id, failure] of explored.firstFailures) progress.set(id, { firstFailure: failure.index, firstFailureMs: failure.ms, runs: explored.counted });
      for (const p of progress.values()) p.runs = explored.counted;
      for (const usage of explored.sdk) this.sdk.add(usage);
    }
    // no case ran at all: there is no exploration to time
    this.explorationMs = stop ? undefined : Date.now() - exploring;
    // the failures shrink on every harness at once (a replay has one rule: it stays here)
    const failed = replay ? [] : caseRules.filter((r) => progress.get(r.id)?.firstFailure !== undefined).map((r) => ({ id: r.id, standing: { ...progress.get(r.id)!, seen: { observable, compared } } }));
    const own: RuleReporter = { ready: Promise.resolve(), ruleOutcome: (id, standing) => caseRuleOutcome(this.settings, this.context, id, standing, this.options.onProgress) };
    const outcomes = await reportRules(failed, [own, ...this.options.threads]);
    const reports: RuleReport[] = [];
    for (const rule of this.selected) {
      const outcome = outcomes.get(rule.id);
      if (outcome) {
        for (const warning of outcome.warnings) this.warnings.add(warning);
        reports.push({ ...outcome.report, durationMs: outcome.ms + this.firstMs(rule.id) });
        continue;
      }
      const started = Date.now();
      const p = progress.get(rule.id);
      const report = stop && p
        ? this.stoppedRuleReport(rule, stop)
        : p
          ? await this.caseRuleReport(rule, p, { observable, compared }, replay)
          : await this.staticRuleReport(rule);
      // the cases are shared (the report's explorationMs): a rule's own time is its shrinking or judging
      reports.push({ ...report, durationMs: Date.now() - started + this.firstMs(rule.id) });
    }
    const items = { described: this.settings.config.items !== undefined, configFile: this.settings.configFile !== undefined };
    for (const warning of this.sdk.warnings(this.context.harness.dependsOnSdk, items)) this.warnings.add(warning);
    return reports;
  }

  /** What the rules judged before the cases found (`Rule.judgeOnceFirst`), and the time it took, kept for their reports. */
  private readonly judgedFirst = new Map<RuleId, { finding: Finding | undefined; ms: number }>();

  private firstMs(id: RuleId): number {
    return this.judgedFirst.get(id)?.ms ?? 0;
  }

  /** Judges the rules judged before the cases; returns the finding that stops the cases, if one does. */
  private async judgeFirst(): Promise<CaseStop | undefined> {
    for (const rule of this.selected.filter((r) => r.judgeOnceFirst && r.judgeOnce)) {
      const started = Date.now();
      const finding = await rule.judgeOnce!(this.staticContext());
      this.judgedFirst.set(rule.id, { finding, ms: Date.now() - started });
      // a warning does not block the user's build, so it does not stop the cases either
      const failing = finding !== undefined && (finding.status === undefined || finding.status === 'fail') && this.severity(rule.id) === 'error';
      if (failing && finding.stopsCases !== undefined) return { rule, finding: { ...finding, stopsCases: finding.stopsCases } };
    }
    return undefined;
  }

  /** A case rule's report when a rule judged first stopped the cases (none ran): the stopping rule fails, the others are not judged. */
  private stoppedRuleReport(rule: Rule<RuleId>, stop: CaseStop): RuleReport {
    const base = { id: rule.id, severity: this.severity(rule.id), runs: 0, durationMs: 0 };
    // its one run, as for any rule judged once
    if (rule.id === stop.rule.id) return this.fromFinding(rule, { ...base, runs: 1 }, stop.finding);
    return { ...base, status: 'skip', message: `not judged: no case ran, since ${stop.finding.stopsCases} (${stop.rule.id})` };
  }

  /** The first setup problem seen (an undeclared table or service): no later case can run either. */
  private stopped: Error | undefined;

  private throwIfStopped(): void {
    if (this.stopped) throw this.stopped;
  }

  private async evaluate(c: Case, rules: readonly Rule<RuleId>[], references?: JudgeContext['references']): Promise<CaseVerdict> {
    this.throwIfStopped();
    let verdict: CaseVerdict;
    try {
      verdict = await evaluateCase(c, { ...this.context, rules, ...(references && { references }) });
    } catch (error) {
      if (error instanceof SetupProblem || error instanceof HarnessError) this.stopped ??= error;
      throw error;
    }
    for (const warning of verdict.warnings) this.warnings.add(warning);
    for (const run of [verdict.evidence.ref, verdict.evidence.adv]) if (run.sdk) this.sdk.add(run.sdk);
    return verdict;
  }

  async caseRuleReport(rule: Rule<RuleId>, p: RuleProgress, seen: { observable: boolean; compared: boolean }, replay: ReturnType<typeof decodeReplay> | undefined): Promise<RuleReport> {
    const base = { id: rule.id, severity: this.severity(rule.id), runs: p.runs, durationMs: 0 };
    if (p.firstFailure === undefined) {
      const skip = rule.skip?.(this.skipContext(seen));
      if (skip) return { ...base, status: 'skip', message: skip };
      // judged once only when no case failed: a case's finding wins, with its counterexample
      const staticFinding = this.judgedFirst.has(rule.id) ? this.judgedFirst.get(rule.id)!.finding : rule.judgeOnce ? await rule.judgeOnce(this.staticContext()) : undefined;
      if (staticFinding?.status === 'skip') return { ...base, status: 'skip', message: staticFinding.message };
      if (staticFinding && staticFinding.status !== 'pass') return this.fromFinding(rule, base, staticFinding);
      return { ...base, status: 'pass', message: heldMessage(p.runs) };
    }
    const shrunk = await this.shrink(rule, replay ? replay.path : String(p.firstFailure), replay?.seed ?? this.settings.seed, replay);
    if (!shrunk) return { ...base, status: 'pass', message: 'the failure seen first could not be reproduced (a flaky handler?)' };
    const finding = shrunk.verdict.findings.get(rule.id)!;
    const { evidence } = shrunk.verdict;
    const run = finding.run === 'reference' ? evidence.ref : finding.run === 'copies' ? evidence.copies ?? evidence.adv : evidence.adv;
    const token = encodeReplay({
      seed: replay?.seed ?? this.settings.seed, path: shrunk.path, rule: rule.id,
      ...(!isEmptyReduction(shrunk.drop) && { drop: shrunk.drop }), settings: settingsDigest(replaySettings(this.settings)),
    });
    return {
      ...this.fromFinding(rule, base, finding),
      ...(!replay && { firstFailure: { run: p.firstFailure + 1, ms: p.firstFailureMs ?? 0 } }),
      // a reference run has no faults: listing the adversarial schedule beside it would mislead
      counterexample: describeCounterexample(finding.run === 'reference' ? { ...shrunk.case, faults: noFaults } : shrunk.case, this.context.source, finding, run.trace, run.calls, token, this.context.mapping.filter),
    };
  }

  private async staticRuleReport(rule: Rule<RuleId>): Promise<RuleReport> {
    const base = { id: rule.id, severity: this.severity(rule.id), runs: 1, durationMs: 0 };
    let finding: Finding | undefined;
    try {
      finding = await rule.judgeOnce?.(this.staticContext());
    } catch (error) {
      if (error instanceof SetupProblem || error instanceof HarnessError) throw error;
      return { ...base, status: 'skip', message: `cannot be judged for this mapping: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (!finding) return { ...base, status: 'pass', message: 'holds' };
    if (finding.status === 'skip') return { ...base, status: 'skip', message: finding.message };
    if (finding.status === 'pass') return { ...base, status: 'pass', message: finding.message, ...(finding.details !== undefined && { details: finding.details }) };
    return this.fromFinding(rule, base, finding);
  }

  /** A rule's search-specific advice, added when the config declares a search endpoint. */
  private withSearchFix(fix: string, rule: Rule<RuleId>): string {
    return this.settings.config.downstream?.search?.length && rule.searchFix ? `${fix} ${rule.searchFix}` : fix;
  }

  private fromFinding(rule: Rule<RuleId>, base: Omit<RuleReport, 'status' | 'message'>, finding: Finding): RuleReport {
    const failing = finding.status !== 'warn';
    const status = failing && base.severity === 'error' ? 'fail' : 'warn';
    return {
      ...base,
      status,
      message: finding.message,
      // a finding another rule explains gets that rule's story and advice
      production: finding.production ?? forSource((finding.sameCauseAs ? ruleById(finding.sameCauseAs as RuleId) : rule).production, this.context.source),
      // a finding's own fix is already specific to what it found (a search one included)
      fix: finding.fix ?? this.withSearchFix(forSource((finding.sameCauseAs ? ruleById(finding.sameCauseAs as RuleId) : rule).fix, this.context.source), finding.sameCauseAs ? ruleById(finding.sameCauseAs as RuleId) : rule),
      ...(finding.sameCauseAs !== undefined && { sameCauseAs: finding.sameCauseAs as RuleId }),
      ...(finding.details !== undefined && { details: finding.details }),
      ...(finding.shown !== undefined && { counterexample: this.shownRun(finding, finding.shown) }),
    };
  }

  /** A rule's own run (judged once, on its own records) as its counterexample: no replay token, as no generated case made it. */
  private shownRun(finding: Finding, shown: NonNullable<Finding['shown']>): Counterexample {
    const { shards, faults, trace, calls } = shown;
    return describeCounterexample({ shards, faults, finalItems: undefined }, this.context.source, finding, trace, calls, '', this.context.mapping.filter);
  }

  /** What the rules need to say whether they apply to this check. */
  private skipContext(seen: { observable: boolean; compared: boolean }): SkipContext {
    const expect = this.settings.config.downstream?.expect;
    const downstream = this.settings.config.downstream;
    const declared = {
      tables: ((downstream?.dynamodb?.tables ?? []) as { TableName?: unknown; Properties?: { TableName?: unknown } }[]).map((t) => String(t.Properties?.TableName ?? t.TableName)),
      search: (downstream?.search ?? []).length > 0, http: Object.keys(downstream?.http ?? {}).length > 0, custom: downstream?.custom !== undefined,
    };
    return {
      source: this.context.source, expects: { mirror: Boolean(expect?.mirror), state: Boolean(expect?.state) }, ...seen, declared,
      called: this.sdk.called, itemsDescribed: this.settings.config.items !== undefined,
    };
  }

  /** What rules that judge once need: the mapping, records shaped like the source's, and the real handler. */
  private staticContext(): StaticContext {
    const { config, source, seed } = this.settings;
    const keySchema = config.table ?? { KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }] };
    const sample = staticSample(config.items, seed);
    const keyValue = (type: string, text: string, index: number): AttributeValue =>
      type === 'N' ? { N: String(900_000 + index) } : type === 'B' ? { B: Buffer.from(text).toString('base64') } : { S: text };
    const { harness } = this.context;
    return {
      mapping: this.context.mapping,
      source,
      memorySizeMb: harness.memoryLimitInMB,
      keyRecord: {
        item: (key, index) => {
          const keys: Record<string, AttributeValue> = {};
          for (const { AttributeName, KeyType } of keySchema.KeySchema) {
            const type = keySchema.AttributeDefinitions.find((d) => d.AttributeName === AttributeName)?.AttributeType ?? 'S';
            keys[AttributeName] = keyValue(type, KeyType === 'HASH' ? key : 'r', KeyType === 'HASH' ? index : 0);
          }
          const rest = Object.fromEntries(Object.entries(sample).filter(([name]) => !(name in keys)));
          return { keys, image: { ...(marshall(rest, { removeUndefinedValues: true }) as Record<string, AttributeValue>), ...keys } };
        },
        payload: (key) => ({ ...sample, [config.stream?.partitionKey ?? 'id']: key }),
      },
      runHandler: (shards, poison) => setupChecked(harness.run({
        source, mapping: this.context.mapping, shards, seed,
        faults: { calls: [{ kind: 'poison', values: [poison] }], invocations: [], reorder: false, seed: 0 },
      })),
      // its verdict rests on memory: measured the same whatever this harness ran before
      runClean: (shards, mapping, stopAfter) => setupChecked(harness.run({ source, mapping, shards, seed, faults: noFaults, exactMemory: true, ...(stopAfter && { knobs: { stopAfter } }) })),
    };
  }

  private severity(id: RuleId): 'error' | 'warn' {
    return this.settings.ruleSettings[id] === 'warn' ? 'warn' : 'error';
  }

  /**
   * Replays the rule's first failing case (by fast-check's seed and path), shrinks it with
   * fast-check, then minimizes it: every fault and every item key whose absence still shows the
   * failure is taken out (faults that never fired always go). Both stop after a fixed number of
   * tries, not a time, so the same seed always gives the same counterexample. A replay rebuilds
   * the recorded case and takes out what its token says.
   */
  private async shrink(rule: Rule<RuleId>, path: string, seed: number, replay: ReturnType<typeof decodeReplay> | undefined): Promise<{ case: Case; verdict: CaseVerdict; path: string; drop: Reduction } | undefined> {
    let tries = 0;
    let smallest: { case: Case; verdict: CaseVerdict } | undefined;
    const hungBefore = this.context.harness.hangCount;
    const hangsLeft = () => this.context.harness.hangCount - hungBefore < shrinkHangLimit;
    // most candidates change only the faults: they share the run without faults
    const references = new ReferenceRuns<{ run: HarnessRun; custom: unknown }>();
    const property = fc.asyncProperty(this.arbitrary, async (c) => {
      if (smallest && (++tries > shrinkTries || !hangsLeft())) return true;
      this.options.onProgress?.({ rule: `${rule.id} (shrinking)`, done: tries, total: shrinkTries });
      const verdict = await this.evaluate(c, [rule], references);
      if (!verdict.findings.has(rule.id)) return true;
      smallest = { case: c, verdict };
      return false;
    });
    const result = await fc.check(property, { seed, path, ...(replay && { endOnFailure: true }) });
    this.throwIfStopped();
    if (!result.failed || smallest === undefined) return undefined;
    const found = smallest;
    const source = this.context.source;
    let last: { case: Case; verdict: CaseVerdict } | undefined;
    const fails = async (candidate: Case) => {
      if (!replay && !hangsLeft()) return false;
      const verdict = await this.evaluate(candidate, [rule], references);
      if (!verdict.findings.has(rule.id)) return false;
      last = { case: candidate, verdict };
      return true;
    };
    const at = result.counterexamplePath ?? path;
    // a replay takes out what its token says; a search keeps the last case that still failed (the minimized one)
    const drop = replay ? (replay.drop ?? {}) : await minimize(found.case, source, fails);
    if (isEmptyReduction(drop)) return { ...found, path: at, drop };
    if (replay && !(await fails(applyReduction(found.case, drop, source)))) return undefined;
    return { ...last!, path: at, drop };
  }
}

/**
 * The item the judge-once rules build their records from: the first sample, with every attribute
 * the config declares required (a value drawn from its declaration), or one item of an items arbitrary.
 */
function staticSample(items: ConformanceConfig['items'], seed: number): Record<string, unknown> {
  if (items === undefined) return {};
  const options = itemOptions(items);
  if (options.arbitrary) return (fc.sample(options.arbitrary, { seed, numRuns: 1 })[0] ?? {}) as Record<string, unknown>;
  const sample: Record<string, unknown> = { ...(options.samples?.[0] ?? {}) };
  for (const [name, spec] of Object.entries(options.declared ?? {})) {
    if (spec.version) sample[name] = 1;
    else if (spec.required && !(name in sample)) sample[name] = fc.sample(attributeSpecValues(spec), { seed, numRuns: 1 })[0];
  }
  return sample;
}

/**
 * No generated case reached the handler: nothing was judged, and a run of skipped rules must not
 * read as a pass. Almost always the mapping's filter, which production would apply the same way.
 */
function neverInvoked(mapping: JudgeContext['mapping'], cases: number): string {
  if (mapping.Filters.length === 0) return `the event source mapping invoked the handler in none of the ${cases} generated cases, so nothing could be judged: check the mapping's StartingPosition and settings`;
  return `the mapping's FilterCriteria let no record of the ${cases} generated cases through, so the handler never ran and nothing could be judged: check the filter patterns (a pattern matches only records that have its field, anything-but and numeric ones included), or give items samples that the filter keeps`;
}
