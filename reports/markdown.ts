import type { Report, RuleReport, RuleStatus } from './report.js';
import { ruleDocsFile, ruleDocsUrl } from '../properties/docs-url.js';
import { counterexampleLines, counterexampleTitle, formatSeconds, printable, replayCommand } from './format.js';

const ICONS: Record<RuleStatus, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️' };

/** Text inside an HTML element of the Markdown (no Markdown is parsed there). */
function html(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** Inline text: HTML and the Markdown characters that could start emphasis, code, links or tables are escaped. */
function inline(text: string): string {
  return printable(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/** Prose of the suite's own (a fix, a production sentence): its `code spans` stay code, the rest is inline text. */
function prose(text: string): string {
  return text.split(/`([^`\n]+)`/).map((part, i) => (i % 2 === 1 ? code(part) : inline(part))).join('');
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${printable(text.replace(/\r?\n/g, ' '))}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any run of backticks inside. */
function fenced(text: string, language = ''): string[] {
  const longest = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, text, fence];
}

function statusLine(report: Report): string {
  const failed = report.rules.filter((r) => r.status === 'fail').length;
  const warned = report.rules.filter((r) => r.status === 'warn').length;
  const total = report.rules.length;
  if (failed > 0) return `## ❌ stream-conformance: ${failed} of ${total} rule${total === 1 ? '' : 's'} failed`;
  const skipped = report.rules.filter((r) => r.status === 'skip').length;
  if (warned + skipped === 0) return `## ✅ stream-conformance: ${total === 1 ? 'the rule' : `all ${total} rules`} passed`;
  const others = [...(warned > 0 ? [`${warned} with a warning`] : []), ...(skipped > 0 ? [`${skipped} skipped`] : [])];
  return `## ✅ stream-conformance: no rule failed (${total - warned - skipped} passed, ${others.join(', ')})`;
}

function details(report: Report, rule: RuleReport): string[] {
  const lines = [
    '<details>',
    `<summary>${ICONS[rule.status]} <b>${html(rule.id)}</b> — ${html(rule.message)}</summary>`,
    '',
    `**${rule.status === 'fail' ? 'Failed' : 'Warning'}** after ${rule.runs} run${rule.runs === 1 ? '' : 's'} (${formatSeconds(rule.durationMs)}): ${inline(rule.message)}`,
    '',
  ];
  if (rule.production) lines.push(`**In production:** ${prose(rule.production)}`, '');
  if (rule.fix) lines.push(`**Fix:** ${prose(rule.fix)}`, '');
  lines.push(`**Docs:** [${inline(ruleDocsFile(rule.id))}](${ruleDocsUrl(rule.id)})`, '');
  const c = rule.counterexample;
  if (c) {
    lines.push(`**${counterexampleTitle(c)}**`, '', ...fenced(counterexampleLines(c).join('\n'), 'text'), '');
    if (c.replay !== '') lines.push(`**Replay** (seed ${report.seed}):`, '', ...fenced(printable(replayCommand(report, c.replay)), 'sh'), '');
  }
  lines.push('</details>');
  return lines;
}

export interface MarkdownOptions {
  /** The `<details>` block of each failing or warning rule (default true). */
  details?: boolean;
}

/**
 * A summary for a pull request or a GitHub step summary: a status line, the run's settings, a
 * table of the rules, then a collapsible block per failing (or warning) rule with the message,
 * the production impact, the fix, a link to the rule's documentation, the counterexample and the
 * replay command.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const setting = [
    `handler ${code(report.handler)}`,
    ...(report.config === undefined ? [] : [`config ${code(report.config)}`]),
    `source ${report.source}`,
    `seed ${report.seed}`,
  ];
  const lines = [statusLine(report), ''];
  // two trailing spaces: a line break before the mapping
  if (report.mapping === undefined) lines.push(setting.join(' · '));
  else lines.push(`${setting.join(' · ')}  `, `mapping: ${inline(report.mapping)}`);
  lines.push('');
  for (const warning of report.warnings) lines.push(`> ⚠️ ${inline(warning)}`, '');
  for (const problem of report.problems) lines.push(`> ❗ ${inline(problem)}`, '');

  lines.push('| Rule | Status | Runs | Time |', '| --- | --- | ---: | ---: |');
  for (const rule of report.rules) lines.push(`| ${inline(rule.id)} | ${ICONS[rule.status]} ${rule.status} | ${rule.runs} | ${formatSeconds(rule.durationMs)} |`);
  const skipped = report.rules.filter((r) => r.status === 'skip');
  if (skipped.length > 0) {
    lines.push('', 'Skipped:', '', ...skipped.map((r) => `- ${inline(r.id)}: ${inline(r.message)}`));
  }

  const findings = report.rules.filter((r) => r.status === 'fail' || r.status === 'warn');
  if (findings.length > 0 && options.details !== false) {
    const kinds = [findings.some((r) => r.status === 'fail') ? 'Failures' : '', findings.some((r) => r.status === 'warn') ? 'warnings' : ''].filter((k) => k !== '');
    const heading = kinds.join(' and ');
    lines.push('', `### ${heading.charAt(0).toUpperCase()}${heading.slice(1)}`);
    for (const rule of findings) lines.push('', ...details(report, rule));
  }
  return `${lines.join('\n')}\n`;
}

/** The Markdown report (reporter `markdown`). */
export function render(report: Report): string {
  return renderMarkdown(report);
}
