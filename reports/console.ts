import { DIFFERS_MARK, findingLines, formatSeconds, printable, replayCommand, STATUS_WORDS } from './format.js';
import type { Report, RuleStatus } from './report.js';

export interface ConsoleOptions {
  color: boolean;
  /** What the CLI already printed when the run started: the header, and these warnings. */
  printed?: { header: boolean; warnings: readonly string[] };
}

const colors: Record<RuleStatus, string> = { pass: '32', fail: '31', warn: '33', skip: '90' };

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
  return `${cases} generated case(s) shared by the rules in ${formatSeconds(report.explorationMs ?? 0)}${report.durationMs === undefined ? '' : `, ${formatSeconds(report.durationMs)} in all`}; a rule's time is its own shrinking, or its own run when judged once.`;
}

/**
 * The closing sentence: what failed, and how to run it again. Under the console report each
 * failure's replay command is printed above it; alone (the other reporters write files), the
 * sentence gives the first one itself.
 */
export function verdictLine(report: Report, replaysAbove = true): string {
  const count = (status: RuleStatus) => report.rules.filter((r) => r.status === status).length;
  const failed = report.rules.filter((r) => r.status === 'fail');
  const extras = [count('warn') > 0 ? `${count('warn')} warned` : '', count('skip') > 0 ? `${count('skip')} skipped` : ''].filter((s) => s !== '');
  if (failed.length === 0) return `All rules passed.${extras.length > 0 ? ` ${extras.join(', ')}.` : ''}`;
  // rules judged once (mapping-config, poison-pill-isolation) have no replay command
  const first = failed.find((r) => r.counterexample?.replay);
  const replay = first !== undefined && replaysAbove ? ', or replay one failure with its command above' : '';
  // from the API (checkConsumer, describeConformance in a test), a seed is an option, not a flag
  const rerun = report.replayCall === undefined ? `--seed ${report.seed}` : `${report.replayCall}(config, { seed: ${report.seed} })`;
  const sentence = `${failed.length} of ${report.rules.length} rules failed: ${failed.map((r) => r.id).join(', ')}. Seed ${report.seed}: rerun with ${rerun}${replay}.`;
  // on a line of its own, so that the command copies without the sentence's full stop
  return first === undefined || replaysAbove ? sentence : `${sentence}\nReplay the first failure (${first.id}): ${replayCommand(report, first.counterexample!.replay)}`;
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
