import { describe, expect, it } from 'vitest';
import { ACCOUNT, Intrinsics, intrinsicOf, referencedIds, REGION, UNRESOLVED, type Template } from '../../../src/config/template/intrinsics.js';
import { parseTemplate } from '../../../src/config/template/yaml.js';

/** A template as a user writes it: YAML with the short-form tags. */
function template(yaml: string): Template {
  return parseTemplate(yaml) as Template;
}

/** `value` (YAML, short forms allowed) evaluated in the template `around`. */
function evaluate(value: string, around: string): unknown {
  return new Intrinsics(template(around)).evaluate((parseTemplate(`Value: ${value}`) as { Value: unknown }).Value);
}

const resources = `
Parameters:
  Stage: { Type: String, Default: prod }
  Subnets: { Type: CommaDelimitedList, Default: "a, b" }
  NoDefault: { Type: String }
Mappings:
  Sizes:
    prod: { Batch: "100" }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  IsDev: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Equals ["1", 1]]
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: { TableName: !Sub "orders-\${Stage}" }
  Events:
    Type: AWS::Kinesis::Stream
    Properties: { ShardCount: 2 }
  Dlq:
    Type: AWS::SQS::Queue
    Properties: { FifoQueue: true }
  Topic:
    Type: AWS::SNS::Topic
    Properties: { TopicName: alerts }
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler }
  DevOnly:
    Type: AWS::SQS::Queue
    Condition: IsDev
`;

describe('Intrinsics.evaluate: what a deployment with default parameters would give', () => {
  it('Ref: a parameter\'s default (a list for CommaDelimitedList), a pseudo parameter, a resource\'s name', () => {
    expect(evaluate('!Ref Stage', resources)).toBe('prod');
    expect(evaluate('!Ref Subnets', resources)).toEqual(['a', 'b']);
    expect(evaluate('!Ref AWS::Region', resources)).toBe(REGION);
    expect(evaluate('{ Ref: AWS::AccountId }', resources)).toBe(ACCOUNT);
    expect(evaluate('!Ref Orders', resources)).toBe('orders-prod');
    expect(evaluate('!Ref Fn', resources)).toBe('Fn');
  });

  it('Ref of a topic is its ARN, of a queue its URL (a FIFO queue without a name gets .fifo)', () => {
    expect(evaluate('!Ref Topic', resources)).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:alerts`);
    expect(evaluate('!Ref Dlq', resources)).toBe(`https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/Dlq.fifo`);
  });

  it('Fn::GetAtt, long and short forms, gives the ARNs a stream mapping refers to', () => {
    expect(evaluate('!GetAtt Orders.StreamArn', resources)).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders-prod/stream/1970-01-01T00:00:00.000`);
    expect(evaluate('{ "Fn::GetAtt": [Events, Arn] }', resources)).toBe(`arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/Events`);
    expect(evaluate('!GetAtt [Dlq, Arn]', resources)).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:Dlq.fifo`);
    expect(evaluate('!GetAtt Fn.Arn', resources)).toBe(`arn:aws:lambda:${REGION}:${ACCOUNT}:function:Fn`);
    expect(evaluate('!GetAtt Topic.TopicName', resources)).toBe('alerts');
  });

  it('Fn::Sub: parameters, pseudo parameters, ${Id.Attr}, its own variables, and ${!Literal} kept literal', () => {
    expect(evaluate('!Sub "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:dlq-${Stage}"', resources)).toBe(`arn:aws:sqs:${REGION}:${ACCOUNT}:dlq-prod`);
    expect(evaluate('!Sub "${Orders.Arn}/index/*"', resources)).toBe(`arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders-prod/index/*`);
    expect(evaluate('!Sub ["${Name}-${Stage}", { Name: !Ref Topic }]', resources)).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:alerts-prod`);
    expect(evaluate('!Sub "${!Stage} is ${ Stage }"', resources)).toBe('${Stage} is prod');
  });

  it('Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap (with its DefaultValue), Fn::Base64, Fn::GetAZs, Fn::Length', () => {
    expect(evaluate('!Join [":", [a, !Ref Stage, 3]]', resources)).toBe('a:prod:3');
    expect(evaluate('!Select [1, !Split [",", "x,y,z"]]', resources)).toBe('y');
    expect(evaluate('!Select ["2", [x, y, z]]', resources)).toBe('z');
    // an index that is not a whole number is not read as one (an empty text is not 0)
    for (const index of ['""', '"1.5"', '"-1"', '" 1"']) expect(evaluate(`!Select [${index}, [x, y, z]]`, resources), index).toBe(UNRESOLVED);
    expect(evaluate('!FindInMap [Sizes, !Ref Stage, Batch]', resources)).toBe('100');
    expect(evaluate('!FindInMap [Sizes, dev, Batch, { DefaultValue: "10" }]', resources)).toBe('10');
    expect(evaluate('!Base64 hi', resources)).toBe('aGk=');
    expect(evaluate('!GetAZs ""', resources)).toEqual([`${REGION}a`, `${REGION}b`, `${REGION}c`]);
    expect(evaluate('!Length [1, 2, 3]', resources)).toBe(3);
  });

  it('conditions: Fn::Equals, Fn::Not, Fn::And, Fn::If, and AWS::NoValue leaving a property out', () => {
    expect(evaluate('!If [IsProd, 3, 0]', resources)).toBe(3);
    expect(evaluate('!If [IsDev, 3, 0]', resources)).toBe(0);
    expect(evaluate('!Condition Both', resources)).toBe(true);
    expect(evaluate('{ A: 1, B: !If [IsProd, !Ref AWS::NoValue, 2] }', resources)).toEqual({ A: 1 });
    expect(evaluate('[1, !If [IsDev, 2, !Ref AWS::NoValue]]', resources)).toEqual([1]);
  });

  it('is UNRESOLVED for what only a deployment knows, and for anything built from it', () => {
    for (const value of ['!ImportValue shared-stream-arn', '!Ref NoDefault', '!GetAtt Orders.NoSuchAttribute', '!GetAtt Missing.Arn', '!Cidr ["10.0.0.0/16", 2, 8]',
      '!Sub "${NoDefault}-x"', '!Join ["", [a, !ImportValue x]]', '{ A: 1, B: !ImportValue x }', '!If [NoSuchCondition, 1, 2]', '!Select [5, [a]]', '!Select [!ImportValue i, [a]]']) {
      expect(evaluate(value, resources), value).toBe(UNRESOLVED);
    }
  });
});

describe('Intrinsics: a reference to something the template does not declare', () => {
  /** Evaluated as a CloudFormation or SAM template is read (its name given for messages). */
  const strict = (value: string, around = resources) => new Intrinsics(template(around), 'template.yaml').evaluate((parseTemplate(`Value: ${value}`) as { Value: unknown }).Value);

  it('is a mistake CloudFormation rejects: one line naming it and the nearest declared name', () => {
    expect(() => strict('!Ref Order')).toThrow(/^template\.yaml: !Ref Order names no resource or parameter of the template \(did you mean Orders\?\); CloudFormation rejects such a template \(Unresolved resource dependencies \[Order\]\): fix the name$/);
    expect(() => strict('!GetAtt Ordrs.StreamArn')).toThrow(/^template\.yaml: !GetAtt Ordrs\.StreamArn names no resource of the template \(did you mean Orders\?\)/);
    expect(() => strict('!Sub "${Stag}-x"')).toThrow(/!Sub \$\{Stag\} names no resource or parameter of the template \(did you mean Stage\?\)/);
    expect(() => strict('!Sub "${Topc.TopicName}"')).toThrow(/!Sub \$\{Topc\.TopicName\} names no resource of the template \(did you mean Topic\?\)/);
    expect(() => strict('!FindInMap [Size, prod, Batch]')).toThrow(/^template\.yaml: !FindInMap \[Size, prod, Batch\] names the mapping Size, which the template does not declare \(its Mappings declare Sizes; did you mean Sizes\?\); CloudFormation rejects such a template: declare it, or fix the name$/);
    expect(() => strict('!If [IsProduction, 1, 2]')).toThrow(/!If \[IsProduction, …\] names the condition IsProduction, which the template does not declare \(its Conditions declare IsProd, IsDev, Both; did you mean IsProd\?\)/);
    expect(() => strict('!FindInMap [Sizes, prod, Batch]', 'Resources: {}')).toThrow(/which the template does not declare \(the template has no Mappings section\)/);
  });

  it('is not one for what only a deployment knows, nor for names SAM or a macro makes', () => {
    expect(strict('!ImportValue shared-stream-arn')).toBe(UNRESOLVED);
    expect(strict('!Ref NoDefault')).toBe(UNRESOLVED);
    // a missing entry of a declared mapping: another parameter value may have it
    expect(strict('!FindInMap [Sizes, dev, Batch]')).toBe(UNRESOLVED);
    expect(strict('!Ref FnRole')).toBe(UNRESOLVED);
    expect(strict('!GetAtt ServerlessRestApi.RootResourceId')).toBe(UNRESOLVED);
    expect(strict('!Ref Unknown', `Transform: [AWS::Serverless-2016-10-31, MyMacro]\n${resources}`)).toBe(UNRESOLVED);
    // a serverless.yml's template (read without a name) adds resources of the framework's own
    expect(evaluate('!Ref IamRoleLambdaExecution', resources)).toBe(UNRESOLVED);
  });
});

describe('Intrinsics.evaluateKnown', () => {
  it('leaves out what cannot be evaluated and names each left-out path', () => {
    const missing: string[] = [];
    const intrinsics = new Intrinsics(template(resources));
    const value = parseTemplate(`
BatchSize: !ImportValue batch
MaximumRetryAttempts: !If [IsProd, 3, 0]
DestinationConfig: { OnFailure: { Destination: !Sub "\${Dlq.Arn}-\${NoDefault}" } }
FunctionResponseTypes: [ReportBatchItemFailures, !ImportValue more]
`);
    expect(intrinsics.evaluateKnown(value, '', (path) => missing.push(path))).toEqual({
      MaximumRetryAttempts: 3,
      DestinationConfig: { OnFailure: {} },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    expect(missing).toEqual(['BatchSize', 'DestinationConfig.OnFailure.Destination', 'FunctionResponseTypes[1]']);
  });
});

describe('Intrinsics: conditions and resources', () => {
  const intrinsics = new Intrinsics(template(resources));

  it('tells whether a condition holds, and undefined for one it does not know', () => {
    expect([intrinsics.condition('IsProd'), intrinsics.condition('IsDev'), intrinsics.condition('Nope')]).toEqual([true, false, undefined]);
  });

  it('leaves out resources whose Condition is false', () => {
    const ids = intrinsics.resources().map(([id]) => id);
    expect(ids).toContain('Dlq');
    expect(ids).not.toContain('DevOnly');
  });
});

describe('intrinsicOf and referencedIds', () => {
  it('an intrinsic is an object of exactly one Ref, Condition or Fn:: key', () => {
    expect(intrinsicOf({ Ref: 'A' })).toEqual({ name: 'Ref', argument: 'A' });
    expect(intrinsicOf({ 'Fn::Sub': 'x' })).toEqual({ name: 'Fn::Sub', argument: 'x' });
    expect(intrinsicOf({ Ref: 'A', Other: 1 })).toBeUndefined();
    expect(intrinsicOf({ Type: 'AWS::SQS::Queue' })).toBeUndefined();
    expect(intrinsicOf(['Ref'])).toBeUndefined();
  });

  it('finds the ids a value refers to, in order, once each: Ref, GetAtt and ${…} in Sub, not ${!…}', () => {
    const value = parseTemplate(`
- !Ref Orders
- !GetAtt Events.Arn
- { "Fn::GetAtt": [Dlq, Arn] }
- !Sub "arn:\${AWS::Partition}:\${Topic.TopicName}:\${!Literal}:\${ Orders }"
- !Sub ["\${X}", { X: !Ref Fn }]
`);
    expect(referencedIds(value)).toEqual(['Orders', 'Events', 'Dlq', 'AWS::Partition', 'Topic', 'X', 'Fn']);
  });

  it('passes over a malformed Fn::GetAtt instead of failing on it', () => {
    expect(referencedIds([{ 'Fn::GetAtt': null }, { 'Fn::GetAtt': { A: 1 } }, { Ref: 'B' }])).toEqual(['B']);
  });
});
