import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { applyTemplate, readTemplate, type ReadTemplateOptions } from '../../../src/config/template/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = join(root, 'test/fixtures/templates');
const fixture = (path: string) => join(fixtures, path);

function read(template: string, options: Partial<ReadTemplateOptions> & { handlerPath?: string } = {}) {
  const { handlerPath, ...rest } = options;
  return readTemplate(fixture(template), { cwd: root, ...(handlerPath && { handler: { file: fixture(handlerPath) } }), ...rest });
}

function errorOf(run: () => unknown): string {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

const temporary: string[] = [];
function tempTemplate(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-template-'));
  temporary.push(dir);
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('readTemplate: SAM (YAML, short tags)', () => {
  it('reads the mapping, the source table it follows, the downstream table and the function (globals included)', () => {
    const reading = read('sam/template.yaml', { handlerPath: '../../../examples/orders-projection/handler.ts' });
    expect(reading.used).toBe(
      'template: using OrdersProjectionFunction/OrdersStream (AWS::Serverless::Function event) from test/fixtures/templates/sam/template.yaml',
    );
    expect(reading.warnings).toEqual([]);
    expect(reading.config).toEqual({
      source: 'dynamodb',
      table: {
        TableName: 'orders',
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
      mapping: {
        BatchSize: 10,
        StartingPosition: 'TRIM_HORIZON',
        MaximumRetryAttempts: 3,
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } },
      },
      downstream: {
        dynamodb: {
          tables: [{
            TableName: 'orders-replica',
            KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
          }],
        },
      },
      function: {
        Timeout: 3,
        MemorySize: 1024,
        Environment: { Variables: { STAGE: 'dev', REPLICA_TABLE: 'orders-replica', POWERTOOLS_SERVICE_NAME: 'orders' } },
      },
    });
  });

  it('without a handler, the chosen mapping\'s function gives it', () => {
    const reading = read('sam/template.yaml');
    expect(reading.handler).toEqual({ file: join(root, 'examples/orders-projection/handler.ts'), exportName: 'handler' });
  });
});

describe('readTemplate: SAM SimpleTable', () => {
  it('a SimpleTable the function refers to is a downstream table keyed by its PrimaryKey', () => {
    const file = tempTemplate('template.yaml', [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Source: { Type: AWS::DynamoDB::Table, Properties: { KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }] } }',
      '  Counts: { Type: AWS::Serverless::SimpleTable, Properties: { TableName: counts, PrimaryKey: { Name: n, Type: Number } } }',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: app.handler',
      '      Environment: { Variables: { COUNTS: !Ref Counts } }',
      '      Events: { S: { Type: DynamoDB, Properties: { Stream: !GetAtt Source.StreamArn, StartingPosition: LATEST } } }',
    ].join('\n'));
    const { config } = readTemplate(file, { cwd: join(file, '..') });
    expect(config.downstream?.dynamodb?.tables).toEqual([
      { TableName: 'counts', KeySchema: [{ AttributeName: 'n', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'n', AttributeType: 'N' }] },
    ]);
    expect(config.function?.Environment?.Variables).toEqual({ COUNTS: 'counts' });
  });
});

describe('readTemplate: CloudFormation JSON', () => {
  it('follows FunctionName and EventSourceArn, evaluates parameters, mappings and Sub/Join, and reads the role policies', () => {
    const reading = read('cfn-json/template.json', { handlerPath: 'cfn-json/src/consumer.ts' });
    expect(reading.used).toBe('template: using InventoryMapping (AWS::Lambda::EventSourceMapping of function ConsumerFunction) from test/fixtures/templates/cfn-json/template.json');
    const { config } = reading;
    expect(config.source).toBe('dynamodb');
    expect(config.table).toEqual({
      TableName: 'inventory-test',
      KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }, { AttributeName: 'warehouse', KeyType: 'RANGE' }],
      AttributeDefinitions: [
        { AttributeName: 'sku', AttributeType: 'S' },
        { AttributeName: 'warehouse', AttributeType: 'N' },
        { AttributeName: 'category', AttributeType: 'S' },
      ],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    // numbers and booleans written as strings are typed; the SNS topic's Ref is its ARN
    expect(config.mapping).toEqual({
      BatchSize: 25, MaximumBatchingWindowInSeconds: 2, StartingPosition: 'LATEST', MaximumRetryAttempts: 5,
      MaximumRecordAgeInSeconds: 3600, BisectBatchOnFunctionError: true, ParallelizationFactor: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:inventory-failures' } },
      FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] },
      TumblingWindowInSeconds: 0,
    });
    // the role's policy names StockTable (not UnrelatedTable); the source table is not downstream
    expect(config.downstream?.dynamodb?.tables).toEqual([{
      TableName: 'stock-test',
      KeySchema: [{ AttributeName: 'sku', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'sku', AttributeType: 'S' }],
      ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: '5' },
    }]);
    expect(config.function).toEqual({
      Timeout: 20,
      MemorySize: 512,
      Environment: { Variables: { STOCK_TABLE: 'stock-test', FAILURE_TOPIC: 'arn:aws:sns:us-east-1:123456789012:inventory-failures' } },
    });
    expect(reading.warnings).toEqual([
      'template: ConsumerFunction.Environment.Variables.SHARED_BUS: cannot be resolved from the template alone; left out (set function.Environment.Variables.SHARED_BUS in a config, and the template gives the rest)',
    ]);
  });

  it('a Kinesis stream makes the source kinesis and gives stream.ShardCount', () => {
    const { config } = read('kinesis/template.yaml');
    expect(config.source).toBe('kinesis');
    expect(config.stream).toMatchObject({ ShardCount: 3 });
    expect(typeof config.stream?.Name).toBe('string');
    expect(config.table).toBeUndefined();
    expect(config.mapping).toEqual({
      BatchSize: 50, StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1700000000, TumblingWindowInSeconds: 60,
      FilterCriteria: { Filters: [{ Pattern: '{"data":{"kind":["reading"]}}' }] },
    });
    expect(config.function?.Environment?.Variables).toEqual({ AUDIT_TABLE: 'stack-audit', ENCODED: 'aGVsbG8=', FIRST_AZ: 'us-east-1a' });
    expect(config.downstream?.dynamodb?.tables.map((t) => (t as { TableName: string }).TableName)).toEqual(['stack-audit']);
  });
});

describe('readTemplate: CDK synth output', () => {
  const template = 'cdk/cdk.out/OrdersStack.template.json';

  it('reads hashed logical ids, the IAM policy attached to the role, and matches the handler by construct name', () => {
    const reading = read(template, { handlerPath: 'cdk/lambda/orders-projection/index.ts' });
    expect(reading.used).toBe(
      'template: using OrdersProjectionDynamoDBEventSourceOrdersStackOrdersTable7B8C9D0E (AWS::Lambda::EventSourceMapping of function OrdersProjection886CB40B) from test/fixtures/templates/cdk/cdk.out/OrdersStack.template.json',
    );
    expect(reading.config).toMatchObject({
      source: 'dynamodb',
      table: { TableName: 'OrdersTable1A2B3C4D', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] },
      mapping: {
        BatchSize: 20, MaximumRetryAttempts: 2, BisectBatchOnFunctionError: true,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:ProjectionDlq9C0D1E2F' } },
      },
      function: { Timeout: 15, MemorySize: 256, Environment: { Variables: { PROJECTION_TABLE: 'ProjectionTableE5F6A7B8' } } },
    });
    expect(reading.config.downstream?.dynamodb?.tables.map((t) => (t as { TableName: string }).TableName)).toEqual(['ProjectionTableE5F6A7B8']);
    expect(read(template, { handlerPath: 'cdk/lambda/audit-log/index.ts' }).config.downstream?.dynamodb?.tables)
      .toMatchObject([{ TableName: 'AuditLogTable0F1E2D3C' }]);
  });

  it('picks by logicalId: the construct name without its hash, or the function', () => {
    expect(read(template, { logicalId: 'AuditLog' }).config.mapping).toEqual({ BatchSize: 100, StartingPosition: 'LATEST' });
    expect(read(template, { logicalId: 'OrdersProjection886CB40B' }).config.mapping?.BatchSize).toBe(20);
  });

  it('a handler no function looks like: one line listing the mappings', () => {
    expect(errorOf(() => read(template, { handlerPath: 'cdk/lambda/index.ts' }))).toBe(
      'test/fixtures/templates/cdk/cdk.out/OrdersStack.template.json: no stream mapping for the handler test/fixtures/templates/cdk/lambda/index.ts, found: ' +
        'OrdersProjectionDynamoDBEventSourceOrdersStackOrdersTable7B8C9D0E (OrdersProjection886CB40B: index.handler), ' +
        'AuditLogDynamoDBEventSourceOrdersStackOrdersTable1C2D3E4F (AuditLog4F5E6D7C: index.handler); ' +
        'pass the handler of one of them or its name (OrdersProjectionDynamoDBEventSourceOrdersStackOrdersTable7B8C9D0E, say), or set mapping.logicalId in the config',
    );
  });
});

describe('readTemplate: serverless.yml', () => {
  it('reads stream events, resources.Resources and provider settings, resolving ${self:…} and ${sls:stage}', () => {
    const reading = read('serverless/serverless.yml', { handlerPath: 'serverless/src/handler.ts' });
    expect(reading.used).toBe('template: using project/events[0] (serverless.yml stream event) from test/fixtures/templates/serverless/serverless.yml');
    expect(reading.config).toEqual({
      source: 'dynamodb',
      table: {
        TableName: 'orders-dev-orders',
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      },
      mapping: {
        BatchSize: 10, StartingPosition: 'LATEST', MaximumRetryAttempts: 3, BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'], ParallelizationFactor: 2, MaximumRecordAgeInSeconds: 600,
        MaximumBatchingWindowInSeconds: 1,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dev-project-dlq' } },
        FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] },
      },
      downstream: {
        dynamodb: {
          tables: [{
            TableName: 'orders-dev-replica',
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            BillingMode: 'PAY_PER_REQUEST',
          }],
        },
      },
      function: { Timeout: 12, MemorySize: 512, Environment: { Variables: { REPLICA_TABLE: 'orders-dev-replica', LOG_LEVEL: 'info' } } },
    });
  });

  it('a string stream ARN: the source from the ARN, the framework defaults (BatchSize 10)', () => {
    const { config } = read('serverless/serverless.yml', { handlerPath: 'serverless/src/audit.ts' });
    expect(config.source).toBe('kinesis');
    expect(config.mapping).toEqual({ BatchSize: 10, StartingPosition: 'TRIM_HORIZON' });
    expect(config.function?.Environment?.Variables?.AUDIT_STAGE).toBe('dev');
  });
});

describe('readTemplate: choosing among several mappings', () => {
  const template = 'two-functions/template.yaml';

  it('by the handler path (CodeUri + Handler, or esbuild EntryPoints)', () => {
    const indexer = read(template, { handlerPath: 'two-functions/src/indexer.ts' });
    expect(indexer.used).toMatch(/using IndexerFunction\/Stream /);
    expect(indexer.config).toMatchObject({ mapping: { BatchSize: 100 }, function: { Timeout: 10, MemorySize: 512 } });
    expect(indexer.config.downstream?.dynamodb?.tables).toMatchObject([{ TableName: 'SearchTable' }]);
    const notifier = read(template, { handlerPath: 'two-functions/src/notifier.ts' });
    expect(notifier.used).toMatch(/using NotifierFunction\/Stream /);
    expect(notifier.config.mapping).toEqual({ BatchSize: 5, StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'] });
  });

  it('by logicalId (the function, or function/event), whatever the handler', () => {
    expect(read(template, { logicalId: 'NotifierFunction' }).config.mapping?.BatchSize).toBe(5);
    expect(read(template, { logicalId: 'IndexerFunction/Stream', handlerPath: 'two-functions/src/notifier.ts' }).config.mapping?.BatchSize).toBe(100);
  });

  it('a function that refers to no table gets every other table, with a warning', () => {
    const notifier = read(template, { logicalId: 'NotifierFunction' });
    expect(notifier.config.downstream?.dynamodb?.tables).toMatchObject([{ TableName: 'SearchTable' }]);
    expect(notifier.warnings).toEqual([
      'template: NotifierFunction refers to no table but its source (no !Ref in its Environment or Policies), so every other table of the template is declared downstream in case it writes one (SearchTable); nothing to do if it writes none, else declare its tables in a config (downstream.dynamodb.tables) to check against those alone',
    ]);
  });

  it('a table named by its name (an environment variable, a SAM policy, an ARN written out) is the function’s, beside those it references', () => {
    const table = (name: string) => `{ Type: AWS::DynamoDB::Table, Properties: { TableName: ${name}, KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }] } }`;
    const file = tempTemplate('template.yaml', [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      "  Source: { Type: AWS::DynamoDB::Table, Properties: { TableName: orders, KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }], StreamSpecification: { StreamViewType: NEW_IMAGE } } }",
      `  Stock: ${table('stock-levels')}`,
      `  Audit: ${table('audit-log')}`,
      `  Replica: ${table('replica')}`,
      `  Unrelated: ${table('unrelated')}`,
      '  Sync:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: app.handler',
      '      Environment: { Variables: { STOCK_TABLE: stock-levels, REPLICA_TABLE: !Ref Replica } }',
      '      Policies: [{ DynamoDBCrudPolicy: { TableName: audit-log } }, { Statement: [{ Effect: Allow, Action: dynamodb:PutItem, Resource: !Sub "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/audit-log" }] }]',
      '      Events: { S: { Type: DynamoDB, Properties: { Stream: !GetAtt Source.StreamArn, StartingPosition: LATEST } } }',
    ].join('\n'));
    const { config, warnings } = readTemplate(file, { cwd: join(file, '..'), logicalId: 'Sync' });
    expect(config.downstream?.dynamodb?.tables?.map((t) => (t as { TableName: string }).TableName).sort()).toEqual(['audit-log', 'replica', 'stock-levels']);
    expect(warnings).toEqual([]);
  });

  it('no match, an unknown logicalId, no handler at all: one line listing what there is', () => {
    const found = 'found: IndexerFunction/Stream (src/indexer.handler), NotifierFunction/Stream (notifier.notify)';
    expect(errorOf(() => read(template, { handlerPath: 'two-functions/src/other.ts' }))).toBe(
      `test/fixtures/templates/two-functions/template.yaml: no stream mapping for the handler test/fixtures/templates/two-functions/src/other.ts, ${found}; pass the handler of one of them or its name (IndexerFunction/Stream, say), or set mapping.logicalId in the config`,
    );
    expect(errorOf(() => read(template, { logicalId: 'Nope' }))).toBe(
      `test/fixtures/templates/two-functions/template.yaml: no stream mapping or function with logicalId Nope, ${found}; set mapping.logicalId to one of these`,
    );
    expect(errorOf(() => read(template))).toBe(
      `test/fixtures/templates/two-functions/template.yaml: has 2 stream mappings, ${found}; pass the handler to check, or set mapping.logicalId in the config`,
    );
  });

  it('a handler behind two mappings is ambiguous', () => {
    const file = tempTemplate('template.yaml', [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  T: { Type: AWS::DynamoDB::Table, Properties: { KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }] } }',
      '  Blue: { Type: AWS::Serverless::Function, Properties: { Handler: app.handler, Events: { S: { Type: DynamoDB, Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST } } } } }',
      '  Green: { Type: AWS::Serverless::Function, Properties: { Handler: app.handler, Events: { S: { Type: DynamoDB, Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST } } } } }',
    ].join('\n'));
    const message = errorOf(() => readTemplate(file, { cwd: join(file, '..'), handler: { file: join(file, '..', 'app.ts') } }));
    expect(message).toBe('template.yaml: the handler app.ts matches 2 stream mappings: Blue/S (app.handler), Green/S (app.handler); set mapping.logicalId in the config to one of them');
  });
});

describe('readTemplate: templates it cannot use', () => {
  it('no stream mapping (an SQS event only)', () => {
    expect(errorOf(() => read('no-mapping/template.yaml'))).toBe(
      'test/fixtures/templates/no-mapping/template.yaml: no DynamoDB or Kinesis stream mapping found (no AWS::Lambda::EventSourceMapping on a stream, no stream event on a function); add one to the template, or set source, table and mapping in the config instead',
    );
  });

  it('a missing file, invalid YAML, invalid JSON, no Resources', () => {
    expect(errorOf(() => read('missing.yaml'))).toBe('template not found: test/fixtures/templates/missing.yaml; check the path of the template');
    expect(errorOf(() => readTemplate(tempTemplate('t.yaml', 'Resources:\n  A: [1,\n  B: 2'), { cwd: tmpdir() }))).toMatch(/t\.yaml: invalid YAML at line \d+, column \d+: /);
    expect(errorOf(() => readTemplate(tempTemplate('t.json', '{"Resources": {'), { cwd: tmpdir() }))).toMatch(/t\.json: invalid JSON: /);
    expect(errorOf(() => readTemplate(tempTemplate('t.yaml', 'Description: nothing'), { cwd: tmpdir() }))).toMatch(
      /t\.yaml: not a CloudFormation, SAM or CDK template \(no Resources\) nor a serverless\.yml/,
    );
  });
});

describe('readTemplate: a stream mapping a deployment would refuse', () => {
  const sam = (table: string, event: string) => tempTemplate('template.yaml', [
    'Transform: AWS::Serverless-2016-10-31',
    'Resources:',
    `  Orders: { Type: AWS::DynamoDB::Table, Properties: { KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }]${table} } }`,
    '  Sync:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: app.handler',
    `      Events: { S: { Type: ${event}, StartingPosition: LATEST } } }`,
  ].join('\n'));
  const streamed = ', StreamSpecification: { StreamViewType: NEW_IMAGE }';

  it("the table's ARN where its stream's belongs, or an event of the other service's Type: exit 2 naming the fix", () => {
    expect(errorOf(() => readTemplate(sam(streamed, 'DynamoDB, Properties: { Stream: !GetAtt Orders.Arn'), { cwd: tmpdir() }))).toMatch(
      /template\.yaml: Sync\/S\.Stream is the ARN of table Orders, not of its stream: Lambda reads a table's changes from its stream; use !GetAtt Orders\.StreamArn$/,
    );
    expect(errorOf(() => readTemplate(sam(streamed, 'Kinesis, Properties: { Stream: !GetAtt Orders.StreamArn'), { cwd: tmpdir() }))).toMatch(
      /template\.yaml: Sync\/S is a Kinesis event reading a DynamoDB table's stream: SAM gives its function permissions for the wrong service, so its mapping cannot read the stream; write Type: DynamoDB$/,
    );
  });

  it('a table without StreamSpecification: a warning, checked as NEW_AND_OLD_IMAGES', () => {
    const { warnings } = readTemplate(sam('', 'DynamoDB, Properties: { Stream: !GetAtt Orders.StreamArn'), { cwd: tmpdir() });
    expect(warnings).toContain('template: Sync/S.Stream reads the stream of table Orders, which has no StreamSpecification, so CloudFormation gives it no StreamArn and the deployment fails; checked as NEW_AND_OLD_IMAGES: add StreamSpecification to Orders with the view the handler needs');
  });
});

describe('applyTemplate: warnings the config answers', () => {
  const imported = `
Resources:
  Worker:
    Type: AWS::Lambda::Function
    Properties: { Handler: index.handler, Code: . }
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: { FunctionName: !Ref Worker, EventSourceArn: !ImportValue orders-stream, StartingPosition: LATEST, BatchSize: !ImportValue batch }
`;
  const apply = (config: Record<string, unknown>) => {
    const file = tempTemplate('template.yaml', imported);
    const mapping = { fromTemplate: file, ...(config.mapping as object | undefined) };
    return applyTemplate({ ...config, mapping }, { cwd: tmpdir(), baseDir: tmpdir(), where: 'conformance.config.json' });
  };

  it('keeps the warnings about what the config does not give', () => {
    expect(apply({}).warnings).toEqual([
      'template: Mapping mapping.BatchSize: cannot be resolved from the template alone; left out (set mapping.BatchSize in a config, and the template gives the rest)',
      'template: Mapping.EventSourceArn: cannot be resolved from the template alone, so the source is unknown; set source (and table for DynamoDB Streams) in the config',
    ]);
    expect(apply({ mapping: { BatchSize: 10 } }).warnings).toHaveLength(1);
  });

  it('a DynamoDB stream of a table the template does not have: the config must give the table (its records are made from it)', () => {
    const external = `
Resources:
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Events:
        Orders:
          Type: DynamoDB
          Properties: { Stream: arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000, StartingPosition: LATEST }
`;
    const file = tempTemplate('template.yaml', external);
    const applied = (config: Record<string, unknown>) => applyTemplate({ ...config, mapping: { fromTemplate: file } }, { cwd: tmpdir(), baseDir: tmpdir(), where: 'conformance.config.json' });
    expect(() => applied({})).toThrow(/: Worker\/Orders reads a table that is not in the template \(one of another stack, or an ARN written out\): set table in a config \(its TableName, KeySchema, AttributeDefinitions and StreamSpecification\), since the records are made from it$/);
    const table = { TableName: 'orders', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], StreamSpecification: { StreamViewType: 'NEW_IMAGE' } };
    expect(applied({ table }).warnings).toEqual([]);
  });

  it('drops each warning once the config gives its value: a top-level source, a mapping key', () => {
    const applied = apply({ source: 'kinesis', mapping: { BatchSize: 10 } });
    expect(applied.warnings).toEqual([]);
    expect(applied.config).toMatchObject({ source: 'kinesis', mapping: { StartingPosition: 'LATEST', BatchSize: 10 } });
  });
});
