import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateSyntaxError } from '../../../src/config/template/yaml.js';

describe('parseTemplate', () => {
  it('reads every CloudFormation short-form tag as its long form, on scalars, lists and maps', () => {
    const text = [
      'Ref: !Ref Table',
      'Dotted: !GetAtt Table.StreamArn',
      'Listed: !GetAtt [Table, StreamArn]',
      'Sub: !Sub "${Table}-x"',
      'SubList: !Sub ["${A}-${B}", { A: !Ref P, B: b }]',
      'If: !If [IsProd, 1, !Ref AWS::NoValue]',
      'Join: !Join ["-", [a, !Ref B]]',
      'Select: !Select [0, !Split [",", "a,b"]]',
      'FindInMap: !FindInMap [M, k, v]',
      'Logic: !And [!Equals [a, b], !Not [!Condition C], !Or [!Condition D, !Condition E]]',
      'Import: !ImportValue shared',
      'Base64: !Base64 { "Fn::Sub": "x" }',
      'Cidr: !Cidr [10.0.0.0/16, 4, 8]',
      'GetAZs: !GetAZs ""',
    ].join('\n');
    expect(parseTemplate(text)).toEqual({
      Ref: { Ref: 'Table' },
      Dotted: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      Listed: { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      Sub: { 'Fn::Sub': '${Table}-x' },
      SubList: { 'Fn::Sub': ['${A}-${B}', { A: { Ref: 'P' }, B: 'b' }] },
      If: { 'Fn::If': ['IsProd', 1, { Ref: 'AWS::NoValue' }] },
      Join: { 'Fn::Join': ['-', ['a', { Ref: 'B' }]] },
      Select: { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] },
      FindInMap: { 'Fn::FindInMap': ['M', 'k', 'v'] },
      Logic: {
        'Fn::And': [
          { 'Fn::Equals': ['a', 'b'] },
          { 'Fn::Not': [{ Condition: 'C' }] },
          { 'Fn::Or': [{ Condition: 'D' }, { Condition: 'E' }] },
        ],
      },
      Import: { 'Fn::ImportValue': 'shared' },
      Base64: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
      Cidr: { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] },
      GetAZs: { 'Fn::GetAZs': '' },
    });
  });

  it('reads JSON (a YAML subset) and anchors', () => {
    expect(parseTemplate('{"A": {"Fn::GetAtt": ["T", "Arn"]}}')).toEqual({ A: { 'Fn::GetAtt': ['T', 'Arn'] } });
    expect(parseTemplate('a: &x { n: 1 }\nb: *x')).toEqual({ a: { n: 1 }, b: { n: 1 } });
  });

  it('a syntax error names its line and column, on one line', () => {
    let error: unknown;
    try {
      parseTemplate('Resources:\n  A: [1,\n  B: 2');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateSyntaxError);
    expect((error as Error).message).toMatch(/^invalid YAML at line \d+, column \d+: \S/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('a tag that is no CloudFormation short form is an error naming it, not a plain string', () => {
    expect(() => parseTemplate('Resources:\n  M:\n    Properties: { EventSourceArn: !GetAttr Orders.StreamArn }')).toThrow(
      new TemplateSyntaxError('invalid YAML at line 3, column 35: unknown tag !GetAttr; the CloudFormation short forms are !Ref, !Condition, !GetAtt, !Sub, !If, !Join, !Select, !Split, !FindInMap, !Equals, !Not, !And, !Or, !ImportValue, !Base64, !Cidr, !GetAZs, !Transform, !Length, !ToJsonString'),
    );
    expect(parseTemplate('A: !!str 5')).toEqual({ A: '5' });
  });
});
