import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { displayPath } from '../harness/index.js';
import type { Report, SuiteReport } from '../../reports/report.js';
import { handlerModule } from '../../reports/github.js';
import { mergeReports } from '../run/merge.js';
import { checkReporters, DEFAULT_OUT_DIR, parseReporter } from './args.js';
import { UsageError } from './usage-error.js';
import { githubActions, loadRenderers, useColor, verdictOf, writeReports, type CliIo } from './main.js';

export const MERGE_HELP = `Usage: conformance merge <report.json...> [options]
Combines the JSON reports of --shard runs (or of runs of different functions)
into one report and one exit code, as a single run would have given.

  --reporter <name[=path]> console (default), json, junit, markdown, html, github
  --out <dir>              where file reporters write (./conformance-report)
  --quiet                  no console output (file reporters still write)

Exit codes: 0 every rule passed, 1 a rule failed, 2 the reports cannot be merged
`;

/** `conformance merge a.json b.json …`: the exit code of the merged report. */
export async function merge(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { reporter: { type: 'string', multiple: true }, out: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    throw new UsageError(`merge: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}; see conformance merge --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(MERGE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('merge needs the JSON reports to combine, e.g. conformance merge reports/*/conformance.json');
  const reporters = values.reporter === undefined ? [{ name: 'console' as const }] : checkReporters(values.reporter.map(parseReporter));
  const quiet = values.quiet ?? false;
  const renderers = await loadRenderers(reporters, quiet);
  const inputs = await Promise.all(positionals.map(async (file) => ({ file, report: await readReport(resolve(io.cwd, file), io.cwd) })));
  const merged = mergeReports(inputs);

  const stdoutTaken = reporters.some((r) => r.path === '-');
  const consoleStream = stdoutTaken ? io.stderr : io.stdout;
  const consoleOn = !quiet && reporters.some((r) => r.name === 'console' && r.path === undefined);
  const written = await writeReports(merged, { reporters, out: values.out ?? DEFAULT_OUT_DIR }, io, renderers, { consoleOn, consoleStream, color: useColor(consoleStream, io.env) });
  if (!quiet) {
    // without a console report, the verdict and where the reports went are all the terminal shows
    const stream = consoleOn ? consoleStream : io.stderr;
    if (!consoleOn && written.length > 0) stream.write(`${await verdictOf(merged)}\n`);
    for (const line of written) stream.write(line);
  }
  if (io.env.GITHUB_ACTIONS === 'true') {
    await githubActions(merged, io, { annotate: !quiet, stdoutTaken, handlerFile: (report) => resolve(io.cwd, handlerModule(report)) });
  }
  return merged.ok ? 0 : 1;
}

async function readReport(file: string, cwd: string): Promise<Report | SuiteReport> {
  const shown = displayPath(file, cwd);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`merge: cannot read ${shown}; pass the JSON reports (--reporter json) of the runs`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`merge: ${shown} is not JSON; pass the JSON reports (--reporter json) of the runs`);
  }
  const report = value as Partial<Report & SuiteReport> | null;
  if (report === null || typeof report !== 'object' || report.tool?.name !== 'stream-conformance' || typeof report.seed !== 'number' || !(Array.isArray(report.rules) || Array.isArray(report.functions))) {
    throw new UsageError(`merge: ${shown} is not a stream-conformance JSON report; pass the files written by --reporter json`);
  }
  return report as Report | SuiteReport;
}
