import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIo } from '../../src/cli/main.js';

/** The real CLI, end to end: a SAM template instead of the hand-written config. */
const root = join(import.meta.dirname, '..', '..');

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => ((stdout += s), true), isTTY: false },
    stderr: { write: (s: string) => ((stderr += s), true), isTTY: false },
    cwd: root,
    env: { NO_COLOR: '1' },
  };
  // one harness per check (the verdicts do not depend on the worker count: test/run/pool.test.ts)
  const code = await main([...args, '--runs', '5', '--seed', '1', '--workers', '1', '--reporter', 'json=-'], io);
  const report = code === 2 ? undefined : (JSON.parse(stdout) as { ok: boolean; mapping: string; rules: { id: string; status: string }[] });
  return { code, stderr, report, verdicts: report?.rules.map((r) => `${r.id}: ${r.status}`) };
}

describe('conformance --template, end to end', () => {
  it('gives the verdicts of the hand-written config', async () => {
    const handWritten = await run(['-c', 'examples/orders-projection/conformance.config.json']);
    // what a template cannot say (item samples, fields to ignore, the mirror expectation) stays in a config
    const fromTemplate = await run([
      '--template', 'test/fixtures/templates/sam/template.yaml', 'examples/orders-projection/handler.ts',
      '-c', 'test/fixtures/templates/sam/extras.config.json',
    ]);
    expect(handWritten.code).toBe(0);
    expect(fromTemplate.code).toBe(handWritten.code);
    expect(fromTemplate.verdicts).toEqual(handWritten.verdicts);
    expect(fromTemplate.report?.mapping).toBe(handWritten.report?.mapping);
    expect(fromTemplate.stderr).toBe(
      'conformance: template: using OrdersProjectionFunction/OrdersStream (AWS::Serverless::Function event) from test/fixtures/templates/sam/template.yaml\n',
    );

    // with no config at all, only the rule that needs an expectation has nothing to check
    const templateOnly = await run(['--template', 'test/fixtures/templates/sam/template.yaml', 'examples/orders-projection/handler.ts']);
    expect(templateOnly.code).toBe(0);
    expect(templateOnly.verdicts).toEqual(handWritten.verdicts?.map((v) => (v.startsWith('expected-state:') ? 'expected-state: skip' : v)));
  });

  it('a template the handler is not in: exit 2 with one line', async () => {
    const { code, stderr } = await run(['--template', 'test/fixtures/templates/two-functions/template.yaml', 'examples/orders-projection/handler.ts']);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'conformance: test/fixtures/templates/two-functions/template.yaml: no stream mapping for the handler examples/orders-projection/handler.ts, ' +
        'found: IndexerFunction/Stream (src/indexer.handler), NotifierFunction/Stream (notifier.notify); pass the handler of one of them or its name (IndexerFunction/Stream, say), or set mapping.logicalId in the config\n',
    );
  });

  it('a function of the template named in place of its handler: that function alone; an unknown name lists them', async () => {
    const named = await run(['--template', 'test/fixtures/templates/two-functions/template.yaml', 'IndexerFunction']);
    expect(named.code).not.toBe(2);
    expect(named.stderr).toContain('template: using IndexerFunction/Stream');
    expect(named.stderr).not.toContain('NotifierFunction/Stream (');
    const unknown = await run(['--template', 'test/fixtures/templates/two-functions/template.yaml', 'IndexFunction']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no stream mapping for the handler IndexFunction, found: IndexerFunction/Stream');
  });

  it("a template whose Handler names an export the file lacks: exit 2, the fix is the template's Handler", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-template-'));
    const template = join(dir, 'template.yaml');
    writeFileSync(template, `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      KeySchema: [{ AttributeName: orderId, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: orderId, AttributeType: S }]
      StreamSpecification: { StreamViewType: NEW_AND_OLD_IMAGES }
  Replica:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders-replica
      KeySchema: [{ AttributeName: orderId, KeyType: HASH }]
      AttributeDefinitions: [{ AttributeName: orderId, AttributeType: S }]
  Projection:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ${join(root, 'examples', 'orders-projection')}
      Handler: handler.main
      Events:
        Stream:
          Type: DynamoDB
          Properties: { Stream: !GetAtt Orders.StreamArn, StartingPosition: TRIM_HORIZON }
`);
    const { code, stderr } = await run(['--template', template]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^conformance: .*handler\.ts has no export "main"; its exports are: handler\. Fix the Handler of Projection\/Stream in .*template\.yaml \(handler\.main\): after the file's dot, name the export that is the handler\.$/);
  });
});
