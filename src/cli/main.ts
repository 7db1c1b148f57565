import { packageVersion } from '../version.js';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { CliOverrides } from '../config/settings.js';
import type { Report, SuiteReport } from '../../reports/report.js';
import { REPORT_SCHEMA_VERSION } from '../../reports/report.js';
import { reporters, type Render } from '../../reports/index.js';
import { parseCliArgs, REPORTER_NAMES, type CliArgs, type ReporterName, type ReporterSpec } from './args.js';
import { UserError } from '../core/user-error.js';
import { displayPath } from '../harness/index.js';
import { UsageError } from './usage-error.js';
import { HELP_TEXT } from './help.js';
import { defaultWorkers } from '../run/workers.js';

/** A stream the CLI writes to (process.stdout, or a test double). */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** The terminal's width, when it is one. */
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
  env: Record<string, string | undefined>;
}

/** File names of the reporters' default outputs under `--out`. */
export const REPORT_FILE_NAMES = Object.fromEntries(REPORTER_NAMES.map((name) => [name, reporters[name].file])) as Record<ReporterName, string>;

/**
 * The `conformance` program (SPEC §1.2). Returns the exit code: 0 every rule passed, 1 a rule
 * failed, 2 the run could not be made. Never exits the process and never prints a stack trace.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    io.stderr.write(`conformance: ${describeFailure(error)}\n`);
    return 2;
  }
}

function describeFailure(error: unknown): string {
  // errors written for users are printed as is; anything else is a bug of ours
  if (error instanceof UserError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `internal error: ${message.split('\n')[0] ?? ''} (please report this)`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] === 'merge') return (await import('./merge-command.js')).merge(argv.slice(1), io);
  let args = parseCliArgs(argv);
  if (args.help) {
    io.stdout.write(HELP_TEXT);
    return 0;
  }
  if (args.version) {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const renderers = await loadRenderers(args.reporters, args.quiet);
  // When a reporter writes to stdout, everything else meant for the console goes to stderr.
  const stdoutTaken = args.reporters.some((r) => r.path === '-');
  const consoleStream = stdoutTaken ? io.stderr : io.stdout;
  const consoleOn = !args.quiet && args.reporters.some((r) => r.name === 'console' && r.path === undefined);

  const { resolveRunSettings, randomSeed } = await import('../config/index.js');
  const { loadFunctions, mappingNamed } = await import('../run/functions.js');
  const { shardFunctions } = await import('../run/shard.js');
  // `--template t.yaml OrdersFunction`: a function of the template named in place of its handler
  const logicalId = args.template !== undefined && args.handler !== undefined ? mappingNamed(args.handler, args.template, io.cwd) : undefined;
  if (logicalId !== undefined) args = { ...args, handler: undefined };
  const load = { cwd: io.cwd, file: args.config, source: args.source, template: args.template, handler: args.handler, ...(logicalId !== undefined && { logicalId }) };
  const plans = (await loadFunctions(load)).map((plan, index) => ({ ...plan, index }));
  if (plans.length > 1 && args.replay !== undefined) {
    throw new UsageError('a replay token belongs to one function: pass its handler too (the command printed with the failure does)');
  }
  // one seed for every function of the command
  const base: CliOverrides = { ...cliOverrides(args), seed: args.seed ?? randomSeed() };
  const runs = shardFunctions(plans, args.shard).map(({ plan, share }) => {
    const { shard: _, ...cli } = base;
    const own: CliOverrides = share === 'cases' ? base : cli;
    const settings = resolveRunSettings({ loaded: plan.loaded, cwd: io.cwd, cli: own });
    return { plan, settings, recipe: { kind: 'load' as const, load, cli: own, function: plan.index } };
  });
  const suite = plans.length > 1;

  const color = useColor(consoleStream, io.env);
  // one function on the console: its header and its settings' warnings first, so a long run shows
  // at once what it checks (each warning once: the console report leaves them out)
  const single = !suite && consoleOn ? runs[0] : undefined;
  for (const { plan, settings } of runs) {
    const prefix = suite ? `${plan.name}: ` : '';
    if (!args.quiet) for (const note of settings.notes ?? []) io.stderr.write(`conformance: ${prefix}${note}\n`);
    if (!args.quiet && single === undefined) for (const warning of settings.warnings) io.stderr.write(`conformance: ${prefix}warning: ${warning}\n`);
  }
  if (single) {
    const consoleReport = await import('../../reports/console.js');
    const { decodeReplay } = await import('../judge/replay.js');
    const { reportHeader } = await import('../report-header.js');
    const header = reportHeader(single.settings, args.replay === undefined ? undefined : decodeReplay(args.replay).seed);
    const [title = '', ...rest] = consoleReport.headerLines(header, args.replay);
    const lines = [color ? `\u001b[1m${title}\u001b[0m` : title, ...rest, ...single.settings.warnings.map((w) => consoleReport.warningLine(w, color))];
    consoleStream.write(`${lines.join('\n')}\n`);
  } else if (consoleOn) {
    // A replay token carries its own seed: the session seed would mislead.
    consoleStream.write(args.replay === undefined ? `seed ${base.seed}\n` : `replay ${args.replay}\n`);
  }

  // Imported lazily, so that --help, --version and usage errors do not load the checker.
  const { checkConsumerWithSettings } = await import('../run/check.js');
  const { displayPath } = await import('../harness/index.js');
  const progress = consoleOn && consoleStream.isTTY === true ? new ProgressLine(consoleStream) : undefined;
  const reports: Report[] = [];
  try {
    for (const { plan, settings, recipe } of runs) {
      const label = suite ? `${plan.name}: ` : '';
      const report = await checkConsumerWithSettings(settings, {
        ...(progress ? { onProgress: (event) => progress.update({ ...event, rule: `${label}${event.rule}` }) } : {}),
        ...(args.replay !== undefined ? { replay: args.replay } : {}),
        recipe,
      });
      const flags = replayFlags(args);
      const withFlags: Report = flags.length > 0 ? { ...report, replayFlags: flags } : report;
      reports.push(suite ? { function: plan.name!, ...withFlags } : withFlags);
    }
  } finally {
    progress?.clear();
  }
  const result: Report | SuiteReport = suite
    ? {
        schemaVersion: REPORT_SCHEMA_VERSION,
        tool: reports[0]?.tool ?? { name: 'stream-conformance', version: packageVersion() },
        ok: reports.every((r) => r.ok),
        seed: base.seed!,
        functions: reports,
        ...(args.shard !== undefined && runs.every((r) => r.settings.shard === undefined) && {
          shard: { index: args.shard.index + 1, count: args.shard.count, functions: plans.map((p) => p.name!) },
        }),
      }
    : reports[0]!;

  const printed = single ? { header: true, warnings: single.settings.warnings } : undefined;
  const written = await writeReports(result, args, io, renderers, { consoleOn, consoleStream, color, ...(printed && { printed }) });
  // after the console report, whatever order the reporters were given in; without a console
  // report, the verdict and where the reports went are all the terminal shows
  if (!args.quiet) {
    const stream = consoleOn ? consoleStream : io.stderr;
    if (!consoleOn && written.length > 0) stream.write(`${await verdictOf(result)}\n`);
    for (const line of written) stream.write(line);
  }

  if (io.env.GITHUB_ACTIONS === 'true') {
    const handlerFiles = new Map(reports.map((report, i) => [report, runs[i]!.settings.handlerFile]));
    await githubActions(result, io, {
      annotate: !args.quiet, stdoutTaken, handlerFile: (report) => handlerFiles.get(report)!,
      ...(args.shard !== undefined && { shard: { index: args.shard.index + 1, count: args.shard.count } }),
    });
  }
  return result.ok ? 0 : 1;
}

/** The verdict line of a report, or of several functions' (what a run with only file reporters prints). */
export async function verdictOf(result: Report | SuiteReport): Promise<string> {
  if (isSuite(result)) return (await import('../../reports/suite.js')).suiteVerdictLine(result);
  return (await import('../../reports/console.js')).verdictLine(result, false);
}

/** Every reporter's output of the report (one function's, or a suite's), written where it was asked; returns the lines naming the files. */
export async function writeReports(
  result: Report | SuiteReport,
  args: Pick<CliArgs, 'reporters' | 'out'>,
  io: CliIo,
  renderers: Renderers,
  console: { consoleOn: boolean; consoleStream: OutputStream; color: boolean; printed?: { header: boolean; warnings: readonly string[] } },
): Promise<string[]> {
  const { isSuiteReport } = await import('../../reports/report.js');
  const suiteRender = isSuiteReport(result) ? await import('../../reports/suite.js') : undefined;
  const render = async (name: ReporterName, color: boolean): Promise<string> => {
    if (!isSuiteReport(result)) return renderers[name]!(result, { color, ...(name === 'console' && console.printed ? { printed: console.printed } : {}) });
    if (suiteRender === undefined) throw new Error('suite reporters not loaded');
    const one = async (report: Report) => renderers[name]!(report, { color });
    switch (name) {
      case 'json': return `${JSON.stringify(result, null, 2)}\n`;
      case 'console': return suiteRender.renderSuiteConsole(result, one);
      case 'markdown': return suiteRender.renderSuiteMarkdown(result, one);
      case 'junit': return suiteRender.renderSuiteJunit(result, one);
      case 'html': return suiteRender.renderSuiteHtml(result, one);
      case 'github': return (await Promise.all(result.functions.map(one))).join('');
    }
  };
  const written: string[] = [];
  for (const reporter of args.reporters) {
    if (reporter.name === 'console' && reporter.path === undefined) {
      if (console.consoleOn) console.consoleStream.write(ensureNewline(await render('console', console.color)));
      continue;
    }
    const text = await render(reporter.name, false);
    if (reporter.path === '-') {
      io.stdout.write(ensureNewline(text));
      continue;
    }
    const file = resolve(io.cwd, reporter.path ?? join(args.out, REPORT_FILE_NAMES[reporter.name]));
    await writeReport(file, ensureNewline(text), reporter.name);
    written.push(`${reporter.name} report: ${displayPath(file, io.cwd)}\n`);
  }
  return written;
}

/** The flags besides the config that shape the generated cases, so a printed replay runs under the same settings. */
function replayFlags(args: CliArgs): string[] {
  return [
    ...(args.template !== undefined ? ['--template', args.template] : []),
    ...(args.source !== undefined ? ['--source', args.source] : []),
    ...(args.timeoutMs !== undefined ? ['--timeout', String(args.timeoutMs)] : []),
  ];
}

function cliOverrides(args: CliArgs): CliOverrides {
  const cli: CliOverrides = {};
  if (args.handler !== undefined) cli.handler = args.handler;
  if (args.source !== undefined) cli.source = args.source;
  if (args.runs !== undefined) cli.runs = args.runs;
  if (args.seed !== undefined) cli.seed = args.seed;
  if (args.rules !== undefined) cli.rules = args.rules;
  if (args.timeoutMs !== undefined) cli.timeoutMs = args.timeoutMs;
  cli.workers = args.workers ?? defaultWorkers();
  if (args.shard !== undefined) cli.shard = args.shard;
  return cli;
}

export type Renderers = Partial<Record<ReporterName, Render>>;

/** Loads the reporters asked for, before the run. */
export async function loadRenderers(specs: ReporterSpec[], quiet: boolean): Promise<Renderers> {
  const renderers: Renderers = {};
  // The console reporter is not needed when --quiet silences it (and it writes no file).
  for (const { name } of specs.filter((r) => !(quiet && r.name === 'console' && r.path === undefined))) {
    renderers[name] ??= await reporters[name].load();
  }
  return renderers;
}

async function writeReport(file: string, text: string, name: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`--reporter ${name}: cannot write ${file}: ${reason}; choose another path or --out directory`);
  }
}

/**
 * Under GitHub Actions: an `::error` annotation per failing rule (`::warning` per warning) on the
 * handler file of each function, and the Markdown summary of the whole result (every function,
 * under one verdict) appended to `$GITHUB_STEP_SUMMARY`.
 */
export async function githubActions(
  result: Report | SuiteReport,
  io: CliIo,
  options: { annotate: boolean; stdoutTaken: boolean; handlerFile: (report: Report) => string; shard?: { index: number; count: number } },
): Promise<void> {
  const github = await import('../../reports/github.js');
  const { isSuiteReport } = await import('../../reports/report.js');
  if (options.annotate) {
    const stream = options.stdoutTaken ? io.stderr : io.stdout;
    const render = await reporters.github.load();
    for (const report of isSuiteReport(result) ? result.functions : [result]) {
      const target = await annotationTarget(report, io, options.handlerFile(report), github.exportLine);
      const mappingTarget = await declarationTarget(report, io, github.mappingLine);
      stream.write(await render(report, { color: false, target, ...(mappingTarget && { mappingTarget }) }));
    }
  }
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (!summaryFile) return;
  try {
    await appendFile(summaryFile, ensureNewline(await github.stepSummary(result, options.shard)));
  } catch (error) {
    // The summary is a courtesy: a runner without one does not fail the run.
    const reason = error instanceof Error ? error.message : String(error);
    if (options.annotate) io.stderr.write(`conformance: warning: cannot append to GITHUB_STEP_SUMMARY (${summaryFile}): ${reason}\n`);
  }
}

/** A file relative to the workspace with `/` separators (annotations need a repository path); undefined outside it. */
function workspaceFile(io: CliIo, path: string): string | undefined {
  const file = relative(resolve(io.cwd, io.env.GITHUB_WORKSPACE || io.cwd), path);
  return file === '' || file.startsWith('..') || isAbsolute(file) ? undefined : file.split(sep).join('/');
}

/** The handler file relative to the workspace (annotations need a repository path), and the line of its export. */
async function annotationTarget(
  report: Report,
  io: CliIo,
  handlerFile: string,
  exportLine: (source: string, exportName: string | undefined) => number | undefined,
): Promise<{ file?: string; line?: number }> {
  const file = workspaceFile(io, handlerFile);
  if (file === undefined) return {};
  const target: { file: string; line?: number } = { file };
  const hash = report.handler.lastIndexOf('#');
  const exportName = hash === -1 ? undefined : report.handler.slice(hash + 1);
  try {
    const line = exportLine(await readFile(handlerFile, 'utf8'), exportName);
    if (line !== undefined) target.line = line;
  } catch {
    // without a line, the annotation points at the file
  }
  return target;
}

/** Where the mapping is declared: the template (at the function's logical id) or the config file (at its `mapping`), relative to the workspace. */
async function declarationTarget(
  report: Report,
  io: CliIo,
  mappingLine: (source: string, logicalId: string | undefined) => number | undefined,
): Promise<{ file: string; line?: number } | undefined> {
  const flags = report.replayFlags ?? [];
  const template = flags.indexOf('--template');
  const declared = template !== -1 ? flags[template + 1] : report.config;
  if (declared === undefined) return undefined;
  const path = resolve(io.cwd, declared);
  const file = workspaceFile(io, path);
  if (file === undefined) return undefined;
  const target: { file: string; line?: number } = { file };
  try {
    const line = mappingLine(await readFile(path, 'utf8'), template !== -1 ? report.function?.split('/')[0] : undefined);
    if (line !== undefined) target.line = line;
  } catch {
    // without a line, the annotation points at the file
  }
  return target;
}

/** Colors only on a terminal, and never with `NO_COLOR` set (or `TERM=dumb`). */
export function useColor(stream: OutputStream, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * One live line on a terminal: the rule being checked, runs done of total, and the time spent on
 * it, rewritten in place with `\r` (no escape codes) and cleared before the report is printed.
 */
export class ProgressLine {
  private width = 0;
  private current: { rule: string; done: number; total: number } | undefined;
  private ruleStarted = 0;
  private lastDraw = -Infinity;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stream: OutputStream,
    private readonly now: () => number = Date.now,
  ) {}

  update(event: { rule: string; done: number; total: number }): void {
    const newRule = this.current?.rule !== event.rule;
    if (newRule) this.ruleStarted = this.now();
    this.current = event;
    // the elapsed time keeps moving while a slow run is in progress
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.draw(), 1000);
      this.timer.unref?.();
    }
    // at most a few redraws a second, but always the first and the last of a rule
    if (newRule || event.done >= event.total || this.now() - this.lastDraw >= 100) this.draw();
  }

  private draw(): void {
    const e = this.current;
    if (e === undefined) return;
    const elapsed = ((this.now() - this.ruleStarted) / 1000).toFixed(1);
    let text = `${e.rule}: ${e.done}/${e.total} runs, ${elapsed} s`;
    // a line longer than the terminal would wrap, and \r would only return to its last row
    const columns = this.stream.columns;
    if (columns !== undefined && columns > 1 && text.length > columns - 1) text = text.slice(0, columns - 1);
    this.stream.write(`\r${text.padEnd(this.width)}`);
    this.width = Math.max(this.width, text.length);
    this.lastDraw = this.now();
  }

  clear(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.width > 0) this.stream.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
    this.current = undefined;
  }
}

export function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function isSuite(result: Report | SuiteReport): result is SuiteReport {
  return 'functions' in result;
}
