import { describe, expect, it } from 'vitest';
import { SERVERLESS_FUNCTION } from '../../../src/config/template/cloudformation.js';
import { ACCOUNT, REGION } from '../../../src/config/template/intrinsics.js';
import { isServerlessConfig, serverlessTemplate } from '../../../src/config/template/serverless.js';
import { parseTemplate } from '../../../src/config/template/yaml.js';

function template(yaml: string) {
  const document = parseTemplate(yaml);
  if (!isServerlessConfig(document)) throw new Error('not a serverless.yml');
  return serverlessTemplate(document);
}

const serverlessYml = `
service: orders
custom:
  tableName: orders-\${sls:stage}
  batch: 25
provider:
  name: aws
  stage: prod
  timeout: 20
  environment: { TABLE: "\${self:custom.tableName}", LOG_LEVEL: info }
  iam:
    role:
      statements:
        - { Effect: Allow, Action: [dynamodb:PutItem], Resource: !GetAtt Projection.Arn }
functions:
  project:
    handler: src/project.handler
    memorySize: 256
    environment: { LOG_LEVEL: debug }
    events:
      - http: { path: /orders, method: get }
      - stream:
          type: dynamodb
          arn: !GetAtt OrdersTable.StreamArn
          batchSize: \${self:custom.batch}
          startingPosition: LATEST
          maximumRetryAttempts: 2
          bisectBatchOnFunctionError: true
          functionResponseType: ReportBatchItemFailures
          batchWindow: 5
          destinations: { onFailure: { arn: !GetAtt Dlq.Arn, type: sqs } }
          filterPatterns: [{ eventName: [INSERT] }]
      - stream: arn:aws:kinesis:\${aws:region}:\${aws:accountId}:stream/clicks
resources:
  Resources:
    OrdersTable: { Type: AWS::DynamoDB::Table, Properties: { TableName: "\${self:custom.tableName}" } }
    Projection: { Type: AWS::DynamoDB::Table }
    Dlq: { Type: AWS::SQS::Queue }
`;

describe('isServerlessConfig', () => {
  it('is a service with functions or a provider, not a CloudFormation template', () => {
    expect(isServerlessConfig({ service: 'a', functions: {} })).toBe(true);
    expect(isServerlessConfig({ service: { name: 'a' }, provider: { name: 'aws' } })).toBe(true);
    expect(isServerlessConfig({ Resources: {} })).toBe(false);
    expect(isServerlessConfig({ service: 'a' })).toBe(false);
  });
});

describe('serverlessTemplate', () => {
  const resources = template(serverlessYml).Resources;

  it('makes each function an AWS::Serverless::Function beside resources.Resources', () => {
    expect(Object.keys(resources)).toEqual(['OrdersTable', 'Projection', 'Dlq', 'project']);
    expect(resources.OrdersTable!.Properties).toEqual({ TableName: 'orders-prod' });
    expect(resources.project).toMatchObject({ Type: 'AWS::Serverless::Function', Metadata: { [SERVERLESS_FUNCTION]: true } });
  });

  it('gives the function its handler, the framework\'s defaults and provider settings under its own', () => {
    expect(resources.project!.Properties).toMatchObject({
      Handler: 'src/project.handler',
      CodeUri: '.',
      Timeout: 20,
      MemorySize: 256,
      Environment: { Variables: { TABLE: 'orders-prod', LOG_LEVEL: 'debug' } },
      Policies: [[{ Effect: 'Allow', Action: ['dynamodb:PutItem'], Resource: { 'Fn::GetAtt': ['Projection', 'Arn'] } }]],
    });
  });

  it('turns stream events into SAM DynamoDB and Kinesis events with the mapping\'s property names', () => {
    expect(resources.project!.Properties!.Events).toEqual({
      'events[1]': {
        Type: 'DynamoDB',
        Properties: {
          Stream: { 'Fn::GetAtt': ['OrdersTable', 'StreamArn'] },
          BatchSize: 25,
          StartingPosition: 'LATEST',
          MaximumRetryAttempts: 2,
          BisectBatchOnFunctionError: true,
          MaximumBatchingWindowInSeconds: 5,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } },
          FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT"]}' }] },
        },
      },
      // a bare ARN: the type from the ARN, the framework's defaults (BatchSize 10, TRIM_HORIZON)
      'events[2]': { Type: 'Kinesis', Properties: { Stream: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/clicks`, BatchSize: 10, StartingPosition: 'TRIM_HORIZON' } },
    });
  });

  it('uses the framework defaults without provider settings: 6 s, 1024 MB, stage dev', () => {
    const { Resources } = template(['service: s', 'functions:', '  f:', '    handler: h.handler', '    environment: { STAGE: "${sls:stage}", NAME: "${self:service}-${opt:stage, \'dev\'}" }'].join('\n'));
    expect(Resources.f!.Properties).toMatchObject({ Timeout: 6, MemorySize: 1024, Environment: { Variables: { STAGE: 'dev', NAME: 's-dev' } } });
    const kinesis = template(['service: s', 'functions:', '  f:', '    handler: h.handler', '    events:', '      - stream: { type: kinesis, arn: "arn:aws:kinesis:us-east-1:1:stream/x" }'].join('\n'));
    expect(kinesis.Resources.f!.Properties!.Events).toEqual({
      'events[0]': { Type: 'Kinesis', Properties: { Stream: 'arn:aws:kinesis:us-east-1:1:stream/x', BatchSize: 10, StartingPosition: 'TRIM_HORIZON' } },
    });
  });

  it('leaves a variable the file cannot tell (env:, ssm:, opt: without a default) as written', () => {
    const { Resources } = template(['service: s', 'functions:', '  f:', '    handler: h.handler', '    environment: { A: "${env:SECRET}", B: "x-${ssm:/path}", C: "${opt:region}" }'].join('\n'));
    expect(Resources.f!.Properties!.Environment).toEqual({ Variables: { A: '${env:SECRET}', B: 'x-${ssm:/path}', C: '${opt:region}' } });
  });

  it('keeps the type of what a whole-string variable refers to, and stops on a self-reference', () => {
    const { Resources } = template(['service: s', 'custom: { size: 512, loop: "${self:custom.loop}" }', 'functions:', '  f:', '    handler: h.handler', '    memorySize: ${self:custom.size}', '    environment: { L: "${self:custom.loop}" }'].join('\n'));
    expect(Resources.f!.Properties!.MemorySize).toBe(512);
    expect(Resources.f!.Properties!.Environment).toEqual({ Variables: { L: '${self:custom.loop}' } });
  });

  it('resolves each variable once: a custom block that refers to itself stays as written instead of growing without end', () => {
    const custom = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, '${self:custom}']));
    const service = serverlessTemplate({ service: 's', custom, functions: { f: { handler: 'h.handler', environment: { ALL: '${self:custom}', ONE: '${self:custom.k0}' } } } });
    expect(service.Resources.f!.Properties!.Environment).toEqual({ Variables: { ALL: custom, ONE: custom } });
  });
});
