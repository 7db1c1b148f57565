import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { functionHandler, selectMapping, withoutExtension, type SelectOptions } from '../../../src/config/template/select.js';
import type { HandlerModule, LambdaFunction, StreamMapping } from '../../../src/config/template/types.js';

const cwd = '/repo';
const where = 'template.yaml';

function module(path: string, options: Partial<HandlerModule> = {}): HandlerModule {
  return { path, exact: false, bundled: false, exportName: 'handler', ...options };
}

function fn(id: string, handler: string | undefined, modules: HandlerModule[], names: string[] = [id]): LambdaFunction {
  return { id, handler, modules, names };
}

function mapping(id: string, lambda: LambdaFunction | undefined, names: string[] = [id]): StreamMapping {
  return { id, kind: 'AWS::Serverless::Function event', names, fn: lambda, config: {}, warnings: [] };
}

const orders = mapping('OrdersFunction/Stream', fn('OrdersFunction', 'src/orders/index.handler', [module('/repo/src/orders/index')]), ['OrdersFunction/Stream', 'OrdersFunction', 'Stream']);
const billing = mapping('BillingFunction/Stream', fn('BillingFunction', 'src/billing/index.handler', [module('/repo/src/billing/index')]), ['BillingFunction/Stream', 'BillingFunction', 'Stream']);

function select(mappings: StreamMapping[], options: Partial<SelectOptions> = {}) {
  return selectMapping(mappings, { where, cwd, ...options });
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('selectMapping', () => {
  it('picks the mapping whose function\'s handler is the checked file, whatever its extension', () => {
    expect(select([orders, billing], { handler: { file: '/repo/src/billing/index.ts' } }).mapping).toBe(billing);
    expect(select([orders, billing], { handler: { file: '/repo/src/orders/index.mjs', exportName: 'handler' } }).mapping).toBe(orders);
  });

  it('then the one sharing the most trailing path segments (built code next to its sources)', () => {
    const built = mapping('Built', fn('Built', 'dist/billing/index.handler', [module('/repo/dist/billing/index')]));
    const other = mapping('Other', fn('Other', 'dist/orders/main.handler', [module('/repo/dist/orders/main')]));
    expect(select([other, built], { handler: { file: '/repo/src/billing/index.ts' } }).mapping).toBe(built);
  });

  it('then the one whose construct name is a word of the handler path (CDK)', () => {
    const cdk = (id: string, name: string) => mapping(id, fn(`${name}886CB40B`, 'index.handler', [module(`/repo/cdk.out/asset.${id}/index`, { bundled: true })], [`${name}886CB40B`, name]));
    const [a, b] = [cdk('A', 'OrdersHandler'), cdk('B', 'BillingHandler')];
    expect(select([a, b], { handler: { file: '/repo/src/orders-handler.ts' } }).mapping).toBe(a);
  });

  it('tells apart two functions of one file by their export', () => {
    const inFile = (id: string, exportName: string) => mapping(id, fn(id, `src/handlers.${exportName}`, [module('/repo/src/handlers', { exportName })]));
    const [a, b] = [inFile('Orders', 'orders'), inFile('Billing', 'billing')];
    expect(select([a, b], { handler: { file: '/repo/src/handlers.ts', exportName: 'billing' } }).mapping).toBe(b);
    expect(errorOf(() => select([a, b], { handler: { file: '/repo/src/handlers.ts' } }))).toMatch(/^template\.yaml: the handler src\/handlers\.ts matches 2 stream mappings: Orders \(Orders: src\/handlers\.orders\), Billing/);
  });

  it('takes the only mapping for a handler that does not look like its function\'s, with a warning', () => {
    const picked = select([orders], { handler: { file: '/repo/tools/replay.ts' } });
    expect(picked.mapping).toBe(orders);
    expect(picked.warnings).toEqual(["template: the handler tools/replay.ts does not look like OrdersFunction/Stream (src/orders/index.handler)'s; using it, the template's only stream mapping"]);
    expect(select([orders]).warnings).toEqual([]);
  });

  it('by logicalId: a mapping\'s or its function\'s; an exact id wins over a shared name', () => {
    expect(select([orders, billing], { logicalId: 'BillingFunction', handler: { file: '/repo/src/orders/index.ts' } }).mapping).toBe(billing);
    expect(select([orders, billing], { logicalId: 'OrdersFunction/Stream' }).mapping).toBe(orders);
    expect(errorOf(() => select([orders, billing], { logicalId: 'Stream' }))).toBe(
      'template.yaml: logicalId Stream names 2 stream mappings: OrdersFunction/Stream (src/orders/index.handler), BillingFunction/Stream (src/billing/index.handler); set mapping.logicalId to one of these',
    );
    expect(errorOf(() => select([orders], { logicalId: 'Nope' }))).toBe(
      'template.yaml: no stream mapping or function with logicalId Nope, found: OrdersFunction/Stream (src/orders/index.handler); set mapping.logicalId to one of these',
    );
  });

  it('one line for no mapping, several without a handler, and a handler behind two', () => {
    expect(errorOf(() => select([]))).toMatch(/^template\.yaml: no DynamoDB or Kinesis stream mapping found .*; add one to the template, or set source, table and mapping in the config instead$/);
    expect(errorOf(() => select([orders, billing]))).toBe(
      'template.yaml: has 2 stream mappings, found: OrdersFunction/Stream (src/orders/index.handler), BillingFunction/Stream (src/billing/index.handler); pass the handler to check, or set mapping.logicalId in the config',
    );
    const twin = mapping('Twin', orders.fn);
    expect(errorOf(() => select([orders, twin], { handler: { file: '/repo/src/orders/index.ts' } }))).toBe(
      'template.yaml: the handler src/orders/index.ts matches 2 stream mappings: OrdersFunction/Stream (src/orders/index.handler), Twin (OrdersFunction: src/orders/index.handler); set mapping.logicalId in the config to one of them',
    );
  });

  it('lists a mapping whose function is not in the template as such', () => {
    expect(errorOf(() => select([mapping('Mapping', undefined), billing]))).toContain('found: Mapping (function not in the template), BillingFunction/Stream');
  });
});

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe('functionHandler', () => {
  it('is the first existing source file the handler setting stands for, with its export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'conformance-select-'));
    temporary.push(dir);
    writeFileSync(join(dir, 'index.mjs'), '');
    writeFileSync(join(dir, 'entry.ts'), '');
    expect(functionHandler(fn('F', 'index.main', [module(join(dir, 'index'), { exportName: 'main' })]))).toEqual({ file: join(dir, 'index.mjs'), exportName: 'main' });
    expect(functionHandler(fn('F', 'x', [module(join(dir, 'missing')), module(join(dir, 'entry.ts'), { exact: true, exportName: undefined })]))).toEqual({ file: join(dir, 'entry.ts') });
    expect(functionHandler(fn('F', 'index.main', [module(join(dir, 'index'), { bundled: true })]))).toBeUndefined();
  });
});

describe('withoutExtension', () => {
  it('drops a handler file extension only', () => {
    expect(['a/index.ts', 'a/index.MJS', 'a/index.cjs', 'a/index.json', 'a/index'].map(withoutExtension)).toEqual(['a/index', 'a/index', 'a/index', 'a/index.json', 'a/index']);
  });
});
