import { describe, expect, it } from 'vitest';
import { annotations, escapeData, escapeProperty, exportLine, mappingLine, stepSummary } from '../../reports/github.js';
import { render } from '../../reports/markdown.js';
import { reporters } from '../../reports/index.js';
import { loadReport, mixedReport } from './support.js';

describe('GitHub Actions', () => {
  it('percent-encodes messages and properties per the workflow-command rules', () => {
    expect(escapeData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });

  it('an ::error per failing rule on the handler file, with the fix, the docs and the replay command', () => {
    const report = loadReport('failing');
    const lines = annotations(report, { file: 'src/handler.ts', line: 12 });
    expect(lines).toHaveLength(3);
    const rule = report.rules.find((r) => r.id === 'per-key-ordering')!;
    expect(lines).toContain(
      `::error file=src/handler.ts,line=12,title=per-key-ordering::${escapeData(`${rule.message}\nFix: ${rule.fix}\nDocs: https://github.com/stream-conformance/stream-conformance/blob/main/docs/rules/per-key-ordering.md\nReplay: npx conformance -c conformance.config.json handler.ts --replay ${rule.counterexample!.replay}`)}`,
    );
    for (const line of lines) expect(line).not.toMatch(/[\r\n]/);
  });

  it('::warning for a warning rule; no file when the handler is outside the workspace; nothing when all pass', () => {
    const lines = annotations(mixedReport());
    expect(lines.map((l) => l.slice(0, l.indexOf('::', 2)))).toEqual(['::error title=idempotent-redelivery', '::warning title=per-key-ordering']);
    expect(lines[0]).toContain('100%25');
    expect(annotations(loadReport('passing'), { file: 'h.ts' })).toEqual([]);
  });

  it('mapping-config is annotated where the mapping is declared (the template’s function, the config’s mapping), the other rules on the handler', () => {
    const report = loadReport('failing');
    const withMapping = { ...report, rules: [...report.rules, { id: 'mapping-config' as const, status: 'fail' as const, severity: 'error' as const, runs: 1, durationMs: 1, message: 'MaximumRetryAttempts is -1' }] };
    const lines = annotations(withMapping, { file: 'src/handler.ts', line: 12 }, { file: 'template.yaml', line: 30 });
    expect(lines.filter((l) => l.startsWith('::error file=template.yaml,line=30,title=mapping-config::'))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith('::error file=src/handler.ts,line=12,'))).toHaveLength(lines.length - 1);
    const yaml = ['Resources:', '  OrdersTable:', '    Type: AWS::DynamoDB::Table', '  OrdersFunction:', '    Type: AWS::Serverless::Function'].join('\n');
    expect(mappingLine(yaml, 'OrdersFunction')).toBe(4);
    expect(mappingLine('{\n  "handler": "h.ts",\n  "mapping": { "BatchSize": 10 }\n}', undefined)).toBe(3);
    expect(mappingLine(yaml, 'Missing')).toBeUndefined();
  });

  it('finds the line a handler export is defined on', () => {
    const source = ['import x from "y";', '', 'export const other = 1;', 'export async function handler(event) {', '}', 'export default handler;'].join('\n');
    expect(exportLine(source, undefined)).toBe(4);
    expect(exportLine(source, 'other')).toBe(3);
    expect(exportLine(source, 'default')).toBe(6);
    expect(exportLine('const a = 1;\nexports.main = async () => {};', 'main')).toBe(2);
    expect(exportLine('function h() {}\nexport { h as handler };', undefined)).toBe(2);
    expect(exportLine('const a = 1;', 'missing')).toBeUndefined();
  });

  it('the step summary is the Markdown report, without counterexamples when it would pass GitHub’s 1 MiB limit', async () => {
    const report = loadReport('failing');
    expect(await stepSummary(report)).toBe(render(report));
    const huge = loadReport('failing');
    for (const rule of huge.rules) if (rule.counterexample) rule.counterexample.handlerOutput = [{ invocation: 1, outcome: 'function-error', error: { name: 'Error', message: 'x'.repeat(400_000) } }];
    const summary = await stepSummary(huge);
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024);
    expect(summary).not.toContain('<details>');
    expect(summary).toContain('too large for a step summary');
  });

  it('of several functions, the step summary opens with the verdict over all and a section per function; annotations name the function', async () => {
    const passing = { ...loadReport('passing'), function: 'OrdersProjection/Stream' };
    const failing = { ...loadReport('failing'), function: 'InventorySync/Stream' };
    const suite = { tool: passing.tool, ok: false, seed: failing.seed, functions: [passing, failing] };
    const summary = await stepSummary(suite);
    expect(summary.split('\n')[0]).toBe(`## ❌ stream-conformance: 1 of 2 functions failed: InventorySync/Stream. Seed ${failing.seed}: rerun with --seed ${failing.seed}.`);
    expect(summary).toContain('## `OrdersProjection/Stream`');
    expect(summary).toContain('## `InventorySync/Stream`');
    expect(annotations(failing).every((line) => line.includes('title=InventorySync/Stream%3A '))).toBe(true);
    expect((await stepSummary(suite, { index: 1, count: 2 })).split('\n')[0]).toBe('> Shard 1/2: this verdict covers its share of the run only; the run\'s verdict is the one `conformance merge` gives.');
  });

  it('joins the registry: `--reporter github` renders the annotations, pointed at the target it is given', async () => {
    const report = loadReport('failing');
    const render = await reporters.github.load();
    const text = await render(report, { color: false, target: { file: 'src/handler.ts', line: 3 } });
    expect(text).toBe(`${annotations(report, { file: 'src/handler.ts', line: 3 }).join('\n')}\n`);
    expect(text.split('\n').filter((l) => l.startsWith('::error file=src/handler.ts,line=3,'))).toHaveLength(report.rules.filter((r) => r.status === 'fail').length);
    expect(await render(loadReport('passing'), { color: false })).toBe('');
    // without a target (outside Actions), the handler's path as the report gives it
    expect((await render(report, { color: false })).split('\n')[0]).toMatch(/^::error file=handler\.ts,title=/);
  });
});
