import type { RenderOptions } from './index.js';
import { isSuiteReport, type Report, type SuiteReport } from './report.js';
import { renderSuiteMarkdown } from './suite.js';
import { docsLine, replayCommand } from './format.js';
import { renderMarkdown } from './markdown.js';

/** A workflow command's message: `%`, CR and LF percent-encoded (GitHub's workflow-command rules). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: like a message, and `:` and `,` too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface AnnotationTarget {
  /** The handler file, relative to the workspace root with `/` separators; absent: no file. */
  file?: string;
  /** The line the handler is defined on (1-based). */
  line?: number;
}

/**
 * `::error` for each failing rule and `::warning` for each warning rule, pointing at the handler
 * file (mapping-config's at the template or config that declares the mapping, when known): the
 * message, the fix, the rule's documentation and the replay command. Of a command that checked
 * several functions, the title names the function too.
 */
export function annotations(report: Report, handlerTarget: AnnotationTarget = {}, mappingTarget?: AnnotationTarget): string[] {
  const lines: string[] = [];
  for (const rule of report.rules) {
    if (rule.status !== 'fail' && rule.status !== 'warn') continue;
    // the mapping's settings live in the template or the config, not in the handler
    const target = rule.id === 'mapping-config' && mappingTarget?.file !== undefined ? mappingTarget : handlerTarget;
    const text = [
      rule.message,
      rule.fix ? `Fix: ${rule.fix}` : '',
      docsLine(rule),
      rule.counterexample?.replay ? `Replay: ${replayCommand(report, rule.counterexample.replay)}` : '',
    ].filter((s) => s !== '').join('\n');
    const properties = [
      ...(target.file === undefined ? [] : [`file=${escapeProperty(target.file)}`]),
      ...(target.file !== undefined && target.line !== undefined ? [`line=${target.line}`] : []),
      `title=${escapeProperty(report.function === undefined ? rule.id : `${report.function}: ${rule.id}`)}`,
    ];
    lines.push(`::${rule.status === 'fail' ? 'error' : 'warning'} ${properties.join(',')}::${escapeData(text)}`);
  }
  return lines;
}

/** The handler's module path as the report gives it, without its `#export`. */
export function handlerModule(report: Report): string {
  return report.handler.replace(/#[^#/\\]*$/, '');
}

/** Without a target (outside GitHub Actions), the handler's path as the report gives it, when it is inside the working directory. */
export function handlerTarget(report: Report): AnnotationTarget {
  const file = handlerModule(report).split('\\').join('/');
  return file.startsWith('../') || file.startsWith('/') || /^[A-Za-z]:/.test(file) ? {} : { file };
}

/**
 * The GitHub reporter (reporter `github`): the workflow commands that annotate the handler with
 * each failing and warning rule, one per line (GitHub reads them from the job's stdout, so
 * `--reporter github=-`); nothing when every rule passed. Under GitHub Actions the CLI writes
 * them itself, pointed at the handler's file and line.
 */
export function render(report: Report, options: Pick<RenderOptions, 'target' | 'mappingTarget'> = {}): string {
  const lines = annotations(report, options.target ?? handlerTarget(report), options.mappingTarget);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * The line a handler export is defined on, found by reading the source (best effort: undefined
 * when no definition is recognised).
 */
export function exportLine(source: string, exportName: string | undefined): number | undefined {
  const name = (exportName ?? 'handler').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = exportName === 'default'
    ? [/^\s*export\s+default\b/, /^\s*module\.exports\s*=/]
    : [
      new RegExp(`^\\s*export\\s+(?:async\\s+)?function\\s*\\*?\\s*${name}\\b`),
      new RegExp(`^\\s*export\\s+(?:const|let|var)\\s+${name}\\b`),
      new RegExp(`^\\s*(?:module\\.)?exports\\.${name}\\s*=`),
      new RegExp(`^\\s*export\\s*\\{[^}]*\\b${name}\\b`),
      ...(exportName === undefined ? [/^\s*export\s+default\b/, /^\s*module\.exports\s*=/] : []),
    ];
  const lines = source.split(/\r?\n/);
  for (const pattern of patterns) {
    const index = lines.findIndex((line) => pattern.test(line));
    if (index !== -1) return index + 1;
  }
  return undefined;
}

/**
 * The line declaring a function in a template (`  OrdersFunction:` in YAML, `"OrdersFunction": {`
 * in JSON), or the config's `mapping` key when no function is named.
 */
export function mappingLine(source: string, logicalId: string | undefined): number | undefined {
  const key = (logicalId ?? 'mapping').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*(?:${key}|"${key}"|'${key}')\\s*:`);
  const index = source.split(/\r?\n/).findIndex((line) => pattern.test(line));
  return index === -1 ? undefined : index + 1;
}

/** GitHub allows 1 MiB of step summary per step; a summary larger than this drops the counterexamples. */
const STEP_SUMMARY_LIMIT = 1024 * 1024 - 4096;

/**
 * The Markdown for `$GITHUB_STEP_SUMMARY`: the full report (of several functions, one verdict over
 * a section each), or without the failure details when it would be too large. A `--shard` job's
 * summary says that its verdict covers its share only.
 */
export async function stepSummary(result: Report | SuiteReport, shard?: { index: number; count: number }): Promise<string> {
  const markdown = (details: boolean) => (isSuiteReport(result) ? renderSuiteMarkdown(result, async (report) => renderMarkdown(report, { details })) : Promise.resolve(renderMarkdown(result, { details })));
  const note = shard === undefined ? '' : `> Shard ${shard.index}/${shard.count}: this verdict covers its share of the run only; the run's verdict is the one \`conformance merge\` gives.\n\n`;
  const full = `${note}${await markdown(true)}`;
  if (Buffer.byteLength(full) <= STEP_SUMMARY_LIMIT) return full;
  return `${note}${await markdown(false)}\n_The counterexamples are too large for a step summary: see the console output or the json report._\n`;
}
