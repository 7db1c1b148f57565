import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { SuiteReport } from '../../reports/report.js';
import { REPORT_SCHEMA_VERSION } from '../../reports/report.js';
import { loadFunctions } from '../../src/run/functions.js';

const fixture = join(import.meta.dirname, '..', 'fixtures', 'templates', 'two-functions');

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A copy of the two-function template project, with a config file when given. */
function project(config?: unknown): string {
  const dir = temporary('conformance-functions-');
  cpSync(fixture, dir, { recursive: true });
  if (config !== undefined) writeFileSync(join(dir, 'conformance.config.json'), JSON.stringify(config));
  return dir;
}

describe('several functions in one command', () => {
  it('a template and no handler: every stream mapping, each with its own mapping, handler and environment', async () => {
    const plans = await loadFunctions({ cwd: fixture, template: 'template.yaml' });
    expect(plans.map((p) => p.name)).toEqual(['IndexerFunction/Stream', 'NotifierFunction/Stream']);
    expect(plans.map((p) => p.loaded.config.mapping?.BatchSize)).toEqual([100, 5]);
    expect(plans.map((p) => p.loaded.config.handler)).toEqual(['src/indexer.ts#handler', 'src/notifier.ts#notify']);
    expect(plans[0]!.loaded.config.function?.Environment?.Variables).toMatchObject({ SEARCH_TABLE: 'SearchTable' });
  });

  it('a function whose handler file is not there: one line naming the files looked for and where to fix them', async () => {
    const cwd = project();
    rmSync(join(cwd, 'src', 'notifier.ts'));
    const error = await loadFunctions({ cwd, template: 'template.yaml' }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).toMatch(/^template\.yaml: cannot find the source file of NotifierFunction\/Stream's handler: no file notifier\{\.ts,\.mts,\.cts,\.js,\.mjs,\.cjs\} or src\/notifier\.ts exists \(from its CodeUri and Handler notifier\.notify, or its esbuild EntryPoints\); fix them in the template; or list the functions/);
  });

  it('a handler on the command line still checks just its mapping', async () => {
    const plans = await loadFunctions({ cwd: fixture, template: 'template.yaml', handler: 'src/notifier.ts#notify' });
    expect(plans).toHaveLength(1);
    expect(plans[0]!.name).toBeUndefined();
    expect(plans[0]!.loaded.config.mapping?.BatchSize).toBe(5);
  });

  it('a config lists functions: each entry over the top-level keys (mapping, function, downstream… merged key by key)', async () => {
    const cwd = project({
      source: 'dynamodb',
      mapping: { BatchSize: 7, MaximumRetryAttempts: 2 },
      functions: [{ name: 'indexer', handler: 'src/indexer.ts' }, { handler: 'src/notifier.ts#notify', mapping: { BatchSize: 3 } }],
    });
    const plans = await loadFunctions({ cwd });
    expect(plans.map((p) => p.name)).toEqual(['indexer', 'src/notifier.ts#notify']);
    expect(plans.map((p) => p.loaded.config.mapping)).toEqual([{ BatchSize: 7, MaximumRetryAttempts: 2 }, { BatchSize: 3, MaximumRetryAttempts: 2 }]);
    const one = await loadFunctions({ cwd, handler: 'src/notifier.ts' });
    expect(one.map((p) => p.name)).toEqual(['src/notifier.ts#notify']);
    await expect(loadFunctions({ cwd, handler: 'src/other.ts' })).rejects.toThrow(/functions: has no entry for the handler src\/other\.ts \(found: indexer, src\/notifier\.ts#notify\)/);
  });

  it('a bad functions list is one clear line naming the entry', async () => {
    const bad: [unknown, RegExp][] = [
      [[], /functions: must be a non-empty list/],
      [[1], /functions\[0\]: must be an object/],
      [[{ handler: 'src/indexer.ts', name: '' }], /functions\[0\]\.name: must be a non-empty string/],
      [[{ handler: 'src/indexer.ts', name: 'a' }, { handler: 'src/notifier.ts', name: 'a' }], /functions\[1\]\.name: "a" names two functions/],
      [[{ handler: 'src/indexer.ts', BatchSize: 3 }], /\(functions\[0\]\).*BatchSize/],
    ];
    for (const [functions, message] of bad) {
      await expect(loadFunctions({ cwd: project({ functions }) }), JSON.stringify(functions)).rejects.toThrow(message);
    }
  });

  it('the CLI: one section per function in every reporter, one exit code for them all', async () => {
    let out = '';
    let err = '';
    const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) }, cwd: project(), env: {} };
    const dir = temporary('conformance-suite-');
    const code = await main(['--template', 'template.yaml', '--runs', '2', '--seed', '3', '--workers', '1', '--reporter', 'console', '--reporter', `json=${dir}/r.json`, '--reporter', `junit=${dir}/r.xml`, '--reporter', `markdown=${dir}/r.md`, '--reporter', `html=${dir}/r.html`], io);
    const { readFileSync } = await import('node:fs');
    const suite = JSON.parse(readFileSync(`${dir}/r.json`, 'utf8')) as SuiteReport;
    expect(suite.functions.map((f) => [f.function, f.handler])).toEqual([['IndexerFunction/Stream', 'src/indexer.ts#handler'], ['NotifierFunction/Stream', 'src/notifier.ts#notify']]);
    expect(suite.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(code).toBe(suite.ok ? 0 : 1);
    expect(out).toMatch(/=== IndexerFunction\/Stream =+\n[\s\S]*=== NotifierFunction\/Stream =+\n[\s\S]*function\s+verdict/);
    const junit = readFileSync(`${dir}/r.xml`, 'utf8');
    expect(junit.match(/<testsuite name="stream-conformance\.(\w+)Function\/Stream"/g)).toHaveLength(2);
    expect(junit).toMatch(/<testsuites name="stream-conformance" tests="20"/);
    const markdown = readFileSync(`${dir}/r.md`, 'utf8');
    expect(markdown).toMatch(/^## `IndexerFunction\/Stream`$/m);
    expect(markdown).toMatch(/^### .*stream-conformance/m);
    expect(readFileSync(`${dir}/r.html`, 'utf8').match(/<iframe /g)).toHaveLength(2);
    expect(err).toMatch(/IndexerFunction\/Stream: template: using/);
  });
});
