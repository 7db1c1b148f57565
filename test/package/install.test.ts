import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, installedVersion, packedTarball } from './support.js';

/**
 * As a new user would: pack the package, install the tarball into fresh projects (ESM and
 * CommonJS, each with a TypeScript handler and the AWS SDK) and run `npx conformance` there.
 */
const work = mkdtempSync(join(tmpdir(), 'stream-conformance-install-'));
const sdkVersion = installedVersion('@aws-sdk/client-dynamodb');
let tarball = '';

const correctHandler = `import { DynamoDBClient, PutItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
const client = new DynamoDBClient({});
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  for (const [index, record] of event.Records.entries()) {
    const { Keys, NewImage, SequenceNumber } = record.dynamodb!;
    const version = SequenceNumber!.padStart(40, '0');
    try {
      if (record.eventName === 'REMOVE') await client.send(new DeleteItemCommand({ TableName: 'replica', Key: Keys as never }));
      else await client.send(new PutItemCommand({ TableName: 'replica', Item: { ...(NewImage as never), version: { S: version } } }));
    } catch {
      return { batchItemFailures: event.Records.slice(index).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
    }
  }
  return { batchItemFailures: [] };
};
`;
const buggyHandler = correctHandler.replace("itemIdentifier: r.dynamodb!.SequenceNumber!", 'itemIdentifier: r.eventID!');

const config = {
  handler: 'src/handler.ts',
  mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 5, FunctionResponseTypes: ['ReportBatchItemFailures'], BisectBatchOnFunctionError: true, MaximumRetryAttempts: 2 },
  downstream: {
    dynamodb: { tables: [{ TableName: 'replica', KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }] }] },
    ignoreFields: ['version'],
  },
  rules: { 'mapping-config': 'warn' },
};

function project(name: string, type: 'module' | 'commonjs'): string {
  return createProject(join(work, name), {
    type,
    tarball,
    devDependencies: { '@aws-sdk/client-dynamodb': sdkVersion, '@types/aws-lambda': '*' },
    files: { 'src/handler.ts': correctHandler, 'src/buggy.ts': buggyHandler, 'conformance.config.json': JSON.stringify(config, null, 2) },
  });
}

function conformance(dir: string, args: string[]) {
  const result = spawnSync('npx', ['--no-install', 'conformance', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  tarball = packedTarball();
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(['module', 'commonjs'] as const)('installed from the packed tarball into a fresh %s project', (type) => {
  let dir = '';
  beforeAll(() => {
    dir = project(`consumer-${type}`, type);
  }, 300_000);

  it('passes a correct TypeScript handler (exit 0) and writes the JSON report', () => {
    const run = conformance(dir, ['--runs', '15', '--seed', '1', '--reporter', 'json=-']);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { ok: boolean; seed: number; rules: { id: string; status: string }[]; tool: { name: string } };
    expect(report).toMatchObject({ ok: true, seed: 1, tool: { name: 'stream-conformance' } });
    expect(report.rules.map((r) => r.id)).toContain('per-key-ordering');
  }, 120_000);

  it('fails a handler that reports eventID (exit 1, with the rule id)', () => {
    const run = conformance(dir, ['src/buggy.ts', '--runs', '40', '--seed', '2', '--reporter', 'json=-']);
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; rules: { id: string; status: string }[] };
    expect(report.rules.find((r) => r.id === 'batch-response-shape')?.status).toBe('fail');
  }, 120_000);

  it('exits 2 with one line when the handler does not exist', () => {
    const run = conformance(dir, ['src/handlr.ts']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/src\/handlr\.ts.*src\/handler\.ts/);
  }, 60_000);
});
