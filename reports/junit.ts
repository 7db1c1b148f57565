import type { Report, RuleReport } from './report.js';
import { findingLines } from './format.js';

/**
 * Characters XML 1.0 does not allow anywhere, even escaped: C0 controls other than tab, line
 * feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text content: forbidden characters dropped, `&`, `<` and `>` escaped (quotes need no escaping
 * in content, and JSON in counterexamples stays readable in the raw file).
 */
export function xmlText(text: string): string {
  return text.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: quotes escaped too, and line breaks and tabs as references so parsers keep them. */
export function xmlAttribute(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values).map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`).join('');
}

function testcase(report: Report, rule: RuleReport, classname: string): string[] {
  const open = `    <testcase${attributes({ classname, name: rule.id, time: seconds(rule.durationMs) })}`;
  switch (rule.status) {
    case 'pass':
      return [`${open}/>`];
    case 'skip':
      return [`${open}>`, `      <skipped${attributes({ message: rule.message })}/>`, '    </testcase>'];
    case 'fail':
      return [
        `${open}>`,
        `      <failure${attributes({ message: rule.message, type: rule.id })}>${xmlText(findingLines(report, rule).join('\n'))}</failure>`,
        '    </testcase>',
      ];
    case 'warn':
      // a warning does not fail the build: a passing test case that carries the finding
      return [`${open}>`, `      <system-out>${xmlText(`WARN ${rule.id}: ${findingLines(report, rule).join('\n')}`)}</system-out>`, '    </testcase>'];
  }
}

/**
 * JUnit XML (the dialect Jenkins, GitLab, Azure DevOps and the GitHub test-report actions read):
 * one `<testsuite>` in `<testsuites>`, one `<testcase>` per rule; a failing rule carries a
 * `<failure>` with the counterexample as text, a skipped one `<skipped>`, a warning `<system-out>`.
 * The suite's time is the run's wall-clock time; a rule's is its own shrinking or judging (the
 * generated cases are shared, so the rules' times do not add up to the suite's).
 */
export function render(report: Report): string {
  const count = (status: RuleReport['status']) => report.rules.filter((r) => r.status === status).length;
  const totalMs = report.durationMs ?? report.rules.reduce((sum, r) => sum + r.durationMs, 0);
  const counts = { tests: report.rules.length, failures: count('fail'), errors: 0, skipped: count('skip'), time: seconds(totalMs) };
  const properties: [string, string | number][] = [
    ['version', report.tool.version],
    ['handler', report.handler],
    ...(report.config === undefined ? [] : [['config', report.config] as [string, string]]),
    ['source', report.source],
    ...(report.mapping === undefined ? [] : [['mapping', report.mapping] as [string, string]]),
    ['seed', report.seed],
  ];
  const classname = `stream-conformance.${report.handler}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'stream-conformance', ...counts })}>`,
    `  <testsuite${attributes({ name: 'stream-conformance', ...counts })}>`,
    '    <properties>',
    ...properties.map(([name, value]) => `      <property${attributes({ name, value })}/>`),
    '    </properties>',
    ...report.rules.flatMap((rule) => testcase(report, rule, classname)),
  ];
  const notes = [...report.warnings.map((w) => `warning: ${w}`), ...report.problems.map((p) => `problem: ${p}`)];
  if (notes.length > 0) lines.push(`    <system-out>${xmlText(notes.join('\n'))}</system-out>`);
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
