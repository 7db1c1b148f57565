import { expectedState } from '../../properties/expected-state.js';
import { difference, evidence, skipContext, testRule } from './rule-tester.js';
import { describe, expect, it } from 'vitest';
import type { Difference } from '../../src/judge/differences.js';
import type { CaseEvidence, ClassifiedDifference } from '../../properties/evidence.js';
import { ddb, seqs, shardOf } from '../support/records.js';
import type { MappingInput } from '../../src/model/mapping.js';

testRule(expectedState, {
  valid: [
    { name: 'no expectation configured', input: evidence() },
    { name: 'both runs end with the expected tables', input: evidence({ expectation: { by: 'mirror', reference: [], adversarial: [] } }) },
  ],
  invalid: [
    {
      name: 'the reference run lacks an expected item',
      input: evidence({ expectation: { by: 'mirror', reference: [difference()], adversarial: [] } }),
      message: /^after the reference run, table out lacks \["a"\]$/,
    },
    {
      name: 'the adversarial run holds an unexpected item',
      input: evidence({ expectation: { by: 'mirror', reference: [], adversarial: [difference({ kind: 'extra' })] } }),
      message: /^after the adversarial run, table out holds an unexpected \["a"\]$/,
    },
  ],
  skips: [
    { name: 'no expectation', input: skipContext(), reason: /^no expectation configured: set downstream\.expect\.mirror, or downstream\.expect\.state \(a function, in a conformance\.config\.ts or \.js\)$/ },
    { name: 'no expectation on Kinesis: never a mirror', input: skipContext({ source: 'kinesis' }), reason: /^no expectation configured: set downstream\.expect\.state, a function of the records \(in a conformance\.config\.ts or \.js\)$/ },
    { name: 'a mirror of a Kinesis stream', input: skipContext({ source: 'kinesis', expects: { mirror: true, state: false } }), reason: /needs a DynamoDB source table; use downstream\.expect\.state$/ },
    { name: 'a stated expectation on Kinesis', input: skipContext({ source: 'kinesis', expects: { mirror: false, state: true } }), reason: undefined },
    { name: 'a mirror of a DynamoDB table', input: skipContext({ expects: { mirror: true, state: false } }), reason: undefined },
    {
      name: 'a consumer that writes no table and no search index (SNS, S3, HTTP): nothing an expectation could state',
      input: skipContext({ declared: { tables: [], search: false, http: true, custom: false } }),
      reason: /^not applicable: it compares declared tables or search indexes with a stated expectation, and this consumer declares neither \(what it sends is judged by the differential rules\)$/,
    },
    { name: 'a consumer with a declared table and no expectation is told how to state one', input: skipContext({ declared: { tables: ['replica'], search: false, http: false, custom: false } }), reason: /^no expectation configured: set downstream\.expect\.mirror/ },
  ],
});

const diff = (keys: string[]): Difference => ({ kind: 'changed', where: 'table replica', id: '[{"S":"a"}]', expected: { v: 2 }, actual: { v: 1 }, keys });
const classified = (rule: ClassifiedDifference['rule'], keys: string[]): ClassifiedDifference => ({ ...diff(keys), rule, reason: 'an older image overwrote a newer one' });
const caseEvidence = (expectation: CaseEvidence['expectation'], differences: ClassifiedDifference[] | undefined) => evidence({ expectation, differences });

describe('expected-state names a cause another rule already reports', () => {
  it('met in the reference run, missed in the adversarial one on keys per-key-ordering explains: same cause', () => {
    const finding = expectedState.judgeCase!(caseEvidence({ by: 'mirror', reference: [], adversarial: [diff(['pk=a'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding).toMatchObject({ run: 'adversarial', sameCauseAs: 'per-key-ordering' });
    expect(finding!.message).toMatch(/^same cause as per-key-ordering: after the adversarial run, table replica has a different/);
  });

  it('a key no other rule explains keeps the finding its own', () => {
    const finding = expectedState.judgeCase!(caseEvidence({ by: 'mirror', reference: [], adversarial: [diff(['pk=a']), diff(['pk=b'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding?.sameCauseAs).toBeUndefined();
  });

  it('missed in the reference run (exactly-once delivery): always its own finding', () => {
    const finding = expectedState.judgeCase!(caseEvidence({ by: 'mirror', reference: [diff(['pk=a'])], adversarial: [diff(['pk=a'])] }, [classified('per-key-ordering', ['pk=a'])]));
    expect(finding).toMatchObject({ run: 'reference' });
    expect(finding?.sameCauseAs).toBeUndefined();
  });
});

describe("expected-state names the mapping's filter when it kept the failing keys' records from the handler", () => {
  const removeOnly = { FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] } };
  const expired = (seq: string, key: string) => ({ ...ddb(seq, { key, eventName: 'REMOVE' }), userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } });
  const [s1, s2, s3] = seqs(3);
  const shards = [shardOf([ddb(s1!, { key: 'a', eventName: 'INSERT' }), expired(s2!, 'a'), ddb(s3!, { key: 'b', eventName: 'INSERT' })])];
  const held = (keys: string[]): Difference => ({ kind: 'extra', where: 'table replica', id: '[{"S":"a"}]', expected: undefined, actual: { pk: 'a' }, keys });
  const judged = (by: 'mirror' | 'state', diffs: Difference[], mappingInput: MappingInput = removeOnly) =>
    expectedState.judgeCase!(evidence({ advShards: shards, mappingInput, expectation: { by, reference: diffs, adversarial: diffs } }));

  it('a TTL deletion the filter dropped: the message, production and fix name the filter, not the handler', () => {
    const finding = judged('mirror', [held(['pk=a'])])!;
    expect(finding.message).toBe("after the reference run, table replica holds an unexpected [{\"S\":\"a\"}]: the mapping's FilterCriteria dropped that key's REMOVE record written by TTL expiry, so the handler never received it");
    expect(finding.production).toMatch(/never reflects the records the filter drops \(here the REMOVE record written by TTL expiry\)/);
    expect(finding.fix).toMatch(/^Records of the failing keys never reached the handler: the mapping's FilterCriteria dropped the REMOVE record written by TTL expiry \(pk=a\)\. A dropped record reaches neither/);
    expect(finding.fix).toMatch(/replace downstream\.expect\.mirror with downstream\.expect\.state/);
    expect(finding.fix).not.toMatch(/how the handler treats REMOVE/);
  });

  it('with downstream.expect.state configured, the fix does not advise configuring it', () => {
    const finding = judged('state', [held(['pk=a'])])!;
    expect(finding.fix).toMatch(/make downstream\.expect\.state leave them out/);
    expect(finding.fix).not.toMatch(/expect\.mirror/);
  });

  it('failing keys the filter did not touch keep the handler advice beside it', () => {
    const finding = judged('mirror', [held(['pk=a']), { ...held(['pk=b']), id: '[{"S":"b"}]' }])!;
    expect(finding.fix).toMatch(/For the other failing keys: Compare the failing keys below: check how the handler treats REMOVE/);
  });

  it("a filter's anything-but on a field the record lacks: the finding says why it matched nothing, and how to let such records through", () => {
    // the trap: "keep everything but TTL deletions" written as anything-but on userIdentity, which user writes do not have
    const notTtl = { FilterCriteria: { Filters: [{ Pattern: '{"userIdentity":{"principalId":[{"anything-but":["dynamodb.amazonaws.com"]}]}}' }] } };
    const deleted = [shardOf([ddb(s1!, { key: 'a', eventName: 'INSERT' }), ddb(s2!, { key: 'a', eventName: 'REMOVE' })])];
    const finding = expectedState.judgeCase!(evidence({ advShards: deleted, mappingInput: notTtl, expectation: { by: 'mirror', reference: [held(['pk=a'])], adversarial: [held(['pk=a'])] } }))!;
    expect(finding.message).toMatch(/dropped that key's 1 INSERT record, 1 REMOVE record, so the handler never received them/);
    expect(finding.message).toMatch(/: they have no userIdentity\.principalId, and a filter pattern matches only records that have the fields it names, `anything-but` included$/);
    expect(finding.fix).toContain('A pattern on userIdentity.principalId never matches a record without it, whatever the operator. Only TTL deletions carry userIdentity');
    expect(finding.fix).toContain('add the same filter for records without it: {"Pattern":"{\\"userIdentity\\":{\\"principalId\\":[{\\"exists\\":false}]}}"}');
    // the TTL deletion the same filter drops for its value, not for a missing field: only the INSERT lacks the field
    expect(judged('mirror', [held(['pk=a'])], notTtl)!.message).toMatch(/dropped that key's 1 INSERT record, 1 REMOVE record written by TTL expiry, so the handler never received them: the INSERT record has no userIdentity\.principalId, and/);
    // no record of the key lacks the field: no such sentence
    const ttlOnly = { FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"],"userIdentity":{"principalId":[{"anything-but":["dynamodb.amazonaws.com"]}]}}' }] } };
    const expiredOnly = [shardOf([expired(s2!, 'a')])];
    const plain = expectedState.judgeCase!(evidence({ advShards: expiredOnly, mappingInput: ttlOnly, expectation: { by: 'mirror', reference: [held(['pk=a'])], adversarial: [held(['pk=a'])] } }))!;
    expect(plain.message).toMatch(/so the handler never received it$/);
    expect(plain.fix).not.toContain('never matches a record without it');
  });

  it('no filter, or a filter that kept every record of the failing keys: the rule’s own texts', () => {
    for (const mappingInput of [{}, { FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY","REMOVE"]}' }] } }]) {
      const finding = judged('mirror', [held(['pk=a'])], mappingInput)!;
      expect(finding.message).toBe('after the reference run, table replica holds an unexpected [{"S":"a"}]');
      expect(finding.fix).toBeUndefined();
      expect(finding.production).toBeUndefined();
    }
    const onlyB = judged('mirror', [{ ...held(['pk=b']), id: '[{"S":"b"}]' }])!;
    expect(onlyB.fix).toBeUndefined();
  });
});
