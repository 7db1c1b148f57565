import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectDependsOnSdk } from '../../src/harness/project.js';
import { makeProject } from './load/support.js';

describe('projectDependsOnSdk', () => {
  it('recognises SDK v2 and v3 projects', () => {
    expect(projectDependsOnSdk('test/fixtures/consumers/sdk-v2-project/swallowed-validation.cjs')).toBe(true);
    // this repository depends on @aws-sdk/* clients
    expect(projectDependsOnSdk('test/fixtures/consumers/fetcher.mjs')).toBe(true);
  });

  const root = makeProject({
    'plain/package.json': '{ "name": "plain", "dependencies": { "axios": "^1" }, "devDependencies": { "vitest": "^4" } }',
    'v3-dev/package.json': '{ "name": "v3", "devDependencies": { "@aws-sdk/client-sqs": "^3" } }',
    'v3-peer/package.json': '{ "name": "v3", "peerDependencies": { "@aws-sdk/lib-dynamodb": "^3" } }',
    'look-alike/package.json': '{ "name": "l", "dependencies": { "aws-sdk-mock": "^1", "@aws-sdkx/client": "^1" } }',
    'broken/package.json': '{ "dependencies": ',
    'workspace/package.json': '{ "name": "root", "devDependencies": { "aws-sdk": "^2" } }',
    'workspace/packages/consumer/package.json': '{ "name": "consumer" }',
    'workspace/packages/broken/package.json': '{ ',
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const dependsAt = (dir: string) => projectDependsOnSdk(join(root, dir, 'src', 'handler.ts'));

  it('reads dependencies, devDependencies and peerDependencies, by exact package name', () => {
    expect(dependsAt('v3-dev')).toBe(true);
    expect(dependsAt('v3-peer')).toBe(true);
    expect(dependsAt('plain')).toBe(false);
    expect(dependsAt('look-alike')).toBe(false);
    expect(dependsAt('broken')).toBe(false);
  });

  it('goes on up past a manifest without the SDK or an unreadable one (a workspace package under its root)', () => {
    expect(dependsAt('workspace/packages/consumer')).toBe(true);
    expect(dependsAt('workspace/packages/broken')).toBe(true);
    expect(projectDependsOnSdk('/nonexistent/dir/handler.ts')).toBe(false);
  });
});
