import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, defineConfig, validateConfig, type SourceTable } from '../../src/config/index.js';

const TS = 'conformance.config.ts';
const JSON_FILE = 'conformance.config.json';

/** The message of the ConfigError `validateConfig` throws. */
function problem(config: unknown, where = TS, options?: Parameters<typeof validateConfig>[2]): string {
  try {
    validateConfig(config, where, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ConfigError');
}

const table: SourceTable = {
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'N' }],
};
const replica = { TableName: 'replica', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] };

describe('validateConfig', () => {
  it('accepts the full example of SPEC §1.3', () => {
    const config = defineConfig({
      handler: 'src/handler.ts#handler',
      source: 'dynamodb',
      table: { ...table, StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' }, TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true } },
      items: { samples: [{ status: 'NEW', total: 3 }], maxSizeBytes: 65536 },
      stream: { ShardCount: 2, partitionKey: 'deviceId' },
      mapping: {
        BatchSize: 100, MaximumBatchingWindowInSeconds: 0, StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'], MaximumRetryAttempts: 3, MaximumRecordAgeInSeconds: -1, ParallelizationFactor: 1,
        DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
        FilterCriteria: { Filters: [{ Pattern: '{"eventName":["INSERT","MODIFY"]}' }] }, TumblingWindowInSeconds: 0,
      },
      downstream: {
        dynamodb: { tables: [{ ...replica, TableName: 'replica' }] },
        ignoreFields: ['updatedAt'],
        expect: { mirror: { table: 'replica', keyMap: { pk: 'id' } } },
        http: { 'https://hooks.example.com': { status: 200, body: '{}' } },
        custom: { reset: async () => {}, snapshot: async () => ({}) },
      },
      function: { Timeout: 3, MemorySize: 1024, Environment: { Variables: { TABLE_NAME: 'replica' } } },
      rules: { 'poison-pill-isolation': 'warn' },
      runs: 100,
      timeBudgetSeconds: 60,
    });
    expect(validateConfig(config, TS)).toEqual(config);
    expect(validateConfig({}, TS)).toEqual({});
  });

  it('rejects unknown keys with their path and what was expected', () => {
    expect(problem({ downstream: { expect: { mirro: { table: 'x' } } } })).toBe(
      'conformance.config.ts: downstream.expect.mirro: unknown key; expected mirror or state',
    );
    expect(problem({ runz: 3 })).toMatch(/^conformance\.config\.ts: runz: unknown key; did you mean runs\? expected handler, source, .* or timeBudgetSeconds$/);
    expect(problem({ table: { ...table, KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH', Extra: 1 }] } })).toBe(
      'conformance.config.ts: table.KeySchema[0].Extra: unknown key; expected AttributeName or KeyType',
    );
    expect(problem({ items: { sample: [] } })).toBe('conformance.config.ts: items.sample: unknown key; expected samples, attributes or maxSizeBytes');
  });

  it('rejects a Kinesis stream block in a config that names neither its source nor a table (it would run as DynamoDB)', () => {
    expect(problem({ stream: { ShardCount: 2 } })).toBe('conformance.config.ts: stream: describes a Kinesis stream, but the source is "dynamodb" (the default) and no table is given: set source: "kinesis"');
    expect(validateConfig({ source: 'kinesis', stream: { ShardCount: 2 } }, TS)).toEqual({ source: 'kinesis', stream: { ShardCount: 2 } });
  });

  it('rejects a mirror of a Kinesis stream, which has no source table to copy, naming expect.state instead', () => {
    const mirror = { dynamodb: { tables: [{ TableName: 'counts', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }] }, expect: { mirror: { table: 'counts' } } };
    expect(problem({ source: 'kinesis', downstream: mirror })).toBe('conformance.config.ts: downstream.expect.mirror: a mirror copies the source table, and a Kinesis stream has none; describe what the downstream should hold with downstream.expect.state, a function of the records (in a conformance.config.ts or .js)');
    expect(() => validateConfig({ downstream: mirror }, TS)).not.toThrow();
  });

  it('downstream.ignoreTables names declared tables', () => {
    const table = (TableName: string) => ({ TableName, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] });
    const downstream = (ignoreTables: unknown) => ({ downstream: { dynamodb: { tables: [table('replica'), table('idempotency')] }, ignoreTables } });
    expect(() => validateConfig(downstream(['idempotency']), TS)).not.toThrow();
    expect(problem(downstream(['idempotence']))).toBe('conformance.config.ts: downstream.ignoreTables[0]: "idempotence" is not a table of downstream.dynamodb.tables (replica, idempotency); did you mean "idempotency"?');
    expect(problem(downstream('idempotency'))).toBe('conformance.config.ts: downstream.ignoreTables: must be a list of strings, got "idempotency"');
  });

  it('rejects wrong types with the path and the value given', () => {
    expect(problem({ runs: 'ten' })).toBe('conformance.config.ts: runs: must be a positive integer, got "ten"');
    expect(problem({ runs: 0 })).toBe('conformance.config.ts: runs: must be a positive integer, got 0');
    expect(problem({ timeBudgetSeconds: -1 })).toBe('conformance.config.ts: timeBudgetSeconds: must be a positive number of seconds, got -1');
    expect(problem({ source: 'sqs' })).toBe('conformance.config.ts: source: must be "dynamodb" or "kinesis", got "sqs"');
    expect(problem({ handler: 42 })).toMatch(/^conformance\.config\.ts: handler: must be a non-empty string .*, got 42$/);
    expect(problem({ downstream: { ignoreFields: ['a', 3] } })).toBe('conformance.config.ts: downstream.ignoreFields[1]: must be a non-empty string, got 3');
    expect(problem({ function: { Timeout: 901 } })).toBe('conformance.config.ts: function.Timeout: must be an integer from 1 to 900 (seconds), got 901');
    expect(problem({ function: { MemorySize: 64 } })).toBe('conformance.config.ts: function.MemorySize: must be an integer from 128 to 10240 (MB), got 64');
    expect(problem({ function: { Environment: { Variables: { PORT: 8080 } } } })).toMatch(
      /^conformance\.config\.ts: function\.Environment\.Variables\.PORT: must be a string .*quote.*, got 8080$/,
    );
    expect(problem({ function: { Environment: { Variables: { TABLE: 'replica', AWS_REGION: 'eu-west-1' } } } })).toBe(
      'conformance.config.ts: function.Environment.Variables.AWS_REGION: is reserved: Lambda sets it itself and refuses a function configuration that sets it; remove it',
    );
    // not reserved: a function may set them
    expect(() => validateConfig({ function: { Environment: { Variables: { TZ: 'Europe/Paris', NODE_OPTIONS: '--enable-source-maps', AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1' } } } }, TS)).not.toThrow();
    expect(problem({ stream: { ShardCount: 501 } })).toBe('conformance.config.ts: stream.ShardCount: must be an integer from 1 to 500, got 501');
    expect(problem({ items: { maxSizeBytes: 409601 } })).toBe('conformance.config.ts: items.maxSizeBytes: must be an integer from 1 to 409600, got 409601');
    expect(problem({ items: { samples: [{ a: 1 }, 'b'] } })).toBe('conformance.config.ts: items.samples[1]: must be an item (an object of attributes), got "b"');
    expect(problem([])).toMatch(/^conformance\.config\.ts: the config must be an object .*, got \[\]$/);
  });

  it('checks the mapping with resolveMapping and prefixes the file', () => {
    expect(problem({ mapping: { BatchSize: 0 } })).toBe('conformance.config.ts: mapping.BatchSize: must be an integer from 1 to 10000, got 0');
    expect(problem({ mapping: { MaximumRetryAttempts: 10001 } })).toBe(
      'conformance.config.ts: mapping.MaximumRetryAttempts: must be -1 (infinite) or an integer from 0 to 10000, got 10001',
    );
    expect(problem({ mapping: { Batchsize: 10 } })).toMatch(/^conformance\.config\.ts: mapping\.Batchsize: unknown property/);
    // ranges depend on the source: AT_TIMESTAMP is Kinesis only
    const atTimestamp = { mapping: { StartingPosition: 'AT_TIMESTAMP', StartingPositionTimestamp: 1 } };
    expect(problem(atTimestamp)).toMatch(/^conformance\.config\.ts: mapping\.StartingPosition: must be one of TRIM_HORIZON, LATEST for a dynamodb source/);
    expect(() => validateConfig({ ...atTimestamp, source: 'kinesis' }, TS)).not.toThrow();
    expect(() => validateConfig(atTimestamp, TS, { source: 'kinesis' })).not.toThrow();
    // CloudFormation-only mapping keys are accepted
    expect(() => validateConfig({ mapping: { EventSourceArn: 'arn:x', Enabled: true, FunctionName: 'f' } }, TS)).not.toThrow();
  });

  it('checks the source table: key schema, definitions, stream view type, TTL', () => {
    expect(problem({ table: { AttributeDefinitions: [] } })).toMatch(/^conformance\.config\.ts: table\.KeySchema: required; /);
    expect(problem({ table: { ...table, KeySchema: [{ AttributeName: 'pk', KeyType: 'RANGE' }] } })).toBe(
      'conformance.config.ts: table.KeySchema: needs exactly one HASH key and at most one RANGE key, got 0 HASH and 1 RANGE',
    );
    expect(problem({ table: { ...table, KeySchema: [{ AttributeName: 'pk', KeyType: 'PRIMARY' }] } })).toBe(
      'conformance.config.ts: table.KeySchema[0].KeyType: must be "HASH" or "RANGE", got "PRIMARY"',
    );
    expect(problem({ table: { ...table, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] } })).toMatch(
      /^conformance\.config\.ts: table\.AttributeDefinitions: no definition for key attribute "sk"; add /,
    );
    expect(problem({ table: { ...table, AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'BOOL' }] } })).toBe(
      'conformance.config.ts: table.AttributeDefinitions[0].AttributeType: must be "S", "N" or "B", got "BOOL"',
    );
    expect(problem({ table: { ...table, StreamSpecification: { StreamViewType: 'NEW' } } })).toBe(
      'conformance.config.ts: table.StreamSpecification.StreamViewType: must be KEYS_ONLY, NEW_IMAGE, OLD_IMAGE or NEW_AND_OLD_IMAGES, got "NEW"',
    );
    expect(problem({ table: { ...table, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: 'yes' } } })).toBe(
      'conformance.config.ts: table.TimeToLiveSpecification.Enabled: must be true or false, got "yes"',
    );
    expect(problem({ table: { ...table, Indexes: [] } })).toMatch(
      /^conformance\.config\.ts: table\.Indexes: unknown key; expected KeySchema, .* \(or another AWS::DynamoDB::Table property, accepted and ignored\)$/,
    );
  });

  it('accepts and ignores CloudFormation keys the tool does not use', () => {
    const cfnTable = {
      ...table,
      TableName: 'orders', BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      GlobalSecondaryIndexes: [], LocalSecondaryIndexes: [], Tags: [{ Key: 'team', Value: 'a' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }, SSESpecification: { SSEEnabled: true },
      TableClass: 'STANDARD', DeletionProtectionEnabled: true, ContributorInsightsSpecification: { Enabled: false },
      KinesisStreamSpecification: {}, ImportSourceSpecification: {}, OnDemandThroughput: {}, WarmThroughput: {}, ResourcePolicy: {},
      StreamSpecification: { StreamViewType: 'NEW_IMAGE', ResourcePolicy: {} },
    };
    const fn = {
      Timeout: 10, FunctionName: 'f', Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::1:role/r', CodeUri: '.',
      Code: {}, Architectures: ['arm64'], Layers: [], Tags: {}, Description: '', Policies: [], Events: {}, ReservedConcurrentExecutions: 1,
      VpcConfig: {}, TracingConfig: {}, DeadLetterQueue: {}, EphemeralStorage: {}, LoggingConfig: {}, PackageType: 'Zip', ImageUri: '',
      KmsKeyArn: '', SnapStart: {}, RuntimeManagementConfig: {}, AutoPublishAlias: 'live', DeploymentPreference: {}, FunctionUrlConfig: {},
    };
    const config = { table: cfnTable, function: fn, stream: { ShardCount: 1, Name: 's', RetentionPeriodHours: 24, Tags: [] } };
    expect(validateConfig(config, TS)).toEqual(config);
    // a whole pasted resource is unwrapped to its Properties
    const resource = { Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', Properties: cfnTable };
    expect(validateConfig({ table: resource }, TS).table).toBe(cfnTable);
    expect(problem({ table: { Type: 'AWS::DynamoDB::Table', Properties: { ...table, Foo: 1 } } })).toMatch(
      /^conformance\.config\.ts: table\.Properties\.Foo: unknown key; /,
    );
  });

  it('suggests the nearest rule id for a typo and checks the settings', () => {
    expect(problem({ rules: { 'per-key-order': 'warn' } })).toBe(
      'conformance.config.ts: rules.per-key-order: unknown rule id; did you mean per-key-ordering? (rule ids: batch-response-shape, no-silent-loss, checkpoint-safety, idempotent-redelivery, producer-duplicates, per-key-ordering, valid-record-robustness, poison-pill-isolation, expected-state, mapping-config)',
    );
    expect(problem({ rules: { 'no-silent-los': 'off' } })).toContain('did you mean no-silent-loss?');
    expect(problem({ rules: { zzz: 'off' } })).not.toContain('did you mean');
    expect(problem({ rules: { 'mapping-config': 'warning' } })).toBe(
      'conformance.config.ts: rules.mapping-config: must be "error", "warn" or "off", got "warning"',
    );
  });

  it('requires an origin as http key and checks the canned response', () => {
    expect(problem({ downstream: { http: { 'hooks.example.com': {} } } })).toBe(
      'conformance.config.ts: downstream.http["hooks.example.com"]: must be an origin like https://hooks.example.com (scheme and host, optional port, nothing after)',
    );
    expect(problem({ downstream: { http: { 'https://hooks.example.com/v1/events': {} } } })).toBe(
      'conformance.config.ts: downstream.http["https://hooks.example.com/v1/events"]: must be an origin like https://hooks.example.com (scheme and host, optional port, nothing after); use "https://hooks.example.com"',
    );
    expect(problem({ downstream: { http: { 'https://a.example.com': { status: 99 } } } })).toBe(
      'conformance.config.ts: downstream.http["https://a.example.com"].status: must be an integer from 100 to 599, got 99',
    );
    expect(problem({ downstream: { http: { 'http://localhost:8080': { body: { ok: true } } } } })).toMatch(
      /^conformance\.config\.ts: downstream\.http\["http:\/\/localhost:8080"\]\.body: must be a string/,
    );
    expect(() => validateConfig({ downstream: { http: { 'http://localhost:8080': { headers: { 'content-type': 'application/json' } } } } }, TS)).not.toThrow();
  });

  it('checks downstream.services: service and operation names, the output or a function, effect', () => {
    const ok = { scheduler: { CreateSchedule: { response: { ScheduleArn: 'arn' } }, GetSchedule: { response: {}, effect: false } }, 'secrets-manager': { GetSecretValue: {} } };
    expect(() => validateConfig({ downstream: { services: ok } }, JSON_FILE)).not.toThrow();
    expect(() => validateConfig({ downstream: { services: { sfn: { StartExecution: { response: () => ({}) } } } } }, TS)).not.toThrow();
    expect(problem({ downstream: { services: { scheduler: { createSchedule: {} } } } })).toBe(
      'conformance.config.ts: downstream.services.scheduler.createSchedule: must be an operation name as the API spells it, e.g. "CreateSchedule"',
    );
    expect(problem({ downstream: { services: { scheduler: { CreateSchedule: { reponse: {} } } } } })).toMatch(/CreateSchedule\.reponse: unknown key; expected "response" or "effect"|CreateSchedule\.reponse: unknown key/);
    expect(problem({ downstream: { services: { scheduler: { CreateSchedule: { response: 'arn' } } } } }, JSON_FILE)).toBe(
      'conformance.config.json: downstream.services.scheduler.CreateSchedule.response: must be the operation\'s output as an object (e.g. { "ScheduleArn": "arn:aws:scheduler:…" }), got "arn"',
    );
    expect(problem({ downstream: { services: { scheduler: { CreateSchedule: { effect: 'no' } } } } })).toMatch(/CreateSchedule\.effect: must be true or false/);
    expect(problem({ downstream: { services: { 'https://hooks.partner.example': { POST: {} } } } })).toMatch(/services\["https:\/\/hooks\.partner\.example"\]: is a URL: an HTTP endpoint the handler calls goes under downstream\.http/);
    expect(problem({ downstream: { services: { sqs: { SendMessage: {} } } } })).toMatch(/sqs\.SendMessage: is emulated by stream-conformance/);
    expect(problem({ downstream: { services: { dynamodb: { PutItem: {} } } } })).toMatch(/services\.dynamodb: DynamoDB is emulated: declare its tables in downstream\.dynamodb\.tables instead/);
    expect(problem({ downstream: { services: { scheduler: [] } } })).toMatch(/services\.scheduler: must be an object \{ "<Operation>"/);
  });

  it('accepts answers per route and responder functions for http targets, and checks route keys', () => {
    const routes = { 'POST /orders/*': { status: 201 }, '/health': { body: '{"up":true}' }, 'GET /files/**': { status: 404 } };
    expect(() => validateConfig({ downstream: { http: { 'https://api.example.com': { status: 200, routes } } } }, TS)).not.toThrow();
    expect(() => validateConfig({ downstream: { http: { 'https://api.example.com': () => ({ status: 204 }) } } }, TS)).not.toThrow();
    expect(problem({ downstream: { http: { 'https://api.example.com': { routes: { 'orders': {} } } } } })).toBe(
      'conformance.config.ts: downstream.http["https://api.example.com"].routes.orders: must be "METHOD /path" or "/path" (`*` matches a path segment, a trailing `/**` the rest)',
    );
    expect(problem({ downstream: { http: { 'https://api.example.com': { routes: { 'POST /x': { status: 700 } } } } } })).toMatch(
      /routes\["POST \/x"\]\.status: must be an integer from 100 to 599, got 700/,
    );
  });

  it('checks the items the downstream tables start with: a declared table, its key attributes with their types, each key once', () => {
    const tables = [replica];
    const at = (items: unknown) => problem({ downstream: { dynamodb: { tables, items } } });
    expect(at({ other: [] })).toBe('conformance.config.ts: downstream.dynamodb.items.other: "other" is not declared in downstream.dynamodb.tables (declared: replica)');
    expect(at({ replica: {} })).toBe('conformance.config.ts: downstream.dynamodb.items.replica: must be a list of items (plain JSON objects)');
    expect(at({ replica: [{ id: 'a' }, 'b'] })).toMatch(/^conformance\.config\.ts: downstream\.dynamodb\.items\.replica\[1\]: must be an item \(a plain JSON object\)/);
    expect(at({ replica: [{ id: 7 }] })).toBe("conformance.config.ts: downstream.dynamodb.items.replica[0].id: required: the table's key attribute must be a string, got 7");
    expect(at({ replica: [{ id: 'a', n: 1 }, { id: 'a', n: 2 }] })).toBe('conformance.config.ts: downstream.dynamodb.items.replica[1]: has the same key as downstream.dynamodb.items.replica[0]');
    expect(() => validateConfig({ downstream: { dynamodb: { tables, items: { replica: [{ id: 'a', stock: 5 }, { id: 'b' }] } } } }, TS)).not.toThrow();
  });

  it('refuses the source table among the downstream tables (the handler reads it without declaring it), on DynamoDB only', () => {
    const orders = { ...table, TableName: 'orders' };
    expect(problem({ table: orders, downstream: { dynamodb: { tables: [replica, { ...replica, TableName: 'orders' }] } } })).toBe(
      'conformance.config.ts: downstream.dynamodb.tables[1]: "orders" is the source table (table.TableName): the handler reads it as it was at each invocation, without declaring it; remove it from downstream.dynamodb.tables',
    );
    expect(() => validateConfig({ table: orders, downstream: { dynamodb: { tables: [replica] } } }, TS)).not.toThrow();
    expect(() => validateConfig({ source: 'kinesis', table: orders, downstream: { dynamodb: { tables: [{ ...replica, TableName: 'orders' }] } } }, TS)).not.toThrow();
  });

  it('checks downstream tables with the table declaration rules, and the mirror against them', () => {
    expect(problem({ downstream: { dynamodb: { tables: [{ KeySchema: [], AttributeDefinitions: [] }] } } })).toBe(
      'conformance.config.ts: downstream.dynamodb.tables[0].TableName: required',
    );
    expect(problem({ downstream: { dynamodb: { tables: {} } } })).toBe('conformance.config.ts: downstream.dynamodb.tables: must be a list of tables');
    expect(problem({ downstream: { expect: { mirror: { table: 'replica' } } } })).toBe(
      'conformance.config.ts: downstream.expect.mirror.table: "replica" is not declared; add it to downstream.dynamodb.tables',
    );
    expect(problem({ downstream: { dynamodb: { tables: [replica] }, expect: { mirror: { table: 'other' } } } })).toBe(
      'conformance.config.ts: downstream.expect.mirror.table: "other" is not declared in downstream.dynamodb.tables (declared: replica)',
    );
    expect(problem({ table, downstream: { dynamodb: { tables: [replica] }, expect: { mirror: { table: 'replica', keyMap: { id: 'pk' } } } } })).toBe(
      'conformance.config.ts: downstream.expect.mirror.keyMap.id: is not a key attribute of the source table (pk, sk)',
    );
  });

  it('accepts functions and arbitraries from TS/JS configs and refuses function-only keys in JSON', () => {
    const fns = {
      items: fc.record({ pk: fc.string() }),
      downstream: { expect: { state: () => ({}) }, custom: { reset: () => {}, snapshot: () => ({}) }, messageKey: (body: unknown) => body },
    };
    expect(validateConfig(fns, TS)).toEqual(fns);
    // an arbitrary from another copy of fast-check: anything that generates and shrinks
    expect(() => validateConfig({ items: { generate() {}, shrink() {} } }, TS)).not.toThrow();

    expect(problem({ downstream: { expect: { state: 'items => items' } } }, JSON_FILE)).toBe(
      'conformance.config.json: downstream.expect.state: must be a function, which a JSON config cannot hold; write the config as conformance.config.ts to use it',
    );
    expect(problem({ downstream: { custom: {} } }, JSON_FILE)).toMatch(/^conformance\.config\.json: downstream\.custom: needs functions .* JSON config cannot hold/);
    expect(problem({ downstream: { messageKey: 3 } }, JSON_FILE)).toBe(
      'conformance.config.json: downstream.messageKey: must be a dotted path into the message body (e.g. "detail.id"), got 3',
    );
    expect(problem({ downstream: { expect: { state: 'x' } } })).toMatch(/^conformance\.config\.ts: downstream\.expect\.state: must be a function from .*, got "x"$/);
    expect(problem({ downstream: { custom: { reset: () => {} } } })).toMatch(/^conformance\.config\.ts: downstream\.custom\.snapshot: must be a function/);
  });
});

describe('validateConfig: pasted keys and typos (issue 14)', () => {
  it('mapping.BachSize gets a "did you mean BatchSize?"', () => {
    expect(problem({ mapping: { BachSize: 10 } })).toMatch(/mapping\.BachSize: unknown property; did you mean BatchSize\?/);
  });

  it('StreamSpecification.StreamEnabled, as CreateTable has it, is accepted (and false is refused with the fix)', () => {
    expect(() => validateConfig({ table: { ...table, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' } } }, TS)).not.toThrow();
    expect(problem({ table: { ...table, StreamSpecification: { StreamEnabled: false, StreamViewType: 'NEW_IMAGE' } } })).toContain('table.StreamSpecification.StreamEnabled: is false');
  });
});

describe('validateConfig: the source table', () => {
  it('a TableName DynamoDB would refuse is refused with the rule, at table.TableName', () => {
    expect(() => validateConfig({ table: { ...table, TableName: 'orders-v2.prod_1' } }, TS)).not.toThrow();
    expect(problem({ table: { ...table, TableName: 't' } })).toContain(`table.TableName: must be a DynamoDB table name (3 to 255 letters, digits, '_', '-' or '.'), got "t"`);
    expect(problem({ table: { ...table, TableName: 'orders table' } })).toContain('table.TableName: must be a DynamoDB table name');
  });
});

describe('validateConfig: downstream.search and index mirrors', () => {
  const endpoint = 'https://search-orders-abc.us-east-1.es.amazonaws.com';
  const table: SourceTable = {
    KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'orderId', AttributeType: 'S' }],
  };

  it('accepts endpoints with an engine and an optional version', () => {
    expect(() => validateConfig({ downstream: { search: [{ endpoint, engine: 'opensearch' }, { endpoint: 'http://localhost:9200', engine: 'elasticsearch', version: '7.17.0' }] } }, TS)).not.toThrow();
  });

  it('checks each endpoint: an origin, once, a known engine, a version string', () => {
    expect(problem({ downstream: { search: { endpoint } } })).toMatch(/downstream\.search: must be a list of \{ endpoint, engine, version\? \}/);
    expect(problem({ downstream: { search: [{ endpoint: `${endpoint}/orders`, engine: 'opensearch' }] } })).toBe(
      `conformance.config.ts: downstream.search[0].endpoint: must be an origin like https://search-orders.us-east-1.es.amazonaws.com (scheme and host, optional port, nothing after); use "${endpoint}"`,
    );
    expect(problem({ downstream: { search: [{ endpoint, engine: 'solr' }] } })).toBe('conformance.config.ts: downstream.search[0].engine: must be "opensearch" or "elasticsearch", got "solr"');
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch', version: 8 }] } })).toMatch(/downstream\.search\[0\]\.version: must be a version string/);
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch' }, { endpoint, engine: 'elasticsearch' }] } })).toMatch(/downstream\.search\[1\]\.endpoint: ".*" is declared twice/);
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch', index: 'orders' }] } })).toMatch(/downstream\.search\[0\]\.index: unknown key/);
  });

  it('an index mirror needs a search endpoint, and idFrom without a source table', () => {
    expect(problem({ table, downstream: { expect: { mirror: { index: 'orders', idFrom: 'orderId' } } } })).toBe(
      'conformance.config.ts: downstream.expect.mirror.index: needs a search endpoint; add { endpoint, engine } to downstream.search',
    );
    expect(problem({ downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders' } } } })).toMatch(/downstream\.expect\.mirror\.idFrom: required without a source table/);
    expect(problem({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', idFrom: 3 } } } })).toMatch(/downstream\.expect\.mirror\.idFrom: must be a list of strings/);
    expect(problem({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', table: 'x' } } } })).toMatch(/downstream\.expect\.mirror\.table: unknown key/);
    for (const idField of ['idField', 'id', 'docId', 'idAttributes']) {
      expect(problem({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', [idField]: 'orderId' } } } })).toMatch(new RegExp(`mirror\\.${idField}: unknown key; did you mean idFrom\\?`));
    }
    expect(() => validateConfig({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders' } } } }, TS)).not.toThrow();
    expect(() => validateConfig({ table, downstream: { search: [{ endpoint, engine: 'opensearch' }], expect: { mirror: { index: 'orders', idFrom: ['orderId'], separator: '|' } } } }, TS)).not.toThrow();
  });
});
