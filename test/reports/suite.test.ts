import { describe, expect, it } from 'vitest';
import { render as renderJunit } from '../../reports/junit.js';
import type { Report, SuiteReport } from '../../reports/report.js';
import { functionName, renderSuiteConsole, renderSuiteHtml, renderSuiteJunit, renderSuiteMarkdown, type RenderOne } from '../../reports/suite.js';
import { loadReport } from './support.js';

function suite(): SuiteReport {
  const orders = { ...loadReport('failing'), function: 'OrdersConsumer' };
  const audit = { ...loadReport('passing'), function: undefined, handler: 'src/audit.ts' } as Report;
  const billing = { ...loadReport('passing'), function: 'Billing<"x">' };
  return { tool: orders.tool, ok: false, seed: 5, functions: [orders, audit, billing] };
}

const byName: RenderOne = async (report) => `report of ${functionName(report)}\n`;

describe('reports of several functions under one verdict', () => {
  it('names a function by its name, or by its handler when it has none', () => {
    const [orders, audit] = suite().functions;
    expect(functionName(orders!)).toBe('OrdersConsumer');
    expect(functionName(audit!)).toBe('src/audit.ts');
  });

  it('console: a section per function, then a verdict table and the failed functions with the seed to rerun', async () => {
    const text = await renderSuiteConsole(suite(), byName);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^=== OrdersConsumer =+$/);
    expect(lines[1]).toBe('report of OrdersConsumer');
    expect(text).toContain('\nfunction        verdict\nOrdersConsumer  FAIL\nsrc/audit.ts    PASS\nBilling<"x">    PASS\n');
    expect(text.endsWith('\n1 of 3 functions failed: OrdersConsumer. Seed 5: rerun with --seed 5.\n')).toBe(true);
  });

  it('says all passed when every function passed', async () => {
    const all = suite();
    all.functions = all.functions.filter((f) => f.ok);
    all.ok = true;
    expect(await renderSuiteConsole(all, byName)).toMatch(/\nAll 2 functions passed\.\n$/);
  });

  it('markdown: a table of functions, and each report with its headings one level down (not inside code fences)', async () => {
    const one: RenderOne = async (report) => `## ${functionName(report)}\n\n\`\`\`\n## not a heading\n\`\`\`\n### detail\n`;
    const text = await renderSuiteMarkdown(suite(), one);
    expect(text.split('\n')[0]).toBe('## ❌ stream-conformance: 1 of 3 functions failed: OrdersConsumer. Seed 5: rerun with --seed 5.');
    expect(text).toContain('| `OrdersConsumer` | `handler.ts` | ❌ fail |\n| `src/audit.ts` | `src/audit.ts` | ✅ pass |');
    expect(text).toContain('## `OrdersConsumer`\n\n### OrdersConsumer\n\n```\n## not a heading\n```\n#### detail');
  });

  it('junit: one <testsuite> per function named after it, under totals that add up', async () => {
    const xml = await renderSuiteJunit(suite(), async (report) => renderJunit(report));
    const own = suite().functions.map((f) => /<testsuites[^>]*tests="(\d+)" failures="(\d+)"/.exec(renderJunit(f))!);
    const tests = own.reduce((sum, m) => sum + Number(m[1]), 0);
    const failures = own.reduce((sum, m) => sum + Number(m[2]), 0);
    expect(failures).toBeGreaterThan(0);
    expect(xml).toMatch(new RegExp(`^<\\?xml [^\\n]+\\n<testsuites name="stream-conformance" tests="${tests}" failures="${failures}" `));
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'stream-conformance.OrdersConsumer', 'stream-conformance.src/audit.ts', 'stream-conformance.Billing&lt;&quot;x&quot;&gt;',
    ]);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('html: each function\'s page in its own sandboxed frame, its text escaped', async () => {
    const html = await renderSuiteHtml(suite(), async (report) => `<p id="x">${functionName(report)} & more</p>`);
    expect(html.match(/<iframe /g)).toHaveLength(3);
    expect(html).toContain('<iframe title="Billing&lt;&quot;x&quot;&gt;" sandbox="allow-scripts" srcdoc="&lt;p id=&quot;x&quot;&gt;Billing&lt;&quot;x&quot;&gt; &amp; more&lt;/p&gt;">');
    expect(html).toContain('<title>FAIL · 3 functions — stream-conformance report</title>');
    expect(html).toContain('<h2>❌ <code>OrdersConsumer</code>');
  });
});
