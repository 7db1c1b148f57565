import { ruleDocsLocalPath, ruleDocsUrl } from '../properties/docs-url.js';
import type { Counterexample, CounterexampleRecord, Report, RuleReport, RuleStatus } from './report.js';

export interface ConsoleOptions {
  color: boolean;
  /** What the CLI already printed when the run started: the header, and these warnings. */
  printed?: { header: boolean; warnings: readonly string[] };
}

/** The status of a rule as one upper-case word (console, JUnit, annotations). */
export const STATUS_WORDS: Record<RuleStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };
const colors: Record<RuleStatus, string> = { pass: '32', fail: '31', warn: '33', skip: '90' };

/** Marks the line saying where expected and actual first differ (painted on a terminal). */
export const DIFFERS_MARK = '→';

/** How many of the long lists a counterexample is shown with (the JSON report has them all). */
const MAX_DIFFERENCES = 8;
const MAX_CALLS = 20;
/** Console lines shown per invocation (the JSON report keeps what the worker kept). */
const MAX_OUTPUT_LINES = 12;
/** Images longer than this (as JSON) are cut: a shrunk counterexample rarely needs more. */
const MAX_IMAGE_CHARS = 400;

/**
 * Text from the report made safe to print: control characters (escape codes a handler's error
 * message may carry among them) shown as `\u001b` instead of being sent to the terminal.
 * Tabs and line breaks stay.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A word for the shell: left as is when it is safe, single-quoted otherwise. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./#-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs exactly one counterexample again, ready to paste. */
export function replayCommand(report: Report, token: string): string {
  if (report.replayCall !== undefined) return `${report.replayCall}(config, { replay: '${token}' })`;
  const config = report.config === undefined ? '' : `-c ${shellWord(report.config)} `;
  const flags = (report.replayFlags ?? []).map((word) => `${shellWord(word)} `).join('');
  return `npx conformance ${config}${flags}${shellWord(report.handler)} --replay ${shellWord(token)}`;
}

/** Seconds with one decimal: `8.7 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function json(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return '(nothing)';
  return text.length > MAX_IMAGE_CHARS ? `${text.slice(0, MAX_IMAGE_CHARS)}… (${text.length} chars)` : text;
}

function recordLine(r: CounterexampleRecord, seqWidth = 0): string {
  const image = r.eventName === 'REMOVE' ? (r.oldImage === undefined ? '' : `  old ${json(r.oldImage)}`) : r.newImage !== undefined ? `  new ${json(r.newImage)}` : r.oldImage !== undefined ? `  old ${json(r.oldImage)}` : '';
  return `${r.shardId.slice(-8)} ${r.sequenceNumber.padStart(seqWidth)} ${r.eventName.padEnd(6)} key ${json(r.key)}${image}`;
}

function faultLine(fault: unknown): string {
  return typeof fault === 'string' ? fault : json(fault);
}

/**
 * A counterexample as plain text lines (sections flush left, their items indented by two):
 * the records, the faults, expected versus actual per key, the timeline and the downstream calls.
 * Shared by the console, JUnit and Markdown reporters; the replay command is not part of it.
 */
export function counterexampleLines(c: Counterexample): string[] {
  const lines: string[] = [];
  const indent = (text: string) => `  ${text}`;
  // right-aligned: sequence numbers of one shard may differ in length, and then compare as numbers
  const seqWidth = Math.max(0, ...c.records.map((r) => r.sequenceNumber.length));
  lines.push(c.records.length === 0 ? 'Records: none' : `Records (${c.records.length}):`, ...c.records.map((r) => indent(recordLine(r, seqWidth))));
  lines.push(c.faults.length === 0 ? 'Faults: none' : 'Faults:', ...c.faults.map((f) => indent(faultLine(f))));
  if (c.differences && c.differences.length > 0) {
    lines.push('Expected versus actual:');
    for (const d of c.differences.slice(0, MAX_DIFFERENCES)) {
      lines.push(indent(d.key), indent(`  expected ${json(d.expected)}`), indent(`  actual   ${json(d.actual)}`));
      if (d.typed) {
        lines.push(indent('  the same as plain JSON; as DynamoDB JSON:'), indent(`  expected ${json(d.typed.expected)}`), indent(`  actual   ${json(d.typed.actual)}`));
      }
      if (d.at) lines.push(indent(`  ${DIFFERS_MARK} ${d.at}`));
    }
    if (c.differences.length > MAX_DIFFERENCES) lines.push(indent(`… ${c.differences.length - MAX_DIFFERENCES} more key(s)`));
  }
  if (c.timeline.trim() !== '') lines.push('Timeline:', ...c.timeline.split('\n').map(indent));
  if (c.handlerOutput && c.handlerOutput.length > 0) {
    lines.push('Handler errors and console output:');
    for (const o of c.handlerOutput) {
      lines.push(indent(`invocation #${o.invocation} (${o.outcome})`), ...(o.error ?? []).map((l) => indent(`  ${l}`)));
      if (o.console && o.console.length > 0) {
        lines.push(indent('  console:'), ...o.console.slice(0, MAX_OUTPUT_LINES).map((l) => indent(`    ${l}`)));
        if (o.console.length > MAX_OUTPUT_LINES) lines.push(indent(`    … ${o.console.length - MAX_OUTPUT_LINES} more line(s) in the JSON report`));
      }
    }
  }
  if (c.calls && c.calls.length > 0) {
    lines.push('Downstream calls:', ...c.calls.slice(0, MAX_CALLS).map(indent));
    if (c.calls.length > MAX_CALLS) lines.push(indent(`… ${c.calls.length - MAX_CALLS} more call(s)`));
  }
  return lines.map(printable);
}

/** The line that points at a rule's documentation on GitHub. */
export function docsLine(rule: Pick<RuleReport, 'id'>): string {
  return `Docs: ${ruleDocsUrl(rule.id)}`;
}

/** Where a rule is documented: on GitHub, and the same page inside the installed package. */
export function docsLines(rule: Pick<RuleReport, 'id'>): string[] {
  return [docsLine(rule), `      (offline: ${ruleDocsLocalPath(rule.id)})`];
}

/**
 * What a failing (or warning) rule says, as plain lines: the message, what goes wrong in
 * production, the fix, where the rule is documented, the counterexample and the replay command.
 */
export function findingLines(report: Report, rule: RuleReport): string[] {
  const lines = [printable(rule.message)];
  if (rule.production) lines.push(printable(`In production: ${rule.production}`));
  if (rule.fix) lines.push(printable(`Fix: ${rule.fix}`));
  lines.push(...docsLines(rule).map(printable));
  const c = rule.counterexample;
  if (c) {
    lines.push('Counterexample (shrunk):', ...counterexampleLines(c).map((l) => `  ${l}`));
    lines.push(printable(`Replay: ${replayCommand(report, c.replay)}`));
  }
  return lines.flatMap((line) => line.split('\n'));
}

/** The report's header lines: tool, handler, source, mapping, seed (or the replay token). */
export function headerLines(report: Pick<Report, 'tool' | 'handler' | 'config' | 'source' | 'mapping' | 'seed'>, replay?: string): string[] {
  const lines = [
    `${report.tool.name} ${report.tool.version}`,
    `  handler  ${report.handler}${report.config === undefined ? '' : `  (config ${report.config})`}`,
    `  source   ${report.source}`,
  ];
  if (report.mapping !== undefined) lines.push(`  mapping  ${report.mapping}`);
  lines.push(replay === undefined ? `  seed     ${report.seed}` : `  replay   ${replay} (seed ${report.seed})`);
  return lines.map(printable);
}

/** A warning as the console prints it. */
export function warningLine(warning: string, color = false): string {
  return `${color ? '\u001b[33mwarning:\u001b[0m' : 'warning:'} ${printable(warning)}`;
}

/** Where the time went: the cases all rules share, then each rule's own shrinking (the table's times). */
export function explorationLine(report: Pick<Report, 'explorationMs' | 'durationMs' | 'rules'>): string {
  const cases = Math.max(0, ...report.rules.map((r) => r.runs));
  return `${cases} generated case(s) shared by the rules in ${formatSeconds(report.explorationMs ?? 0)}${report.durationMs === undefined ? '' : `, ${formatSeconds(report.durationMs)} in all`}; a rule's time is its own shrinking.`;
}

/** The closing sentence: what failed, and how to run it again. */
export function verdictLine(report: Report): string {
  const count = (status: RuleStatus) => report.rules.filter((r) => r.status === status).length;
  const failed = report.rules.filter((r) => r.status === 'fail');
  const extras = [count('warn') > 0 ? `${count('warn')} warned` : '', count('skip') > 0 ? `${count('skip')} skipped` : ''].filter((s) => s !== '');
  if (failed.length === 0) return `All rules passed.${extras.length > 0 ? ` ${extras.join(', ')}.` : ''}`;
  return `${failed.length} of ${report.rules.length} rules failed: ${failed.map((r) => r.id).join(', ')}. Seed ${report.seed}: rerun with --seed ${report.seed}, or replay one failure with its command above.`;
}

/**
 * The report for a terminal: a header, a block per failing or warning rule, then a summary table
 * (rule, status, runs, time). Escape codes only with `color` (the CLI turns it off when the output
 * is not a terminal or `NO_COLOR` is set).
 */
export function formatConsole(report: Report, options: ConsoleOptions = { color: false }): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const status = (s: RuleStatus, text: string) => paint(colors[s], text);
  const lines: string[] = options.printed?.header ? [] : headerLines(report);
  if (options.color && lines[0] !== undefined) lines[0] = paint('1', lines[0]);
  const printedWarnings = new Set(options.printed?.warnings ?? []);
  for (const warning of report.warnings) if (!printedWarnings.has(warning)) lines.push(warningLine(warning, options.color));
  for (const problem of report.problems) lines.push(`${paint('31', 'problem:')} ${printable(problem)}`);

  for (const rule of report.rules) {
    if (rule.status !== 'fail' && rule.status !== 'warn') continue;
    lines.push('', `${status(rule.status, `${STATUS_WORDS[rule.status]} ${rule.id}`)}  (${rule.runs} run${rule.runs === 1 ? '' : 's'}, ${formatSeconds(rule.durationMs)}, seed ${report.seed})`);
    lines.push(...findingLines(report, rule).map((l) => `  ${l.trimStart().startsWith(`${DIFFERS_MARK} differs at`) ? paint('1;33', l) : l}`));
  }

  const width = Math.max(4, ...report.rules.map((r) => r.id.length)) + 2;
  const runsWidth = Math.max(4, ...report.rules.map((r) => String(r.runs).length));
  const timeWidth = Math.max(6, ...report.rules.map((r) => formatSeconds(r.durationMs).length));
  lines.push('', `${'rule'.padEnd(width)}status  ${'runs'.padStart(runsWidth)}  ${'time'.padStart(timeWidth)}`);
  for (const rule of report.rules) {
    const note = rule.status === 'skip' ? `  (${printable(rule.message)})` : '';
    lines.push(`${rule.id.padEnd(width)}${status(rule.status, STATUS_WORDS[rule.status])}    ${String(rule.runs).padStart(runsWidth)}  ${formatSeconds(rule.durationMs).padStart(timeWidth)}${note}`);
  }
  if (report.explorationMs !== undefined) lines.push(explorationLine(report));
  lines.push('', report.ok ? status('pass', verdictLine(report)) : status('fail', verdictLine(report)));
  return `${lines.join('\n')}\n`;
}

/** The console reporter (reporter `console`). */
export function render(report: Report, options: ConsoleOptions = { color: false }): string {
  return formatConsole(report, options);
}
