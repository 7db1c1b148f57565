import { describe, expect, it } from 'vitest';
import type { RuleId } from '../../src/config/types.js';
import { UserError } from '../../src/core/user-error.js';
import { mergeReports } from '../../src/run/merge.js';
import type { Report, RuleReport, ShardSection } from '../../reports/report.js';

const tool = { name: 'stream-conformance' as const, version: '0' };
const caseRules: RuleId[] = ['per-key-ordering', 'no-silent-loss'];
const rule = (id: RuleId, fields: Partial<RuleReport> = {}): RuleReport => ({ id, status: 'pass', severity: 'error', runs: 5, durationMs: 10, message: 'held in 5 generated case(s)', ...fields });

/** Shard `index` of `count` of one function's run of 10 cases. */
function shard(index: number, section: Partial<ShardSection>, rules: RuleReport[], fields: Partial<Report> = {}): Report {
  return {
    schemaVersion: 2, tool, ok: !rules.some((r) => r.status === 'fail'), seed: 7, handler: 'h.ts', source: 'dynamodb', rules, problems: [], warnings: [],
    shard: { index, count: 2, share: 'cases', upTo: 10, total: 10, caseRules, firstFailures: {}, observable: true, compared: true, ...section },
    ...fields,
  };
}

const failing = (id: RuleId, run: number, message: string) => rule(id, { status: 'fail', message, firstFailure: { run, ms: 3 } });

describe('merging the shards of one run', () => {
  it('each rule fails with the earliest case of any shard, counterexample and all, and counts the cases one run would have', () => {
    const one = shard(1, { firstFailures: { 'per-key-ordering': 4 } }, [failing('per-key-ordering', 3, 'from shard 1'), rule('no-silent-loss')]);
    const two = shard(2, { firstFailures: { 'per-key-ordering': 1 } }, [failing('per-key-ordering', 1, 'from shard 2'), rule('no-silent-loss')]);
    const merged = mergeReports([{ file: '1.json', report: one }, { file: '2.json', report: two }]) as Report;
    const ordering = merged.rules.find((r) => r.id === 'per-key-ordering')!;
    expect(ordering).toMatchObject({ status: 'fail', message: 'from shard 2', runs: 10, firstFailure: { run: 2 } });
    expect(merged.rules.find((r) => r.id === 'no-silent-loss')).toMatchObject({ status: 'pass', runs: 10, message: 'held in 10 generated case(s)' });
    expect(merged.ok).toBe(false);
    expect(merged.shard).toBeUndefined();
  });

  it('once every case rule has failed, the cases after the last first failure are not counted', () => {
    const one = shard(1, { firstFailures: { 'per-key-ordering': 2 } }, [failing('per-key-ordering', 1, 'a'), rule('no-silent-loss')]);
    const two = shard(2, { firstFailures: { 'no-silent-loss': 5 } }, [rule('per-key-ordering'), failing('no-silent-loss', 3, 'b')]);
    const merged = mergeReports([{ file: '1.json', report: one }, { file: '2.json', report: two }]) as Report;
    expect(merged.rules.map((r) => [r.id, r.runs, r.firstFailure?.run])).toEqual([['per-key-ordering', 6, 3], ['no-silent-loss', 6, 6]]);
    expect(merged.warnings).toEqual([]);
  });

  it('a time budget cut in one shard cuts the merged run there, says so once, and drops failures past the cut', () => {
    const cut = 'the time budget (timeBudgetSeconds 2.5) ran out after 2 of 10 generated cases: the verdict is that of --runs 4; raise timeBudgetSeconds, add --workers, or spread the run with --shard';
    const one = shard(1, { upTo: 4 }, [rule('per-key-ordering'), rule('no-silent-loss')], { warnings: [cut, 'slow handler'] });
    const two = shard(2, { firstFailures: { 'per-key-ordering': 7 } }, [failing('per-key-ordering', 4, 'past the cut'), rule('no-silent-loss')], { warnings: ['slow handler'] });
    const merged = mergeReports([{ file: '1.json', report: one }, { file: '2.json', report: two }]) as Report;
    expect(merged.rules.find((r) => r.id === 'per-key-ordering')).toMatchObject({ status: 'pass', runs: 4 });
    expect(merged.ok).toBe(true);
    expect(merged.warnings).toEqual(['slow handler', 'the time budget (timeBudgetSeconds 2.5) ran out after 4 of 10 generated cases: the verdict is that of --runs 4; raise timeBudgetSeconds, add --workers, or spread the run with --shard']);
  });

  it('a skip for want of observed state in one shard is a pass when another shard observed it', () => {
    const blind = shard(1, { observable: false, compared: false }, [rule('per-key-ordering', { status: 'skip', message: 'the handler left nothing to compare' }), rule('no-silent-loss')]);
    const seeing = shard(2, {}, [rule('per-key-ordering'), rule('no-silent-loss')]);
    const merged = mergeReports([{ file: '1.json', report: blind }, { file: '2.json', report: seeing }]) as Report;
    expect(merged.rules.find((r) => r.id === 'per-key-ordering')).toMatchObject({ status: 'pass', message: 'held in 10 generated case(s)' });
  });

  it('when a rule judged first stopped the cases in every shard, its failure and the others’ skips are kept, with no case counted', () => {
    const stopped = (index: number) => shard(index, { observable: false, compared: false }, [
      rule('per-key-ordering', { status: 'skip', runs: 0, message: 'not judged: the function ran out of memory, so no case ran; once it passes, every case runs' }),
      rule('no-silent-loss', { status: 'fail', runs: 1, message: 'ran out of memory in a warm environment' }),
    ]);
    const merged = mergeReports([{ file: '1.json', report: stopped(1) }, { file: '2.json', report: stopped(2) }]) as Report;
    expect(merged.rules.map((r) => [r.id, r.status, r.runs])).toEqual([['per-key-ordering', 'skip', 0], ['no-silent-loss', 'fail', 1]]);
    expect(merged.ok).toBe(false);
    expect(merged.warnings).toEqual([]);
  });

  it('a rule judged once (not per case) keeps its shard-1 report, with the longest duration', () => {
    const mapping = (durationMs: number) => rule('mapping-config', { status: 'warn', message: 'no OnFailure destination', durationMs });
    const merged = mergeReports([{ file: '1.json', report: shard(1, {}, [mapping(5)]) }, { file: '2.json', report: shard(2, {}, [mapping(9)]) }]) as Report;
    expect(merged.rules).toEqual([{ ...mapping(9) }]);
  });
});

describe('reports that cannot be merged', () => {
  const whole = (fields: Partial<Report> = {}): Report => ({ schemaVersion: 2, tool, ok: true, seed: 7, handler: 'h.ts', source: 'dynamodb', rules: [], problems: [], warnings: [], ...fields });
  const cases: [string, Parameters<typeof mergeReports>[0], RegExp][] = [
    ['none', [], /^merge needs the JSON reports to combine/],
    ['different seeds', [{ file: 'a', report: whole() }, { file: 'b', report: whole({ seed: 8 }) }], /^the reports come from different seeds \(7, 8\); run every shard with the same --seed$/],
    ['a whole run twice', [{ file: 'a', report: whole() }, { file: 'b', report: whole() }], /^a and b both report h\.ts; pass each run's report once$/],
    ['shards mixed with a whole run', [{ file: 'a', report: shard(1, {}, []) }, { file: 'b', report: whole() }], /^h\.ts: mixes --shard reports with a whole run's \(b\)/],
    ['shards of runs split differently', [{ file: 'a', report: shard(1, {}, []) }, { file: 'b', report: shard(2, { count: 3 }, []) }], /^b: shard 2\/3 does not belong with 2 shards/],
    ['a shard twice', [{ file: 'a', report: shard(1, {}, []) }, { file: 'b', report: shard(1, {}, []) }], /^b: shard 1\/2 of h\.ts is given twice$/],
    ['a shard missing', [{ file: 'a', report: shard(2, {}, []) }], /^h\.ts: shard 1\/2 missing; pass the report of every shard$/],
    ['shards of different --runs', [{ file: 'a', report: shard(1, {}, []) }, { file: 'b', report: shard(2, { total: 30 }, []) }], /^h\.ts: b and a explored sequences of different lengths \(--runs 30 and 10\); run every shard with the same --runs$/],
    ['shards of different --rule selections', [{ file: 'a', report: shard(1, {}, [rule('no-silent-loss')]) }, { file: 'b', report: shard(2, {}, [rule('no-silent-loss'), rule('per-key-ordering')]) }], /^h\.ts: b and a judged different rules \(no-silent-loss, per-key-ordering; no-silent-loss\); run every shard with the same --rule$/],
    ['shards run under another mapping', [{ file: 'a', report: shard(1, { settings: { mapping: 'aaa', items: 'x' } }, []) }, { file: 'b', report: shard(2, { settings: { mapping: 'bbb', items: 'x' } }, []) }], /^h\.ts: b and a ran under different settings \(the mapping \(mapping, or the template\)\); run every shard from the same config, template and flags$/],
    ['shards of another mapping (reports without settings digests)', [{ file: 'a', report: shard(1, {}, []) }, { file: 'b', report: shard(2, {}, [], { handler: 'h.ts', mapping: 'BatchSize 1' }) }], /^h\.ts: b and a ran under different settings \(the mapping\)/],
  ];
  for (const [name, inputs, message] of cases) {
    it(`${name}: a user error naming the fix`, () => {
      let thrown: unknown;
      try {
        mergeReports(inputs);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UserError);
      expect((thrown as Error).message).toMatch(message);
    });
  }
});

describe('merging whole functions', () => {
  const fn = (name: string, ok: boolean): Report => ({ schemaVersion: 2, tool: { name: 'stream-conformance', version: '0' }, ok, seed: 5, function: name, handler: `${name}.ts`, source: 'dynamodb', rules: [], problems: [], warnings: [] });
  const shardOf = (index: number, functions: Report[]) => ({ tool: { name: 'stream-conformance' as const, version: '0' }, ok: functions.every((f) => f.ok), seed: 5, functions, shard: { index, count: 2, functions: ['a', 'b', 'c'] } });

  it('puts the functions back in the command’s order, one verdict for all, and wants every one', () => {
    const merged = mergeReports([{ file: '2.json', report: shardOf(2, [fn('b', false)]) }, { file: '1.json', report: shardOf(1, [fn('a', true), fn('c', true)]) }]);
    expect('functions' in merged && merged.functions.map((f) => f.function)).toEqual(['a', 'b', 'c']);
    expect('functions' in merged && merged.schemaVersion).toBe(2);
    expect(merged.ok).toBe(false);
    expect(() => mergeReports([{ file: '1.json', report: shardOf(1, [fn('a', true), fn('c', true)]) }])).toThrow(/^shard 2\/2 missing, so no report for the function b: pass the report of every shard$/);
  });

  it('a function shard given twice is named as such', () => {
    const one = shardOf(1, [fn('a', true), fn('c', true)]);
    expect(() => mergeReports([{ file: '1.json', report: one }, { file: 'copy.json', report: one }])).toThrow(/^copy\.json: shard 1\/2 is given twice \(1\.json is that shard too\); pass each shard's report once$/);
  });

  it('refuses shards of commands with other functions (a stale shard of an older template), whatever order they come in', () => {
    const older = { ...shardOf(2, [fn('b', true)]), shard: { index: 2, count: 2, functions: ['a', 'b'] } };
    const newer = shardOf(1, [fn('a', true), fn('c', false)]);
    for (const inputs of [[{ file: 'old.json', report: older }, { file: 'new.json', report: newer }], [{ file: 'new.json', report: newer }, { file: 'old.json', report: older }]]) {
      expect(() => mergeReports(inputs)).toThrow(/come from commands with different functions \(.*\); pass the shards of one run \(the same template or config\)$/);
    }
  });

  it('refuses a report of a function the command does not have', () => {
    expect(() => mergeReports([{ file: '1.json', report: shardOf(1, [fn('a', true), fn('c', true)]) }, { file: 'x.json', report: fn('d', false) }])).toThrow(
      /^x\.json reports d, which is not among the functions of 1\.json \(a, b, c\); pass the shards of one run/,
    );
  });
});

