import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readStreamMappings, withoutHash } from '../../../src/config/template/cloudformation.js';
import { ACCOUNT, REGION, type Template } from '../../../src/config/template/intrinsics.js';
import { parseTemplate } from '../../../src/config/template/yaml.js';

const dir = '/project/infra';

function mappingsOf(yaml: string) {
  return readStreamMappings(parseTemplate(yaml) as Template, dir);
}

const sam = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  Stage: { Type: String, Default: prod }
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Globals:
  Function:
    Timeout: 15
    Environment: { Variables: { STAGE: !Ref Stage, REGION: !Ref AWS::Region } }
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "orders-\${Stage}"
      KeySchema: [{ AttributeName: orderId, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: orderId, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
      BillingMode: PAY_PER_REQUEST
  Projection:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
  Clicks:
    Type: AWS::Kinesis::Stream
    Properties: { Name: clicks, ShardCount: "4" }
  Dlq:
    Type: AWS::SQS::Queue
  ProjectFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../src/
      Handler: project.handler
      MemorySize: 512
      Environment: { Variables: { TABLE: !Ref Projection } }
      Events:
        OrdersStream:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Orders.StreamArn
            StartingPosition: TRIM_HORIZON
            BatchSize: "25"
            BisectBatchOnFunctionError: "true"
            MaximumRetryAttempts: !If [IsProd, 3, 0]
            FunctionResponseTypes: [ReportBatchItemFailures]
            DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt Dlq.Arn } }
            FilterCriteria:
              Filters:
                - Pattern: { eventName: [INSERT, MODIFY] }
                - Pattern: '{"dynamodb": {"NewImage": {"status": {"S": ["DONE"]}}}}'
        Api:
          Type: Api
          Properties: { Path: /orders, Method: get }
  ClickFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ../src/
      Handler: clicks.handler
      Events:
        Clicks:
          Type: Kinesis
          Properties: { Stream: !GetAtt Clicks.Arn, StartingPosition: LATEST, ParallelizationFactor: 2 }
`;

describe('readStreamMappings: SAM Events of type DynamoDB and Kinesis', () => {
  const [orders, clicks, ...others] = mappingsOf(sam);

  it('finds one mapping per stream event, none for other events', () => {
    expect(others).toEqual([]);
    expect([orders!.id, orders!.kind, clicks!.id]).toEqual(['ProjectFunction/OrdersStream', 'AWS::Serverless::Function event', 'ClickFunction/Clicks']);
    expect(orders!.names).toEqual(['ProjectFunction/OrdersStream', 'ProjectFunction', 'OrdersStream']);
  });

  it('evaluates the mapping\'s properties, typing numbers and booleans written as strings', () => {
    expect(orders!.config.source).toBe('dynamodb');
    expect(orders!.config.mapping).toEqual({
      BatchSize: 25,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // SAM's OnFailure Type is dropped: a mapping's DestinationConfig has only the Destination
      DestinationConfig: { OnFailure: { Destination: `arn:aws:sqs:${REGION}:${ACCOUNT}:Dlq` } },
      // a pattern written as YAML becomes the JSON string Lambda takes
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }, { Pattern: '{"dynamodb": {"NewImage": {"status": {"S": ["DONE"]}}}}' }] },
    });
    expect(orders!.warnings).toEqual([]);
  });

  it('reads the source table the stream belongs to, with the keys CreateTable needs', () => {
    expect(orders!.config.table).toEqual({
      TableName: 'orders-prod',
      KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('reads the function: Globals under its own settings, the tables its environment names as downstream', () => {
    expect(orders!.config.function).toEqual({ Timeout: 15, MemorySize: 512, Environment: { Variables: { STAGE: 'prod', REGION, TABLE: 'Projection' } } });
    expect(orders!.config.downstream).toEqual({
      dynamodb: { tables: [{ TableName: 'Projection', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }] },
    });
    expect(orders!.fn).toEqual({
      id: 'ProjectFunction',
      handler: 'project.handler',
      modules: [{ path: '/project/src/project', exact: false, bundled: false, exportName: 'handler' }],
      names: ['ProjectFunction'],
    });
  });

  it('a Kinesis event: the source, the stream with its shard count', () => {
    expect(clicks!.config).toMatchObject({
      source: 'kinesis',
      stream: { Name: 'clicks', ShardCount: 4 },
      mapping: { StartingPosition: 'LATEST', ParallelizationFactor: 2 },
    });
    expect(clicks!.config.table).toBeUndefined();
  });
});

describe('readStreamMappings: AWS::Lambda::EventSourceMapping', () => {
  const cfn = (mapping: string, extra = '') => mappingsOf(`
Conditions:
  Never: !Equals [a, b]
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: { KeySchema: [{ AttributeName: pk, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: pk, AttributeType: S }] }
  Worker:
    Type: AWS::Lambda::Function
    Properties: { FunctionName: orders-worker, Handler: dist/worker.main, Code: ../build, Runtime: nodejs20.x }
  Live:
    Type: AWS::Lambda::Alias
    Properties: { FunctionName: !Ref Worker, FunctionVersion: "1", Name: live }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
${mapping}
${extra}`);

  it('follows FunctionName and EventSourceArn through Ref, GetAtt, an alias, a name or a Sub-built ARN', () => {
    for (const [functionName, arn] of [
      ['!Ref Worker', '!GetAtt Orders.StreamArn'],
      ['!GetAtt Worker.Arn', '!Sub "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/Orders/stream/2026-01-01T00:00:00.000"'],
      ['!Ref Live', `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/Orders/stream/label`],
      [`"arn:aws:lambda:${REGION}:${ACCOUNT}:function:orders-worker:live"`, '!GetAtt Orders.StreamArn'],
    ]) {
      const [mapping] = cfn(`      FunctionName: ${functionName}\n      EventSourceArn: ${arn}\n      StartingPosition: LATEST`);
      expect(mapping?.fn?.id, `${functionName} / ${arn}`).toBe('Worker');
      expect(mapping?.config.table?.KeySchema, arn).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
      expect(mapping?.names).toEqual(['Mapping', 'Worker']);
    }
  });

  it('ignores mappings on queues, and those whose Condition is false', () => {
    expect(cfn('      FunctionName: !Ref Worker\n      EventSourceArn: arn:aws:sqs:us-east-1:123456789012:jobs')).toEqual([]);
    expect(cfn('      FunctionName: !Ref Worker\n      EventSourceArn: !GetAtt Orders.StreamArn\n      StartingPosition: LATEST\n    Condition: Never')).toEqual([]);
  });

  it('warns, in one line naming the path, about a value only a deployment knows, and leaves it out', () => {
    const [mapping] = cfn('      FunctionName: !Ref Worker\n      EventSourceArn: !GetAtt Orders.StreamArn\n      StartingPosition: LATEST\n      BatchSize: !ImportValue shared-batch-size\n      MaximumRetryAttempts: !Ref NoSuchParameter');
    expect(mapping!.config.mapping).toEqual({ StartingPosition: 'LATEST' });
    expect(mapping!.warnings).toEqual([
      'template: Mapping mapping.BatchSize: cannot be resolved from the template alone; left out (set mapping.BatchSize in a config, and the template gives the rest)',
      'template: Mapping mapping.MaximumRetryAttempts: cannot be resolved from the template alone; left out (set mapping.MaximumRetryAttempts in a config, and the template gives the rest)',
    ]);
    expect(mapping!.unresolved?.map((u) => u.configPath)).toEqual(['mapping.BatchSize', 'mapping.MaximumRetryAttempts']);
  });

  it('warns when the function or the source table is not in the template', () => {
    const [mapping] = cfn(`      FunctionName: other-stack-fn\n      EventSourceArn: arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/elsewhere/stream/label\n      StartingPosition: LATEST`);
    expect(mapping!.fn).toBeUndefined();
    expect(mapping!.warnings).toEqual([
      'template: Mapping reads a table that is not in the template; set table in the config',
      'template: Mapping: its function other-stack-fn is not in the template; function settings and downstream tables are not read',
    ]);
  });
});

describe('readStreamMappings: an EventSourceArn only a deployment knows', () => {
  it('keeps the mapping (its StartingPosition makes it a stream mapping) and says the source is unknown, in one line', () => {
    const [mapping, ...others] = mappingsOf(`
Resources:
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: worker, EventSourceArn: !ImportValue shared-orders-stream, StartingPosition: LATEST }
`);
    expect(others).toEqual([]);
    expect(mapping!.config).toEqual({ mapping: { StartingPosition: 'LATEST' } });
    const warning = 'template: Mapping.EventSourceArn: cannot be resolved from the template alone, so the source is unknown; set source (and table for DynamoDB Streams) in the config';
    expect(mapping!.warnings).toContain(warning);
    expect(mapping!.unresolved).toEqual([{ warning, configPath: 'source' }]);
  });
});

describe('readStreamMappings on any template', () => {
  // Real resource types, property names and intrinsics, nested at random: malformed templates included.
  const ids = ['A', 'B', 'Fn', 'T', 'S'];
  const types = ['AWS::Lambda::EventSourceMapping', 'AWS::Serverless::Function', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table', 'AWS::Kinesis::Stream',
    'AWS::Kinesis::StreamConsumer', 'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::Lambda::Alias', 'AWS::Serverless::SimpleTable', 'AWS::SQS::Queue'];
  const keys = ['FunctionName', 'EventSourceArn', 'StartingPosition', 'BatchSize', 'Events', 'Type', 'Properties', 'Stream', 'Handler', 'CodeUri', 'Code',
    'Environment', 'Variables', 'Policies', 'Role', 'Roles', 'PolicyDocument', 'StreamARN', 'TableName', 'KeySchema', 'PrimaryKey', 'DestinationConfig',
    'OnFailure', 'Destination', 'FilterCriteria', 'Filters', 'Pattern', 'TimeToLiveSpecification', 'StreamSpecification', 'BuildProperties', 'EntryPoints',
    'aws:asset:path', 'aws:cdk:path', 'Timeout', 'ShardCount'];
  const functions = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::If', 'Fn::FindInMap', 'Fn::Equals', 'Fn::Not', 'Fn::And',
    'Fn::Or', 'Condition', 'Fn::ImportValue', 'Fn::Base64', 'Fn::Length', 'Fn::ToJsonString'];
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, fc.constantFrom(null, true, 0, 5, '', 'A.Arn', '${A}', '${A.Arn}', 'LATEST', 'DynamoDB', 'Kinesis',
      `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/T/stream/x`, `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/S`, ...types, ...ids), tie('object'), tie('array'), tie('intrinsic')),
    object: fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 4 }),
    array: fc.array(tie('value'), { maxLength: 3 }),
    intrinsic: fc.tuple(fc.constantFrom(...functions), tie('value')).map(([name, argument]) => ({ [name]: argument })),
  }));
  const resource = fc.record({ Type: fc.constantFrom(...types), Properties: value, Metadata: value, Condition: fc.constantFrom(undefined, 'C', 5) }, { requiredKeys: ['Type'] });
  const anyTemplate = fc.record({
    Resources: fc.dictionary(fc.constantFrom(...ids), resource, { maxKeys: 5 }),
    Conditions: fc.dictionary(fc.constantFrom('C'), value),
    Mappings: value,
    Parameters: value,
    Globals: value,
  });

  it('reads what it can and never fails (a malformed Fn::Select once threw a TypeError)', () =>
    fc.assert(
      fc.property(anyTemplate, (template) => {
        for (const mapping of readStreamMappings(template as unknown as Template, dir)) {
          for (const warning of mapping.warnings) expect(warning).not.toContain('\n');
        }
      }),
      { numRuns: 400 },
    ));
});

describe('withoutHash', () => {
  it('drops the 8-character hash CDK appends to a logical id', () => {
    expect(withoutHash('OrdersHandler886CB40B')).toBe('OrdersHandler');
    expect(withoutHash('OrdersHandler')).toBe('OrdersHandler');
    expect(withoutHash('Ab12345678')).toBe('Ab12345678');
    expect(withoutHash('Fn1234abcd')).toBe('Fn1234abcd');
  });
});
