import type { DynamoDBRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../properties/evidence.js';
import { sourceKeyOf } from '../../src/core/record-key.js';
import { caseArbitrary } from '../../src/judge/case.js';
import { applyReduction, isEmptyReduction, minimize } from '../../src/judge/minimize.js';

const cases = caseArbitrary({ source: 'dynamodb', config: {} });
const keysOf = (c: Case) => new Set(c.shards.flatMap((s) => s.records.map((r) => sourceKeyOf(r, 'dynamodb').id)));
const finalKeysOf = (c: Case) => new Set((c.finalItems ?? []).map((item) => `pk=${(item.pk as { S: string }).S}`));

describe('minimizing a shrunk case', () => {
  it('a key taken out leaves with all its records and its final item', () =>
    fc.assert(fc.property(cases, fc.nat(), (c, pick) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const key = keys[pick % keys.length]!;
      const reduced = applyReduction(c, { keys: [key] }, 'dynamodb');
      expect(keysOf(reduced).has(key)).toBe(false);
      expect(finalKeysOf(reduced).has(key)).toBe(false);
      for (const other of keys.filter((k) => k !== key)) expect(keysOf(reduced).has(other)).toBe(true);
      expect([...finalKeysOf(reduced)].every((k) => finalKeysOf(c).has(k))).toBe(true);
    })));

  it("leaving out a key's earliest records keeps its later records in order, and every final item", () =>
    fc.assert(fc.property(cases, fc.nat(), fc.nat({ max: 3 }), (c, pick, n) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const key = keys[pick % keys.length]!;
      const ofKey = (x: Case) => x.shards.flatMap((s) => s.records).filter((r) => sourceKeyOf(r, 'dynamodb').id === key);
      const reduced = applyReduction(c, { earliest: { [key]: n } }, 'dynamodb');
      expect(ofKey(reduced)).toEqual(ofKey(c).slice(n));
      expect(reduced.finalItems).toEqual(c.finalItems);
    })));

  it('takes out every fault the failure does not need, and every key but the ones it needs', () =>
    fc.assert(fc.asyncProperty(cases, async (c) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const needed = keys[0]!;
      // a failure that needs the first key and the first call fault, and nothing else
      const neededFault = c.faults.calls[0];
      const fails = async (candidate: Case) => keysOf(candidate).has(needed) && (neededFault === undefined || candidate.faults.calls.includes(neededFault));
      const reduction = await minimize(c, 'dynamodb', fails);
      const reduced = applyReduction(c, reduction, 'dynamodb');
      expect(await fails(reduced)).toBe(true);
      expect([...keysOf(reduced)]).toEqual([needed]);
      // the needed key's earliest records went too: only its last record is needed here
      expect(reduced.shards.flatMap((s) => s.records)).toHaveLength(1);
      expect(reduced.faults.calls).toEqual(neededFault === undefined ? [] : [neededFault]);
      expect(reduced.faults.invocations).toEqual([]);
      expect(reduced.faults.reorder).toBe(false);
    }), { numRuns: 50 }));

  it('a failure that needs everything keeps the case whole', async () => {
    const [c] = fc.sample(cases, { seed: 4, numRuns: 1 });
    const reduction = await minimize(c!, 'dynamodb', async (candidate) => JSON.stringify(candidate) === JSON.stringify(c));
    expect(isEmptyReduction(reduction)).toBe(true);
  });

  it("leaving out a key's latest records makes its final item the last kept record's new image, or takes it out after a REMOVE", () =>
    fc.assert(fc.property(cases, fc.nat(), fc.nat({ max: 3 }), (c, pick, n) => {
      const keys = [...keysOf(c)];
      fc.pre(keys.length > 0);
      const key = keys[pick % keys.length]!;
      const ofKey = (x: Case) => x.shards.flatMap((s) => s.records).filter((r) => sourceKeyOf(r, 'dynamodb').id === key) as DynamoDBRecord[];
      fc.pre(ofKey(c).length > n);
      const reduced = applyReduction(c, { latest: { [key]: n } }, 'dynamodb');
      expect(ofKey(reduced)).toEqual(ofKey(c).slice(0, ofKey(c).length - n));
      const last = ofKey(reduced).at(-1)!;
      const final = (reduced.finalItems ?? []).find((item) => `pk=${(item.pk as { S: string }).S}` === key);
      if (n === 0) expect(final).toEqual(c.finalItems!.find((item) => `pk=${(item.pk as { S: string }).S}` === key));
      else expect(final).toEqual(last.eventName === 'REMOVE' ? undefined : last.dynamodb!.NewImage);
    })));

  it('moves faults aimed at a call index up by the shift, and drops those moved before the first call', () => {
    const [c] = fc.sample(cases, { seed: 1, numRuns: 1 });
    const faults = { ...c!.faults, calls: [{ kind: 'error' as const, call: 0, error: 'throttling' as const, attempts: 1 }, { kind: 'partial-batch' as const, call: 3, failed: [0] }, { kind: 'poison' as const, values: ['x'] }] };
    expect(applyReduction({ ...c!, faults }, { callShift: 2 }, 'dynamodb').faults.calls).toEqual([{ kind: 'partial-batch', call: 1, failed: [0] }, { kind: 'poison', values: ['x'] }]);
  });

  const sampled = fc.sample(cases, { seed: 7, numRuns: 300 });
  const oneKey = (least: number) => sampled.find((c) => keysOf(c).size === 1 && c.shards[0]!.records.length >= least)!;
  const recordsOf = (c: Case) => c.shards.flatMap((s) => s.records).length;

  it('a record left out renumbers the calls after it: the failing call fault follows its record', async () => {
    const c = oneKey(4);
    const n = recordsOf(c);
    // each record makes one call, and the failure needs the last record's call to fail
    const whole = { ...c, faults: { ...c.faults, reorder: false, invocations: [], calls: [{ kind: 'error' as const, call: n - 1, error: 'throttling' as const, attempts: 1 }] } };
    const fails = async (x: Case) => recordsOf(x) >= 2 && x.faults.calls.some((f) => f.kind === 'error' && f.call === recordsOf(x) - 1);
    const reduced = applyReduction(whole, await minimize(whole, 'dynamodb', fails), 'dynamodb');
    expect(recordsOf(reduced)).toBe(2);
    expect(reduced.faults.calls).toEqual([{ kind: 'error', call: 1, error: 'throttling', attempts: 1 }]);
  });

  it('a record left out redraws the completion order: another order is tried, and the faults the fewer records no longer need go', async () => {
    const c = oneKey(3);
    const n = recordsOf(c);
    const whole = { ...c, faults: { ...c.faults, reorder: true, seed: 5, invocations: [], calls: [{ kind: 'error' as const, call: 0, error: 'throttling' as const, attempts: 99 }] } };
    // with every record the failure needs the throttle; with fewer, only an order drawn from another seed
    const fails = async (x: Case) => x.faults.reorder && (recordsOf(x) === n ? x.faults.calls.length === 1 : x.faults.seed !== 5);
    const reduced = applyReduction(whole, await minimize(whole, 'dynamodb', fails), 'dynamodb');
    expect(recordsOf(reduced)).toBe(1);
    expect(reduced.faults.calls).toEqual([]);
    expect(reduced.faults.seed).not.toBe(5);
  });
});
