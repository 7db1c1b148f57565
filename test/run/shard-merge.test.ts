import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseShard } from '../../src/cli/args.js';
import type { Report } from '../../reports/report.js';
import { examplesDir } from '../rules/support.js';

async function cli(cwd: string, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io = { stdout: { write: (s: string) => void (out += s) }, stderr: { write: (s: string) => void (err += s) }, cwd, env: {} };
  const code = await main(args, io);
  return { code, out, err };
}

const timeless = (text: string) => JSON.parse(text, (key, value: unknown) => (key === 'durationMs' || key === 'explorationMs' || key === 'ms' ? undefined : value)) as Report;

describe('--shard and merge', () => {
  it('parses i/n (1-based) and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 1, count: 4 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(() => parseShard(bad)).toThrow(/--shard must be i\/n/);
  });

  it('--workers takes 1 to 256', async () => {
    const { parseCliArgs } = await import('../../src/cli/args.js');
    expect(parseCliArgs(['--workers', '3']).workers).toBe(3);
    for (const bad of ['0', '-1', 'x', '1.5']) expect(() => parseCliArgs(['--workers', bad])).toThrow(/--workers must be an integer from 1 to 256/);
  });

  it('the merged shards give the report of one run: verdict, first failure, counterexample and exit code', async () => {
    const cwd = join(examplesDir, 'eventid-item-identifier');
    const dir = mkdtempSync(join(tmpdir(), 'conformance-shards-'));
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

    const missing = await cli(cwd, ['merge', `${dir}/s1.json`]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/shard 2\/2 missing; pass the report of every shard/);
  });

  it('refuses what it cannot merge, in one line with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-merge-'));
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
      expect(result.err).not.toContain('internal error');
      expect(result.err.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('merging whole functions', () => {
  const fn = (name: string, ok: boolean): Report => ({ schemaVersion: 2, tool: { name: 'stream-conformance', version: '0' }, ok, seed: 5, function: name, handler: `${name}.ts`, source: 'dynamodb', rules: [], problems: [], warnings: [] });
  const shardOf = (index: number, functions: Report[]) => ({ tool: { name: 'stream-conformance' as const, version: '0' }, ok: functions.every((f) => f.ok), seed: 5, functions, shard: { index, count: 2, functions: ['a', 'b', 'c'] } });

  it('puts the functions back in the command’s order, one verdict for all, and wants every one', async () => {
    const { mergeReports } = await import('../../src/run/merge.js');
    const merged = mergeReports([{ file: '2.json', report: shardOf(2, [fn('b', false)]) }, { file: '1.json', report: shardOf(1, [fn('a', true), fn('c', true)]) }]);
    expect('functions' in merged && merged.functions.map((f) => f.function)).toEqual(['a', 'b', 'c']);
    expect(merged.ok).toBe(false);
    expect(() => mergeReports([{ file: '1.json', report: shardOf(1, [fn('a', true), fn('c', true)]) }])).toThrow(/no report for the function b: pass the report of every shard/);
  });
});

