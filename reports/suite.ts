import type { Report, SuiteReport } from './report.js';
import { escapeHtml } from './html-escape.js';
import { printable } from './format.js';
import { xmlAttribute } from './junit.js';

/**
 * Reports of several functions checked by one command: each reporter's own report per function,
 * one section each, under one verdict (a function fails the suite as a rule fails a function).
 */
export type RenderOne = (report: Report) => Promise<string>;

export function functionName(report: Report): string {
  return report.function ?? report.handler;
}

export function suiteVerdictLine(suite: SuiteReport): string {
  const failed = suite.functions.filter((f) => !f.ok).map(functionName);
  const n = suite.functions.length;
  if (failed.length === 0) return `All ${n} functions passed.`;
  return `${failed.length} of ${n} functions failed: ${failed.join(', ')}. Seed ${suite.seed}: rerun with --seed ${suite.seed}.`;
}

export async function renderSuiteConsole(suite: SuiteReport, one: RenderOne): Promise<string> {
  const parts: string[] = [];
  for (const report of suite.functions) {
    parts.push(`=== ${printable(functionName(report))} ${'='.repeat(Math.max(3, 72 - functionName(report).length))}`, (await one(report)).trimEnd(), '');
  }
  const width = Math.max(...suite.functions.map((f) => functionName(f).length)) + 2;
  parts.push(`${'function'.padEnd(width)}verdict`);
  for (const report of suite.functions) parts.push(`${printable(functionName(report)).padEnd(width)}${report.ok ? 'PASS' : 'FAIL'}`);
  parts.push('', suiteVerdictLine(suite));
  return `${parts.join('\n')}\n`;
}

/** Headings one level down, outside fenced code. */
function demote(markdown: string): string {
  let fence: string | undefined;
  return markdown.split('\n').map((line) => {
    const open = /^(`{3,})/.exec(line)?.[1];
    if (open !== undefined) {
      if (fence === undefined) fence = open;
      else if (line.trim() === fence) fence = undefined;
      return line;
    }
    return fence === undefined && /^#{1,5} /.test(line) ? `#${line}` : line;
  }).join('\n');
}

export async function renderSuiteMarkdown(suite: SuiteReport, one: RenderOne): Promise<string> {
  const lines = [`## ${suite.ok ? '✅' : '❌'} stream-conformance: ${suiteVerdictLine(suite)}`, '', '| Function | Handler | Verdict |', '| --- | --- | --- |'];
  for (const f of suite.functions) lines.push(`| \`${functionName(f).replace(/[`|]/g, '')}\` | \`${f.handler.replace(/[`|]/g, '')}\` | ${f.ok ? '✅ pass' : '❌ fail'} |`);
  for (const f of suite.functions) lines.push('', `## \`${functionName(f).replace(/`/g, '')}\``, '', demote((await one(f)).trimEnd()));
  return `${lines.join('\n')}\n`;
}

/** One `<testsuite>` per function in one `<testsuites>`. */
export async function renderSuiteJunit(suite: SuiteReport, one: RenderOne): Promise<string> {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const report of suite.functions) {
    const xml = await one(report);
    const block = /^ {2}<testsuite [\s\S]*?^ {2}<\/testsuite>$/m.exec(xml)?.[0] ?? '';
    const counts = /<testsuites[^>]*tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)" time="([\d.]+)"/.exec(xml);
    if (counts) {
      totals.tests += Number(counts[1]);
      totals.failures += Number(counts[2]);
      totals.errors += Number(counts[3]);
      totals.skipped += Number(counts[4]);
      totals.time += Number(counts[5]);
    }
    suites.push(block.replace(/^ {2}<testsuite name="stream-conformance"/, `  <testsuite name="${xmlAttribute(`stream-conformance.${functionName(report)}`)}"`));
  }
  const head = `<testsuites name="stream-conformance" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${totals.time.toFixed(3)}">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
}

/** A page with each function's own report in a sandboxed frame (their ids and scripts stay apart). */
export async function renderSuiteHtml(suite: SuiteReport, one: RenderOne): Promise<string> {
  const sections: string[] = [];
  for (const report of suite.functions) {
    const name = escapeHtml(functionName(report));
    sections.push(`<section><h2>${report.ok ? '✅' : '❌'} <code>${name}</code> <small>${escapeHtml(report.handler)}</small></h2>
<iframe title="${name}" sandbox="allow-scripts" srcdoc="${escapeHtml(await one(report))}"></iframe></section>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${suite.ok ? 'PASS' : 'FAIL'} · ${suite.functions.length} functions — stream-conformance report`)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1f2328}iframe{width:100%;height:85vh;border:1px solid #d0d7de;border-radius:6px;resize:vertical}small{color:#59636e;font-weight:normal}</style>
</head>
<body>
<h1>${escapeHtml(`stream-conformance: ${suiteVerdictLine(suite)}`)}</h1>
${sections.join('\n')}
</body>
</html>
`;
}
