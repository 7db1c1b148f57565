import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ruleIds } from '../../src/config/types.js';
import { ruleDocsUrl } from '../../properties/docs-url.js';
import { cleanEnv, createProject, installedVersion, packedTarball } from './support.js';

/**
 * `stream-conformance/vitest` as a new user meets it: fresh projects (ESM and CommonJS) install the
 * packed tarball and vitest 4, write a correct and a buggy handler with a `*.test.ts` that calls
 * `describeConformance(...)`, and run `npx vitest run --reporter=json` there. (vitest 5 needs
 * Node 22; the peer range allows it, but it is not exercised on Node 20.)
 */
const work = mkdtempSync(join(tmpdir(), 'stream-conformance-vitest-'));
let tarball = '';

const correctHandler = `import { ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamHandler } from 'aws-lambda';
const client = new DynamoDBClient({});
const guard = (version: string) => ({ ConditionExpression: 'attribute_not_exists(#v) OR #v < :v', ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': { S: version } } });
export const handler: DynamoDBStreamHandler = async (event) => {
  for (const [index, record] of event.Records.entries()) {
    const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
    const version = SequenceNumber!.padStart(40, '0');
    try {
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'replica', Key: Keys as never, ...guard(version) }));
      else await client.send(new PutItemCommand({ TableName: 'replica', Item: { ...(NewImage as never), version: { S: version } }, ...guard(version) }));
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
      if (index === 0) throw error;
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
};
`;
// the bug: eventID as itemIdentifier (and a partial response from the first record on, so that every failure shows it)
const buggyHandler = correctHandler.replace('      if (index === 0) throw error;\n', '').replace('itemIdentifier: r.dynamodb!.SequenceNumber!', 'itemIdentifier: r.eventID!');

const config = {
  // items like the samples (no binary attributes: the handler writes the stream's JSON images as they are, which would encode binary twice)
  items: { samples: [{ status: 'NEW', total: 3 }, { status: 'PAID', total: 12.5, tags: ['gift'] }] },
  mapping: {
    StartingPosition: 'TRIM_HORIZON', BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, MaximumRetryAttempts: 2,
    DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:dlq' } },
  },
  downstream: {
    dynamodb: { tables: [{ TableName: 'replica', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }] },
    ignoreFields: ['version'],
    expect: { mirror: { table: 'replica' } },
  },
};

/** A test file as a user writes it: the config inline, one vitest test per rule. */
function testFile(handler: string, runs: number): string {
  const body = JSON.stringify({ handler, ...config }, null, 2);
  return `import { describeConformance } from 'stream-conformance/vitest';\n\ndescribeConformance(${body}, { runs: ${runs}, seed: 1 });\n`;
}

interface VitestJson {
  success: boolean;
  testResults: { name: string; assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

function vitest(dir: string): { status: number | null; results: VitestJson; stderr: string } {
  const run = spawnSync('npx', ['--no-install', 'vitest', 'run', '--reporter=json', '--outputFile=results.json'], { cwd: dir, encoding: 'utf8', env: cleanEnv(), timeout: 240_000 });
  return { status: run.status, results: JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as VitestJson, stderr: run.stderr };
}

/** The per-rule tests of one test file: title → status and failure text. */
function ruleResults(results: VitestJson, file: string): Map<string, { status: string; failure: string }> {
  const suite = results.testResults.find((s) => s.name.endsWith(file));
  if (!suite) throw new Error(`no results for ${file}: ${results.testResults.map((s) => s.name).join(', ')}`);
  return new Map(suite.assertionResults.map((a) => [a.title, { status: a.status, failure: a.failureMessages.join('\n') }]));
}

beforeAll(() => {
  tarball = packedTarball();
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(['module', 'commonjs'] as const)('stream-conformance/vitest installed into a fresh %s project with vitest 4', (type) => {
  let run: ReturnType<typeof vitest>;
  beforeAll(() => {
    const dir = createProject(join(work, `vitest-${type}`), {
      type,
      tarball,
      devDependencies: { vitest: installedVersion('vitest'), '@aws-sdk/client-dynamodb': installedVersion('@aws-sdk/client-dynamodb'), '@types/aws-lambda': '*' },
      files: {
        'src/handler.ts': correctHandler,
        'src/buggy.ts': buggyHandler,
        'test/handler.test.ts': testFile('src/handler.ts', 15),
        'test/buggy.test.ts': testFile('src/buggy.ts', 20),
      },
    });
    run = vitest(dir);
  }, 600_000);

  it('runs both test files, and fails the run because of the buggy handler', () => {
    expect(run.results.testResults).toHaveLength(2);
    expect(run.status, run.stderr).toBe(1);
    expect(run.results.success).toBe(false);
  });

  it('a test per rule, and every one passes for the correct handler', () => {
    const rules = ruleResults(run.results, 'handler.test.ts');
    expect([...rules.keys()].sort()).toEqual([...ruleIds].sort());
    // producer-duplicates is a Kinesis rule: skipped for a DynamoDB source
    for (const [id, result] of rules) expect({ id, ...result }).toEqual({ id, status: id === 'producer-duplicates' ? 'skipped' : 'passed', failure: '' });
  });

  it('the broken rule’s test fails with its counterexample for the buggy handler', () => {
    const rules = ruleResults(run.results, 'buggy.test.ts');
    expect([...rules.keys()].sort()).toEqual([...ruleIds].sort());
    const broken = rules.get('batch-response-shape')!;
    expect(broken.status).toBe('failed');
    expect(broken.failure).toContain('FAIL batch-response-shape');
    expect(broken.failure).toMatch(/itemIdentifier "[0-9a-f]{32}" is not the sequence number of a record in this batch/);
    expect(broken.failure).toContain('Counterexample (shrunk):');
    expect(broken.failure).toMatch(/Records \(\d+\):/);
    expect(broken.failure).toMatch(/Replay: describeConformance\(config, \{ replay: '[A-Za-z0-9_-]+' \}\)/);
    expect(broken.failure).toContain(`Docs: ${ruleDocsUrl('batch-response-shape')}`);
    // the bug is in the response only: the rules it cannot break still pass
    for (const id of ['valid-record-robustness', 'mapping-config'] as const) expect(rules.get(id)?.status, id).toBe('passed');
  });
});
