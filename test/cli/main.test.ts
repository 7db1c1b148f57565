import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';
import type { RunSettings } from '../../src/config/settings.js';
import { HarnessError } from '../../src/harness/index.js';
import type { Report } from '../../reports/report.js';
import { encodeReplay } from '../../src/judge/replay.js';

// src/run/check.ts and reports/console.ts are written separately: the CLI is tested against stand-ins.
const state = vi.hoisted(() => ({
  report: undefined as unknown,
  error: undefined as unknown,
  calls: [] as { settings: unknown; options: { onProgress?: (e: { rule: string; done: number; total: number }) => void; replay?: string } }[],
}));
vi.mock('../../src/run/check.js', () => ({
  checkConsumerWithSettings: async (settings: unknown, options: (typeof state.calls)[number]['options']) => {
    state.calls.push({ settings, options });
    options.onProgress?.({ rule: 'per-key-ordering', done: 1, total: 2 });
    options.onProgress?.({ rule: 'per-key-ordering', done: 2, total: 2 });
    if (state.error) throw state.error;
    return state.report;
  },
}));
vi.mock('../../reports/console.js', async (importOriginal) => {
  const standIn = (report: Report, options: { color: boolean }) =>
    `${options.color ? '\u001b[32m' : ''}CONSOLE ok=${report.ok}${options.color ? '\u001b[0m' : ''}\n`;
  return { ...(await importOriginal<typeof import('../../reports/console.js')>()), formatConsole: standIn, render: standIn };
});

const fixtures = fileURLToPath(new URL('../fixtures/configs/', import.meta.url));
const project = join(fixtures, 'mjs-plain'); // conformance.config.mjs: handler.mjs, runs 12

function makeReport(ok: boolean): Report {
  return {
    schemaVersion: 2,
    tool: { name: 'stream-conformance', version: '0.1.0' },
    ok,
    seed: 42,
    handler: 'handler.mjs',
    source: 'dynamodb',
    rules: [
      {
        id: 'per-key-ordering', status: ok ? 'pass' : 'fail', severity: 'error', runs: 12, durationMs: 5,
        message: ok ? 'per-key order kept' : 'an older image overwrote a newer one, 100% sure',
        ...(ok ? {} : { fix: 'make the write conditional', counterexample: { records: [], faults: [], trace: { invocations: [], destinations: [], checkpoints: {}, discards: [], events: [], metrics: {} }, replay: 'abc' } }),
      },
      { id: 'expected-state', status: 'skip', severity: 'error', runs: 0, durationMs: 0, message: 'no expectation configured' },
    ],
    problems: [],
    warnings: [],
  };
}

interface Captured extends CliIo {
  out: () => string;
  err: () => string;
}

function io(options: { cwd?: string; env?: Record<string, string>; tty?: boolean } = {}): Captured {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: options.tty ?? false },
    cwd: options.cwd ?? project,
    env: options.env ?? {},
    out: () => out,
    err: () => err,
  };
}

const temporary: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-cli-'));
  temporary.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  state.report = makeReport(true);
  state.error = undefined;
  state.calls = [];
});

describe('main', () => {
  it('prints the header first (the seed once), runs the check and the console reporter; exit 0 when every rule passed', async () => {
    const cli = io();
    expect(await main(['--seed', '42'], cli)).toBe(0);
    expect(cli.out()).toMatch(/^stream-conformance \S+\n  handler  handler\.mjs {2}\(config conformance\.config\.mjs\)\n  source   dynamodb\n  mapping  BatchSize 100, .*\n  seed     42\nCONSOLE ok=true\n$/);
    expect(cli.out().match(/42/g)).toHaveLength(1);
    expect(cli.err()).toBe('');
    const settings = state.calls[0]?.settings as RunSettings;
    expect(settings).toMatchObject({ handlerRef: 'handler.mjs', runs: 12, seed: 42, source: 'dynamodb', timeoutMs: 3000, timeBudgetSeconds: 1.5 });
    expect(state.calls[0]?.options.onProgress).toBeUndefined(); // not a TTY
  });

  it('a warning of the settings is printed once, at the start, and the console report does not repeat it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'handler.mjs'), 'export const handler = async () => {};\n');
    writeFileSync(join(dir, 'conformance.config.json'), JSON.stringify({ handler: 'handler.mjs', runs: 1 }));
    writeFileSync(join(dir, 'conformance.config.mjs'), 'export default { handler: "handler.mjs" };\n'); // two configs: a warning
    state.report = { ...makeReport(true), warnings: [] };
    const cli = io({ cwd: dir });
    await main(['--seed', '3'], cli);
    const settings = state.calls[0]?.settings as RunSettings;
    expect(settings.warnings.length).toBeGreaterThan(0);
    const all = cli.out() + cli.err();
    for (const warning of settings.warnings) expect(all.split(warning).length - 1, warning).toBe(1);
    expect(cli.out().indexOf(settings.warnings[0]!)).toBeLessThan(cli.out().indexOf('CONSOLE'));
  });

  it('--reporter html alone says the verdict and where the report went', async () => {
    const out = tempDir();
    const cli = io();
    expect(await main(['--reporter', 'html', '--out', out], cli)).toBe(0);
    expect(cli.out()).toBe('');
    expect(cli.err()).toMatch(/html report: \S*conformance\.html\n/);
    expect(cli.err()).toContain('All rules passed.');
  });

  it('exits 1 when a rule failed', async () => {
    state.report = makeReport(false);
    expect(await main([], io())).toBe(1);
  });

  it('passes the command line on to the checker', async () => {
    const cli = io();
    const token = encodeReplay({ seed: 7, path: '0', rule: 'mapping-config', settings: {} });
    await main(['handler.mjs#handler', '--runs', '3', '--rule', 'mapping-config', '--timeout', '900', '--replay', token, '--source', 'kinesis'], cli);
    expect(state.calls[0]?.settings).toMatchObject({ handlerRef: 'handler.mjs#handler', runs: 3, rules: ['mapping-config'], timeoutMs: 900, source: 'kinesis' });
    expect(state.calls[0]?.options.replay).toBe(token);
    expect(cli.out()).toContain(`  replay   ${token} (seed 7)\n`); // the token carries its own seed
    expect(cli.out()).not.toContain('seed     ');
  });

  it('--reporter json=- prints parseable JSON and nothing else on stdout', async () => {
    state.report = makeReport(false);
    const cli = io();
    expect(await main(['--reporter', 'json=-', '--seed', '42'], cli)).toBe(1);
    expect(JSON.parse(cli.out())).toEqual(state.report);
  });

  it('with console and json=- together, the console goes to stderr', async () => {
    const cli = io();
    await main(['--reporter', 'json=-', '--reporter', 'console', '--seed', '5'], cli);
    expect(JSON.parse(cli.out())).toEqual(state.report);
    expect(cli.err()).toMatch(/^stream-conformance [^]*\n  seed     5\nCONSOLE ok=true\n$/);
  });

  it('--reporter json writes <out>/conformance.json, or the path given', async () => {
    const out = tempDir();
    const cli = io();
    expect(await main(['--reporter', 'json', '--out', out], cli)).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8'))).toEqual(state.report);
    expect(cli.out()).toBe(''); // json replaces the default console reporter
    expect(cli.err()).toMatch(/^All rules passed\. 1 skipped\.\njson report: \S*conformance\.json\n$/); // but says where the report went
    const file = join(tempDir(), 'deep/dir/report.json');
    await main(['--reporter', `json=${file}`, '--reporter', 'console'], io());
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state.report);
  });

  it('--quiet prints nothing (file reporters still write)', async () => {
    state.report = makeReport(false);
    const out = tempDir();
    const cli = io({ tty: true });
    expect(await main(['--quiet', '--reporter', 'console', '--reporter', 'json', '--out', out], cli)).toBe(1);
    expect(cli.out()).toBe('');
    expect(cli.err()).toBe('');
    expect(existsSync(join(out, 'conformance.json'))).toBe(true);
  });

  it('without a handler anywhere: exit 2, one line, no stack trace', async () => {
    const cli = io({ cwd: tempDir() });
    expect(await main([], cli)).toBe(2);
    expect(cli.err()).toBe(
      'conformance: no handler: pass it as the first argument (conformance src/handler.ts) or set handler in conformance.config.ts\n',
    );
    expect(cli.out()).toBe('');
    expect(state.calls).toHaveLength(0);
  });

  it('bad arguments, configs and handlers: exit 2 with the message', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--runs', 'ten'], project, /^conformance: --runs must be a positive integer \(e\.g\. --runs 200\), got "ten"\n$/],
      [['--template', 't.yaml'], project, /^conformance: template not found: t\.yaml; check the path of the template\n$/],
      [[], join(fixtures, 'json-syntax'), /^conformance: conformance\.config\.json: invalid JSON at line 4, column 3: /],
      [[], join(fixtures, 'throws'), /^conformance: conformance\.config\.ts: threw while loading: TABLE_NAME is not set; /],
      [['handlr.mjs'], project, /^conformance: Handler file not found: handlr\.mjs\. Did you mean handler\.mjs\?\n$/],
      [['--config', 'missing.json'], project, /^conformance: config file not found: missing\.json; check the --config path\n$/],
    ];
    for (const [argv, cwd, message] of cases) {
      const cli = io({ cwd });
      expect(await main(argv, cli), argv.join(' ')).toBe(2);
      expect(cli.err()).toMatch(message);
      expect(cli.err().trim().split('\n')).toHaveLength(1);
      expect(cli.err()).not.toMatch(/\n\s+at /);
    }
  });

  it('an error the harness raises is printed as is; an unexpected one as an internal error', async () => {
    state.error = new HarnessError('Handler module handler.mjs threw on import: boom. Fix the error or guard it.', 'import-failed');
    let cli = io();
    expect(await main([], cli)).toBe(2);
    expect(cli.err()).toBe('conformance: Handler module handler.mjs threw on import: boom. Fix the error or guard it.\n');

    state.error = new TypeError("Cannot read properties of undefined (reading 'x')\n    at somewhere (file.js:1:1)");
    cli = io();
    expect(await main([], cli)).toBe(2);
    expect(cli.err()).toBe("conformance: internal error: Cannot read properties of undefined (reading 'x') (please report this)\n");
  });

  it('--help fits 24 lines and exits 0; --version prints the package version', async () => {
    let cli = io();
    expect(await main(['--help'], cli)).toBe(0);
    expect(cli.out().split('\n').length).toBeLessThanOrEqual(24);
    expect(cli.out()).toMatch(/^Usage: conformance \[handler\[#export\]\] \[options\]/);
    cli = io();
    expect(await main(['-V'], cli)).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(cli.out()).toBe(`${pkg.version}\n`);
  });

  it('colors and a progress line on a TTY only, and never with NO_COLOR', async () => {
    let cli = io({ tty: true });
    await main(['--seed', '1'], cli);
    expect(cli.out()).toContain('\u001b[32mCONSOLE');
    expect(cli.out()).toContain('\rper-key-ordering: 2/2 runs, ');
    expect(cli.out()).toMatch(/\r +\rCONSOLE|\r +\r\u001b\[32mCONSOLE/); // the line is cleared before the report
    cli = io({ tty: true, env: { NO_COLOR: '1' } });
    await main(['--seed', '1'], cli);
    expect(cli.out()).not.toContain('\u001b');
    cli = io({ tty: false });
    await main(['--seed', '1'], cli);
    expect(cli.out()).not.toContain('\u001b');
    expect(cli.out()).not.toContain('\r');
  });

  it('under GitHub Actions: ::error annotations and a step summary', async () => {
    state.report = makeReport(false);
    const summary = join(tempDir(), 'summary.md');
    writeFileSync(summary, '');
    const cli = io({ env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    expect(await main(['--seed', '42'], cli)).toBe(1);
    expect(cli.out()).toContain(
      '::error file=handler.mjs,line=1,title=per-key-ordering::an older image overwrote a newer one, 100%25 sure%0AFix: make the write conditional%0ADocs: https://github.com/stream-conformance/stream-conformance/blob/main/docs/rules/per-key-ordering.md%0AReplay: npx conformance handler.mjs --replay abc\n',
    );
    expect(readFileSync(summary, 'utf8')).toContain('per-key-ordering');
  });
});
