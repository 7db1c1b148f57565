import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, resolveRunSettings, type LoadConfigOptions } from '../../../src/config/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const sam = join(root, 'test/fixtures/templates/sam');
const orders = join(root, 'examples/orders-projection');

const temporary: string[] = [];
function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-template-'));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

async function settingsOf(options: LoadConfigOptions, handler?: string) {
  const loaded = await loadConfig(options);
  return resolveRunSettings({ loaded, cwd: options.cwd, cli: handler === undefined ? {} : { handler }, randomSeed: () => 1 });
}

async function loadError(options: LoadConfigOptions): Promise<string> {
  const error: unknown = await loadConfig(options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

/** The config without `function.Environment` (the template sets variables the hand-written config leaves to their defaults). */
function withoutEnvironment(config: Record<string, unknown>) {
  const { Environment: _, ...fn } = config.function as Record<string, unknown>;
  return { ...config, function: fn };
}

describe('a SAM template of examples/orders-projection', () => {
  it('mapping.fromTemplate gives the same settings as the hand-written config', async () => {
    const handWritten = await settingsOf({ cwd: root, file: join(orders, 'conformance.config.json') });
    const fromTemplate = await settingsOf({ cwd: root, file: join(sam, 'conformance.config.json') });
    expect(withoutEnvironment(fromTemplate.config as Record<string, unknown>)).toEqual({ ...handWritten.config, handler: '../../../../examples/orders-projection/handler.ts' });
    expect(fromTemplate.config.function?.Environment).toEqual({ Variables: { STAGE: 'dev', REPLICA_TABLE: 'orders-replica', POWERTOOLS_SERVICE_NAME: 'orders' } });
    for (const key of ['handlerRef', 'handlerFile', 'source', 'runs', 'rules', 'timeoutMs'] as const) {
      expect(fromTemplate[key], key).toEqual(handWritten[key]);
    }
    expect(fromTemplate.notes).toEqual([
      'template: using OrdersProjectionFunction/OrdersStream (AWS::Serverless::Function event) from test/fixtures/templates/sam/template.yaml',
    ]);
  });

  it('--template with no config file: the handler positional picks the mapping', async () => {
    const cwd = tempDir({});
    const settings = await settingsOf({ cwd, template: join(sam, 'template.yaml'), handler: join(orders, 'handler.ts') }, join(orders, 'handler.ts'));
    expect(settings.configFile).toBeUndefined();
    expect(settings.handlerFile).toBe(join(orders, 'handler.ts'));
    expect(settings.config).toMatchObject({ source: 'dynamodb', mapping: { BatchSize: 10 }, table: { TableName: 'orders' } });
  });

  it('--template with no handler anywhere: the handler comes from the template', async () => {
    const settings = await settingsOf({ cwd: root, template: 'test/fixtures/templates/sam/template.yaml' });
    expect(settings.handlerFile).toBe(join(orders, 'handler.ts'));
    expect(settings.handlerRef).toBe('examples/orders-projection/handler.ts#handler');
  });
});

describe('config values over template values', () => {
  it('win key by key in each section; the template fills in the rest', async () => {
    const cwd = tempDir({
      'conformance.config.json': JSON.stringify({
        handler: '../handler.ts',
        mapping: { fromTemplate: join(sam, 'template.yaml'), BatchSize: 50, MaximumRetryAttempts: -1 },
        table: { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } },
        function: { Timeout: 30, Environment: { Variables: { REPLICA_TABLE: 'other-replica', EXTRA: 'x' } } },
        downstream: { ignoreFields: ['version'] },
      }),
    });
    const loaded = await loadConfig({ cwd, handler: join(orders, 'handler.ts') });
    expect(loaded.config.mapping).toEqual({
      BatchSize: 50,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: -1,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } },
    });
    expect(loaded.config.table).toMatchObject({ TableName: 'orders', KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }], StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    expect(loaded.config.function).toEqual({
      Timeout: 30,
      MemorySize: 1024,
      Environment: { Variables: { STAGE: 'dev', REPLICA_TABLE: 'other-replica', POWERTOOLS_SERVICE_NAME: 'orders', EXTRA: 'x' } },
    });
    expect(loaded.config.downstream).toMatchObject({ ignoreFields: ['version'], dynamodb: { tables: [{ TableName: 'orders-replica' }] } });
    expect(loaded.config.handler).toBe('../handler.ts');
  });

  it('a config source and downstream tables replace the template\'s', async () => {
    const cwd = tempDir({
      'conformance.config.json': JSON.stringify({
        mapping: { fromTemplate: join(sam, 'template.yaml') },
        downstream: { dynamodb: { tables: [] } },
      }),
    });
    const loaded = await loadConfig({ cwd, handler: join(orders, 'handler.ts') });
    expect(loaded.config.downstream).toEqual({ dynamodb: { tables: [] } });
    expect(loaded.config.mapping).not.toHaveProperty('fromTemplate');
  });

  it('a value the template cannot give is not warned about when the config gives it', async () => {
    const cfn = join(root, 'test/fixtures/templates/cfn-json');
    const unset = tempDir({ 'conformance.config.json': JSON.stringify({ mapping: { fromTemplate: join(cfn, 'template.json') } }) });
    const warned = await loadConfig({ cwd: unset, handler: join(cfn, 'src/consumer.ts') });
    expect(warned.warnings?.join('\n')).toContain('SHARED_BUS: cannot be resolved');
    const set = tempDir({
      'conformance.config.json': JSON.stringify({
        mapping: { fromTemplate: join(cfn, 'template.json') },
        function: { Environment: { Variables: { SHARED_BUS: 'bus' } } },
      }),
    });
    const quiet = await loadConfig({ cwd: set, handler: join(cfn, 'src/consumer.ts') });
    expect(quiet.warnings?.join('\n') ?? '').not.toContain('SHARED_BUS');
    expect(quiet.config.function?.Environment?.Variables?.SHARED_BUS).toBe('bus');
  });

  it('logicalId picks the mapping; --template wins over mapping.fromTemplate', async () => {
    const twoFunctions = join(root, 'test/fixtures/templates/two-functions/template.yaml');
    const cwd = tempDir({ 'conformance.config.json': JSON.stringify({ mapping: { fromTemplate: 'missing.yaml', logicalId: 'NotifierFunction' } }) });
    const loaded = await loadConfig({ cwd, template: twoFunctions });
    expect(loaded.config.mapping).toEqual({ BatchSize: 5, StartingPosition: 'TRIM_HORIZON', FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(loaded.config.handler).toBe(`${relative(cwd, join(twoFunctions, '..', 'src/notifier.ts'))}#notify`);
  });
});

describe('template errors in configs', () => {
  it('are one-line ConfigErrors naming the key or the template', async () => {
    let cwd = tempDir({ 'conformance.config.json': JSON.stringify({ mapping: { fromTemplate: 3 } }) });
    expect(await loadError({ cwd })).toBe(
      'conformance.config.json: mapping.fromTemplate: must be the path of a SAM, CloudFormation, CDK or serverless.yml template, relative to the config file',
    );
    cwd = tempDir({ 'conformance.config.json': JSON.stringify({ mapping: { logicalId: 'X' } }) });
    expect(await loadError({ cwd })).toBe('conformance.config.json: mapping.logicalId: needs mapping.fromTemplate (or --template) naming the template');
    cwd = tempDir({ 'conformance.config.json': JSON.stringify({ mapping: { fromTemplate: 'template.yaml' } }) });
    expect(await loadError({ cwd })).toBe('template not found: template.yaml; check the path of the template');
    cwd = tempDir({ 'template.yaml': 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: { KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }] }\n  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { EventSourceArn: !GetAtt T.StreamArn, StartingPosition: LATEST, BatchSize: 0 }\n' });
    expect(await loadError({ cwd, template: 'template.yaml' })).toBe('template.yaml (M): mapping.BatchSize: must be an integer from 1 to 10000, got 0');
  });

  it('an unnamed table whose logical id is too short for a table name gets a name DynamoDB accepts (CloudFormation would generate one)', async () => {
    const cwd = tempDir({ 'template.yaml': 'Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties: { KeySchema: [{ AttributeName: k, KeyType: HASH }], AttributeDefinitions: [{ AttributeName: k, AttributeType: S }], StreamSpecification: { StreamViewType: NEW_IMAGE } }\n  M:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties: { EventSourceArn: !GetAtt T.StreamArn, StartingPosition: LATEST }\n' });
    const loaded = await loadConfig({ cwd, template: 'template.yaml' });
    expect(loaded.config.table?.TableName).toBe('T-table');
  });
});
