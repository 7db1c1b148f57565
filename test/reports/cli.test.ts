import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { render as renderJunit } from '../../reports/junit.js';
import { render as renderMarkdown } from '../../reports/markdown.js';
import { replayCommand } from '../../reports/format.js';
import { parseCliArgs } from '../../src/cli/args.js';
import { main, ProgressLine, type CliIo } from '../../src/cli/main.js';
import type { Report } from '../../reports/report.js';
import { loadReport } from './support.js';

// The checker is a stand-in that returns a report the tool wrote; the reporters are the real ones.
const state = vi.hoisted(() => ({ report: undefined as unknown }));
vi.mock('../../src/run/check.js', () => ({
  checkConsumerWithSettings: async (_settings: unknown, options: { onProgress?: (e: { rule: string; done: number; total: number }) => void }) => {
    options.onProgress?.({ rule: 'all rules', done: 1, total: 2 });
    options.onProgress?.({ rule: 'all rules', done: 2, total: 2 });
    return state.report;
  },
}));

const root = fileURLToPath(new URL('../../', import.meta.url));
const project = join(root, 'test/fixtures/configs/mjs-plain'); // conformance.config.mjs: handler.mjs

interface Captured extends CliIo {
  out: () => string;
  err: () => string;
}

function io(env: Record<string, string> = {}, tty = false): Captured {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: tty },
    stderr: { write: (s: string) => (err += s), isTTY: tty },
    cwd: project,
    env,
    out: () => out,
    err: () => err,
  };
}

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-reports-'));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

let report: Report;
beforeEach(() => {
  report = loadReport('failing');
  state.report = report;
});

describe('reporters from the command line', () => {
  it('--reporter junit --reporter markdown --reporter json --out <dir> writes all three files', async () => {
    const out = tempDir();
    const cli = io();
    expect(await main(['--reporter', 'junit', '--reporter', 'markdown', '--reporter', 'json', '--out', out], cli)).toBe(1);
    const junit = readFileSync(join(out, 'conformance.junit.xml'), 'utf8');
    expect(junit).toBe(renderJunit(report));
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(readFileSync(join(out, 'conformance.md'), 'utf8')).toBe(renderMarkdown(report));
    expect(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8'))).toEqual(report);
    // no console reporter asked for: stdout stays empty; stderr has the verdict and where the files went
    expect(cli.out()).toBe('');
    // the verdict, with the first failure's replay command on a line of its own (no console report printed it)
    const [verdict, replay, ...files] = cli.err().split('\n');
    expect(verdict).toMatch(/rules failed: .*rerun with --seed \d+\.$/);
    expect(replay).toBe(`Replay the first failure (${report.rules.find((r) => r.counterexample)!.id}): ${replayCommand(report, report.rules.find((r) => r.counterexample)!.counterexample!.replay)}`);
    expect(files).toEqual([
      `junit report: ${relative(project, join(out, 'conformance.junit.xml'))}`,
      `markdown report: ${relative(project, join(out, 'conformance.md'))}`,
      `json report: ${relative(project, join(out, 'conformance.json'))}`,
      '',
    ]);
  });

  it('with the console too: the report, then where each file went', async () => {
    const out = tempDir();
    const cli = io();
    await main(['--reporter', 'junit', '--reporter', 'console', '--reporter', 'markdown=summary.md', '--out', out, '--seed', '5'], cli);
    const text = cli.out();
    expect(text).toMatch(/^stream-conformance 0\.1\.0\n[^]*\n  seed     5\n/);
    expect(text.match(/stream-conformance 0\.1\.0/g)).toHaveLength(1); // the header once, at the start
    expect(text).toMatch(/All rules passed\.|3 of 9 rules failed/);
    expect(text.endsWith(`junit report: ${relative(project, join(out, 'conformance.junit.xml'))}\nmarkdown report: summary.md\n`)).toBe(true);
    expect(readFileSync(join(project, 'summary.md'), 'utf8')).toBe(renderMarkdown(report));
    rmSync(join(project, 'summary.md'));
    expect(text).not.toMatch(/[\r\u001b]/);
  });

  it('on a TTY: one progress line, cleared before the report; colours unless NO_COLOR', async () => {
    let cli = io({}, true);
    await main(['--seed', '5'], cli);
    const text = cli.out();
    expect(text).toContain('\rall rules: 1/2 runs, ');
    expect(text).toContain('\rall rules: 2/2 runs, ');
    const cleared = text.lastIndexOf('\r');
    expect(text.slice(0, cleared + 1)).toMatch(/\r +\r$/);
    // the header comes first, before any progress; the report after the cleared line does not repeat it
    expect(text).toMatch(/^\u001b\[1mstream-conformance/);
    expect(text.slice(cleared + 1)).not.toContain('stream-conformance 0.1.0');
    cli = io({ NO_COLOR: '1' }, true);
    await main(['--seed', '5'], cli);
    expect(cli.out()).not.toContain('\u001b');
  });

  it('under GitHub Actions: an ::error per failing rule on the handler file, and the Markdown step summary', async () => {
    const summary = join(tempDir(), 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const cli = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: root });
    expect(await main(['--seed', '5'], cli)).toBe(1);
    const errors = cli.out().split('\n').filter((l) => l.startsWith('::'));
    expect(errors).toHaveLength(3);
    for (const [i, id] of ['idempotent-redelivery', 'per-key-ordering', 'expected-state'].entries()) {
      expect(errors[i]).toMatch(new RegExp(`^::error file=test/fixtures/configs/mjs-plain/handler\\.mjs,line=1,title=${id}::`));
    }
    expect(errors[0]).toContain('%0AFix: Make each effect idempotent');
    expect(errors[0]).toContain('%0AReplay: npx conformance -c conformance.config.json handler.ts --replay ');
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${renderMarkdown(report)}`);
  });

  it('under GitHub Actions with stdout taken by a reporter: annotations on stderr; --quiet: summary only', async () => {
    const summary = join(tempDir(), 'step-summary.md');
    let cli = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    await main(['--reporter', 'junit=-'], cli);
    expect(cli.out()).toBe(renderJunit(report));
    expect(cli.err().match(/^::error /gm)).toHaveLength(3);
    // GITHUB_WORKSPACE unset: paths are relative to the working directory
    expect(cli.err()).toContain('::error file=handler.mjs,line=1,title=idempotent-redelivery::');

    cli = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    await main(['--quiet'], cli);
    expect(cli.out() + cli.err()).toBe('');
    expect(readFileSync(summary, 'utf8')).toBe(renderMarkdown(report).repeat(2));
  });

  it('a passing run: no annotations, a clean summary; not under GitHub Actions: neither', async () => {
    state.report = loadReport('passing');
    const summary = join(tempDir(), 'step-summary.md');
    let cli = io({ GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary });
    expect(await main([], cli)).toBe(0);
    expect(cli.out()).not.toContain('::');
    expect(readFileSync(summary, 'utf8')).toMatch(/^## ✅ stream-conformance: all 9 rules passed/);

    state.report = loadReport('failing');
    const other = join(tempDir(), 'other.md');
    writeFileSync(other, '');
    cli = io({ GITHUB_STEP_SUMMARY: other });
    await main([], cli);
    expect(cli.out()).not.toContain('::error');
    expect(readFileSync(other, 'utf8')).toBe('');
  });

  it('a repeated reporter runs once; two reporters may not share stdout or a file', () => {
    expect(parseCliArgs(['--reporter', 'junit', '--reporter', 'junit']).reporters).toEqual([{ name: 'junit' }]);
    expect(() => parseCliArgs(['--reporter', 'json=-', '--reporter', 'junit=-'])).toThrow(
      '--reporter json=- and --reporter junit=- both write to stdout (-); give each its own path',
    );
    expect(() => parseCliArgs(['--reporter', 'json=r.out', '--reporter', 'junit=r.out'])).toThrow(/both write to r\.out/);
  });
});

describe('the progress line', () => {
  it('rewrites one line with \\r: rule, runs done of total, elapsed; cut to the terminal width; cleared', () => {
    let written = '';
    let now = 1000;
    const line = new ProgressLine({ write: (s: string) => (written += s), isTTY: true, columns: 30 }, () => now);
    line.update({ rule: 'all rules', done: 1, total: 100 });
    expect(written).toBe('\rall rules: 1/100 runs, 0.0 s');
    now += 20;
    line.update({ rule: 'all rules', done: 2, total: 100 }); // too soon: not redrawn
    expect(written).toBe('\rall rules: 1/100 runs, 0.0 s');
    now += 2480;
    line.update({ rule: 'all rules', done: 3, total: 100 });
    expect(written.endsWith('\rall rules: 3/100 runs, 2.5 s')).toBe(true);
    now += 10;
    line.update({ rule: 'per-key-ordering (shrinking)', done: 1, total: 1 }); // a new rule: its own clock
    expect(written.endsWith('\rper-key-ordering (shrinking):')).toBe(true); // cut to 29 columns
    written = '';
    line.clear();
    expect(written).toBe(`\r${' '.repeat(29)}\r`);
    written = '';
    line.clear();
    expect(written).toBe('');
  });
});
