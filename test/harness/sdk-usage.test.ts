import { afterAll, describe, expect, it } from 'vitest';
import { checkConsumer } from '../../src/run/check.js';
import { SdkUsage } from '../../src/harness/sdk-usage.js';
import { ddb, seqs } from '../support/records.js';
import { harnesses } from './support.js';

const harness = harnesses(afterAll);
const records = () => [{ shardId: 's', records: seqs(2).map((s, i) => ddb(s, { key: `k${i}` })) }];
const clientError = { sdk: 'v2' as const, service: 'sqs', operation: 'SendMessage', name: 'MissingRequiredParameter', message: "Missing required key 'QueueUrl' in params" };

describe('the SDK check', () => {
  it('sees an SDK v2 call that fails parameter validation before any request, and whether the handler swallowed it', async () => {
    const swallowing = await harness('sdk-v2-project/swallowed-validation.cjs');
    const run = await swallowing.run({ shards: records() });
    expect(run.sdk!.calls).toBe(0);
    expect(run.sdk!.clientErrors).toEqual([
      { ...clientError, swallowed: true },
      { ...clientError, swallowed: true },
    ]);
    const reporting = await harness('sdk-v2-project/reported-validation.cjs');
    const reported = await reporting.run({ shards: records(), mapping: { MaximumRetryAttempts: 0 } });
    expect(reported.sdk!.clientErrors[0]).toEqual({ ...clientError, swallowed: false });
    // a handler that names the failed record did not swallow it, even where the mapping (no ReportBatchItemFailures) takes the response for success
    const partial = await harness('sdk-v2-project/partial-validation.cjs');
    const ignored = await partial.run({ shards: records(), mapping: { MaximumRetryAttempts: 0 } });
    expect(ignored.trace.invocations[0]!.outcome).toBe('success');
    expect(ignored.sdk!.clientErrors[0]).toEqual({ ...clientError, swallowed: false });
  });

  it('sees an SDK v3 call that fails in the client before the request', async () => {
    const h = await harness('v3-client-side-error.mjs');
    const run = await h.run({ shards: records() });
    expect(run.sdk!.calls).toBe(0);
    expect(run.sdk!.clientErrors).toHaveLength(2);
    expect(run.sdk!.clientErrors[0]).toMatchObject({ sdk: 'v3', service: 'scheduler', operation: 'CreateSchedule', swallowed: true });
    expect(run.sdk!.clientErrors[0]!.message).toMatch(/Name/);
  });

  it('sees an AWS call the service refused as it was (a ValidationException), and whether the handler went on', async () => {
    const going = await harness('refused-put.mjs');
    const run = await going.run({ shards: records() });
    expect(run.sdk!.refused).toEqual([
      { service: 'dynamodb', operation: 'PutItem', statusCode: 400, error: expect.stringMatching(/^ValidationException/), swallowed: true },
      { service: 'dynamodb', operation: 'PutItem', statusCode: 400, error: expect.stringMatching(/^ValidationException/), swallowed: true },
    ]);
    const throwing = await harness('refused-put.mjs', { environment: { REPORT: '1' } });
    const thrown = await throwing.run({ shards: records(), mapping: { MaximumRetryAttempts: 0 } });
    expect(thrown.sdk!.refused![0]!.swallowed).toBe(false);
  });

  it('warns of a refused call only when the handler went on every time', () => {
    const refused = { service: 'dynamodb', operation: 'PutItem', statusCode: 400, error: 'ValidationException' };
    const usage = new SdkUsage();
    usage.add({ calls: 2, completed: 2, clientErrors: [], refused: [{ ...refused, swallowed: true }, { ...refused, swallowed: true }] });
    expect(usage.warnings(true)).toEqual([
      "the service refused the handler's dynamodb PutItem with nothing injected (400 ValidationException), 2 time(s), and the handler went on every time as if it had succeeded: that call never changed anything, in production too, and no rule can see the loss; fix the request (a table name or key built from a setting that is missing, say), and let a refused call fail its record",
    ]);
    usage.add({ calls: 1, completed: 0, clientErrors: [], refused: [{ ...refused, swallowed: false }] });
    expect(usage.warnings(true)).toEqual([]);
  });

  it('warns over the whole check, not per run', () => {
    const usage = new SdkUsage();
    usage.add({ calls: 0, completed: 1, clientErrors: [] });
    expect(usage.warnings(true)).toEqual([expect.stringMatching(/depends on the AWS SDK, but no AWS call was recorded in the whole check/)]);
    // one run without a call (a shrunk case failing early) says nothing once another run made calls
    usage.add({ calls: 300, completed: 40, clientErrors: [] });
    expect(usage.warnings(true)).toEqual([]);
    expect(new SdkUsage().warnings(true)).toEqual([]);
    // a handler that threw (or timed out) on every invocation may have failed before its first call: the rules report that, not this
    const neverCompleted = new SdkUsage();
    neverCompleted.add({ calls: 0, completed: 0, clientErrors: [] });
    expect(neverCompleted.warnings(true)).toEqual([]);
    const noSdk = new SdkUsage();
    noSdk.add({ calls: 0, completed: 3, clientErrors: [] });
    expect(noSdk.warnings(false)).toEqual([]);
  });

  it('with items the config does not describe, says first that the handler may act on none of the generated ones, and where to describe them', () => {
    const usage = new SdkUsage();
    usage.add({ calls: 0, completed: 30, clientErrors: [] });
    const [fromConfig] = usage.warnings(true, { described: false, configFile: true });
    expect(fromConfig).toMatch(/made no downstream call in the whole check: if it acts only on some items \(a field it checks, a status\), none of the generated items was one, as nothing describes them: describe them \(items\.samples, or items\.attributes with required: true\) in the config;/);
    const [fromTemplate] = usage.warnings(true, { described: false, configFile: false });
    expect(fromTemplate).toContain('describe them (items.samples, or items.attributes with required: true) in a conformance.config.json beside the template, with mapping: { fromTemplate };');
    const [described] = usage.warnings(true, { described: true, configFile: true });
    expect(described).toMatch(/no AWS call was recorded in the whole check: if it writes with a client stream-conformance does not intercept, those writes were not seen; if it acts only on some items, check that the config's items describe them$/);
  });

  it('reports a client-side error only when the handler swallowed it every time', () => {
    const usage = new SdkUsage();
    usage.add({ calls: 0, completed: 2, clientErrors: [{ ...clientError, swallowed: true }, { ...clientError, swallowed: true }] });
    expect(usage.warnings(true)).toEqual([
      "the handler's sqs SendMessage failed inside the AWS SDK (v2) before any request was sent (MissingRequiredParameter: Missing required key 'QueueUrl' in params), 2 time(s), and the handler swallowed the error every time: that call never wrote anything, and no rule can see the loss; fix the call, and let SDK errors fail the record",
    ]);
    usage.add({ calls: 0, completed: 0, clientErrors: [{ ...clientError, swallowed: false }] });
    expect(usage.warnings(true)).toEqual([]);
  });

  it('a check of an SDK v2 handler that swallows a validation error says so', async () => {
    const report = await checkConsumer({ handler: 'test/fixtures/consumers/sdk-v2-project/swallowed-validation.cjs', runs: 3, rules: { 'poison-pill-isolation': 'off', 'mapping-config': 'off' } }, { seed: 7 });
    expect(report.warnings).toEqual([expect.stringMatching(/^the handler's sqs SendMessage failed inside the AWS SDK \(v2\) before any request was sent \(MissingRequiredParameter: Missing required key 'QueueUrl' in params\), \d+ time\(s\), and the handler swallowed the error every time/)]);
  });
});
