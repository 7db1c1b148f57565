import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { REPORTER_NAMES } from '../../src/cli/args.js';
import { MERGE_HELP } from '../../src/cli/merge-command.js';
import type { Report } from '../../reports/report.js';
import { examplesDir } from '../rules/support.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function temporary(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

async function cli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) }, cwd, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

const timeless = (text: string) => JSON.parse(text, (key, value: unknown) => (key === 'durationMs' || key === 'explorationMs' || key === 'ms' ? undefined : value)) as Report;

describe('conformance merge', () => {
  it('the merged shards give the report of one run: verdict, first failure, counterexample and exit code', async () => {
    const cwd = join(examplesDir, 'eventid-item-identifier');
    const dir = temporary('conformance-shards-');
    const args = ['--seed', '9', '--runs', '12', '--workers', '1', '--quiet'];
    const whole = await cli(cwd, [...args, '--reporter', 'json=-']);
    const codes: number[] = [];
    for (const i of [1, 2]) codes.push((await cli(cwd, [...args, '--shard', `${i}/2`, '--reporter', `json=${dir}/s${i}.json`])).code);
    expect(codes).toContain(1);
    const merged = await cli(cwd, ['merge', `${dir}/s2.json`, `${dir}/s1.json`, '--reporter', 'json=-', '--reporter', `markdown=${dir}/m.md`]);
    expect(merged.code).toBe(whole.code);
    expect(timeless(merged.out)).toEqual(timeless(whole.out));
    // a shard's own report says what it explored
    const shard = timeless((await import('node:fs')).readFileSync(`${dir}/s2.json`, 'utf8'));
    expect(shard.shard).toMatchObject({ index: 2, count: 2, share: 'cases', total: 12 });

    // with file reporters only, the terminal still gets the verdict and where the reports went
    const filesOnly = await cli(cwd, ['merge', `${dir}/s1.json`, `${dir}/s2.json`, '--reporter', `junit=${dir}/m.xml`]);
    expect(filesOnly.out).toBe('');
    expect(filesOnly.err.split('\n')[0]).toMatch(whole.code === 1 ? /failed/ : /passed/);
    expect(filesOnly.err).toContain('junit report: ');

    const missing = await cli(cwd, ['merge', `${dir}/s1.json`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/shard 2\/2 missing; pass the report of every shard/);
  });

  it('refuses what it cannot merge, in one line with exit code 2', async () => {
    const dir = temporary('conformance-merge-');
    writeFileSync(join(dir, 'not.json'), '{ nope');
    writeFileSync(join(dir, 'other.json'), '{"a":1}');
    const report = (seed: number) => JSON.stringify({ tool: { name: 'stream-conformance', version: '0' }, ok: true, seed, handler: 'h.ts', source: 'dynamodb', rules: [], problems: [], warnings: [] });
    writeFileSync(join(dir, 'a.json'), report(1));
    writeFileSync(join(dir, 'b.json'), report(2));
    const cases: [string[], RegExp][] = [
      [['merge'], /merge needs the JSON reports/],
      [['merge', 'missing.json'], /cannot read missing\.json/],
      [['merge', 'not.json'], /not\.json is not JSON/],
      [['merge', 'other.json'], /not a stream-conformance JSON report/],
      [['merge', 'a.json', 'b.json'], /different seeds \(1, 2\)/],
      [['merge', 'a.json', 'a.json'], /both report h\.ts/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(dir, args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toMatch(message);
      // written for the user, not an internal error
      expect(result.err).not.toMatch(/internal error|please report/);
      expect(result.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('conformance merge --help', () => {
  it('prints the merge usage, every reporter and the exit codes, with exit code 0', async () => {
    const result = await cli(tmpdir(), ['merge', '--help']);
    expect(result).toEqual({ code: 0, out: MERGE_HELP, err: '' });
    expect(MERGE_HELP).toMatch(/^Usage: conformance merge <report\.json\.\.\.> \[options\]/);
    expect(MERGE_HELP).toContain(REPORTER_NAMES.join(', ').replace('console', 'console (default)'));
    expect(MERGE_HELP).toMatch(/Exit codes: 0 every rule passed, 1 a rule failed, 2 the reports cannot be merged/);
  });

  it('an unknown option is a usage error pointing at the help', async () => {
    const result = await cli(tmpdir(), ['merge', '--shard', '1/2']);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^conformance: merge: .*--shard.*; see conformance merge --help\n$/);
  });
});
