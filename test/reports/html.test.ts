import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DynamoDBRecord } from 'aws-lambda';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { render } from '../../reports/html.js';
import type { Trace } from '../../src/model/types.js';
import type { CounterexampleRecord, Report, RuleReport } from '../../reports/report.js';
import { simulate } from '../../src/simulate.js';
import { ddb, seqs, shardOf } from '../support/records.js';
import { scripted } from '../support/scripted-handler.js';
import { loadReport } from './support.js';

const HOSTILE = '</script><img src=x onerror="alert(1)"><script>alert(2)</script>';
const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A trace with every kind of box and marker: bisection, partial, timeout, invalid response, discard to SQS, a duplicate; with PF 2 sub-streams too. */
async function adversarialTrace(parallelizationFactor: number): Promise<{ trace: Trace; records: CounterexampleRecord[] }> {
  const shards = [
    shardOf(seqs(7, 10n ** 21n - 3n).map((q, i) => ddb(q, { key: `k${i % 3}`, eventName: i === 0 ? 'INSERT' : 'MODIFY' })), 'shardId-00000001767225600000-aaaa1111'),
    shardOf(seqs(4, 5n * 10n ** 25n).map((q, i) => ddb(q, { key: `k${3 + (i % 2)}`, eventName: i === 3 ? 'REMOVE' : 'MODIFY' })), 'shardId-00000001767225600000-bbbb2222'),
  ];
  const script = scripted([{ kind: 'throw' }, { kind: 'partial', at: 0.5 }, { kind: 'timeout' }, { kind: 'invalid' }, { kind: 'ok' }, { kind: 'throw' }, { kind: 'throw' }, { kind: 'throw' }]);
  const trace = await simulate({
    shards,
    mapping: {
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 4,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ParallelizationFactor: parallelizationFactor,
      DestinationConfig: { OnFailure: { Destination: 'arn:aws:sqs:us-east-1:123456789012:orders-dlq' } },
    },
    knobs: { duplicateAfter: (i) => i === 9 },
    handler: script.handler,
    durationMs: script.durationMs,
    functionTimeoutMs: script.functionTimeoutMs,
  });
  const records = shards.flatMap((shard) =>
    (shard.records as DynamoDBRecord[]).map((r, n): CounterexampleRecord => {
      const key = { pk: r.dynamodb!.Keys!.pk!.S! };
      return {
        shardId: shard.shardId,
        sequenceNumber: r.dynamodb!.SequenceNumber!,
        eventName: r.eventName!,
        key,
        ...(r.eventName === 'REMOVE' ? { oldImage: { ...key, v: n } } : { newImage: { ...key, v: n, note: n === 1 ? HOSTILE : 'ok' } }),
      };
    }),
  );
  return { trace, records };
}

/** A poison record retried for a day (infinite retries, no bisection) until retention drops the batch: a long run of identical attempts. */
async function poisonTrace(): Promise<{ trace: Trace; records: CounterexampleRecord[] }> {
  const shards = [
    shardOf(seqs(5, 10n ** 21n).map((q, i) => ddb(q, { key: i === 2 ? 'poison' : `k${i}` })), 'shardId-00000001767225600000-aaaa1111'),
    shardOf(seqs(3, 7n * 10n ** 21n).map((q, i) => ddb(q, { key: `h${i}` })), 'shardId-00000001767225600000-bbbb2222'),
  ];
  const trace = await simulate({
    shards,
    mapping: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10, DestinationConfig: { OnFailure: { Destination: 'arn:aws:sns:us-east-1:123456789012:alerts' } } },
    handler: (event: { Records: DynamoDBRecord[] }) => {
      if (event.Records.some((r) => r.dynamodb!.Keys!.pk!.S === 'poison')) throw new Error('cannot process poison');
      return {};
    },
  });
  const records = shards.flatMap((shard) =>
    (shard.records as DynamoDBRecord[]).map((r): CounterexampleRecord => ({ shardId: shard.shardId, sequenceNumber: r.dynamodb!.SequenceNumber!, eventName: r.eventName!, key: { pk: r.dynamodb!.Keys!.pk!.S! } })),
  );
  return { trace, records };
}

function rule(id: RuleReport['id'], status: RuleReport['status'], extra: Partial<RuleReport> = {}): RuleReport {
  return { id, status, severity: status === 'warn' ? 'warn' : 'error', runs: 40, durationMs: 1234, message: `${id} ${status === 'pass' ? 'held in 40 generated case(s)' : 'finding'}`, ...extra };
}

/** A failing report whose counterexamples exercise the whole picture, with hostile text everywhere a user's data can reach. */
async function adversarialReport(): Promise<Report> {
  const one = await adversarialTrace(1);
  const two = await adversarialTrace(2);
  const poison = await poisonTrace();
  return {
    schemaVersion: 2,
    tool: { name: 'stream-conformance', version: '0.1.0' },
    ok: false,
    seed: 1234,
    handler: `src/handler.ts#${HOSTILE}`,
    config: 'conformance.config.ts',
    source: 'dynamodb',
    rules: [
      rule('batch-response-shape', 'pass'),
      rule('per-key-ordering', 'fail', {
        message: `an older image overwrote a newer one ${HOSTILE}`,
        production: 'Out-of-order applies leave stale items behind.',
        fix: 'Make the write conditional on the record’s sequence number, left-padded to 40 digits.',
        counterexample: {
          records: one.records,
          // a report read from JSON may hold anything: the reporter must cope
          faults: ['function error on invocation 1', { kind: 'timeout', afterCalls: 1, note: HOSTILE }] as never,
          trace: one.trace,
          expectedFrom: 'reference-run',
          differences: [
            { where: 'table orders-replica', id: '{"pk":"k1"}', sourceKeys: [], expected: { pk: 'k1', v: 4, note: 'ok' }, actual: { pk: 'k1', v: 1, note: HOSTILE } },
            { where: 'table orders-replica', id: `{"pk":"${HOSTILE}"}`, sourceKeys: [], expected: undefined, actual: { pk: 'k9' } },
          ],
          calls: [
            { invocation: 1, call: 0, attempt: 1, service: 'dynamodb', operation: 'PutItem', outcome: 'ok', statusCode: 200 },
            { invocation: 1, call: 0, attempt: 2, service: 'dynamodb', operation: 'PutItem', outcome: 'error', statusCode: 400, fault: 'throttling' },
            { invocation: 2, call: 1, attempt: 1, service: 'sqs', operation: `SendMessage ${HOSTILE}`, outcome: 'ok', statusCode: 200 },
          ],
          replay: `eyJ2IjoxfQ'; rm -rf / #${HOSTILE}`,
        },
      }),
      rule('checkpoint-safety', 'fail', {
        counterexample: { records: two.records, faults: [], trace: two.trace, replay: 'eyJ2IjoyfQ' },
      }),
      rule('poison-pill-isolation', 'warn', {
        details: { rule: 'poison-pill-isolation', worstIteratorAgeMs: 86_400_000 },
        production: 'A poison record blocks its shard until the stream drops it, 24 hours later.',
        fix: 'Enable BisectBatchOnFunctionError or return a partial response at the failing record, and set MaximumRetryAttempts with an OnFailure destination.',
        counterexample: { records: poison.records, faults: [{ kind: 'poison-key', values: ['1000000000000000000002'] }], trace: poison.trace, replay: 'eyJ2IjozfQ' },
      }),
      rule('expected-state', 'skip', { message: 'no expectation configured' }),
    ],
    problems: [`refused a call to https://example.com/${HOSTILE}`],
    warnings: [],
  };
}

/** Distinct lanes (shard × sub-stream) the trace's invocations use, plus shards seen only in checkpoints. */
function expectedLanes(trace: Trace): number {
  const lanes = new Set(trace.invocations.map((i) => `${i.shardId}#${i.subStream ?? ''}`));
  const shards = new Set(trace.invocations.map((i) => i.shardId));
  return lanes.size + Object.keys(trace.checkpoints).filter((s) => !shards.has(s)).length;
}

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

describe('HTML report (structure)', () => {
  it('draws a lane per shard and one box per invocation for each counterexample, with the legend and the differences table', async () => {
    const report = await adversarialReport();
    const html = render(report);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    const sections = html.split('data-rule-section=').slice(1);
    expect(sections).toHaveLength(3); // the failing and the warning rules, not the passing or skipped ones
    for (const [n, ruleId] of (['per-key-ordering', 'checkpoint-safety', 'poison-pill-isolation'] as const).entries()) {
      const section = sections[n]!;
      const trace = report.rules.find((r) => r.id === ruleId)!.counterexample!.trace as Trace;
      expect(section.startsWith(`"${ruleId}"`)).toBe(true);
      expect(count(section, /<g class="lane" data-lane=/g)).toBe(expectedLanes(trace));
      // Every invocation is drawn: one box each, or one stacked box for a long run of identical attempts.
      const boxes = [...section.matchAll(/data-invocation="(\d+)" data-count="(\d+)" data-outcome="([a-z-]+)"/g)].map((m) => ({ first: Number(m[1]), count: Number(m[2]), outcome: m[3] }));
      expect(boxes.reduce((sum, b) => sum + b.count, 0)).toBe(trace.invocations.length);
      for (const b of boxes) expect(b.outcome).toBe(trace.invocations[b.first]!.outcome);
      if (ruleId === 'poison-pill-isolation') {
        expect(trace.invocations.length).toBeGreaterThan(1000);
        expect(boxes).toHaveLength(2); // the healthy shard's one invocation, and the poison's day of retries
        expect(section).toContain(`×${trace.invocations.filter((i) => i.shardId.endsWith('aaaa1111')).length} until +2`);
        expect(section).toContain('worst IteratorAge 24.0 h');
      } else {
        expect(boxes.every((b) => b.count === 1)).toBe(true);
      }
      expect(count(section, /data-event="checkpoint"/g)).toBe(trace.events.filter((e) => e.type === 'checkpoint').length);
      expect(count(section, /data-event="bisect"/g)).toBe(trace.events.filter((e) => e.type === 'bisect').length);
      expect(count(section, /data-event="discard"/g)).toBe(trace.events.filter((e) => e.type === 'discard').length);
      expect(count(section, /data-destination="/g)).toBe(trace.destinations.length);
      expect(count(section, /data-reason="duplicate"/g)).toBe(trace.invocations.filter((i) => i.reason === 'duplicate').length);
      // The legend names every outcome.
      for (const word of ['success', 'partial failure', 'invalid response', 'function error', 'timeout', 'checkpoint moved', 'bisection split', 'OnFailure delivery', 'duplicate delivery']) {
        expect(section).toContain(word);
      }
    }
    // The first trace has every outcome, a bisection, a discard delivered to SQS and a duplicate; the second has sub-streams.
    const first = report.rules[1]!.counterexample!.trace as Trace;
    expect(new Set(first.invocations.map((i) => i.outcome)).size).toBe(5);
    expect(first.destinations.length).toBeGreaterThan(0);
    expect(first.invocations.some((i) => i.reason === 'duplicate')).toBe(true);
    expect(sections[1]!).toContain('data-substream="1"');
    expect(sections[2]!).toContain('data-event="discard"');
    expect(sections[2]!).toContain('retention');

    // Expected versus actual, per key, with the differing field marked.
    const diff = sections[0]!.slice(sections[0]!.indexOf('class="diff-table"'));
    expect(diff).toContain('<th scope="col">expected (the same records without faults: each once, in order)</th><th scope="col">actual</th>');
    expect(count(diff.slice(0, diff.indexOf('</table>')), /<th scope="rowgroup" colspan="2" class="diff-key">/g)).toBe(2);
    expect(diff).toContain('<code>table orders-replica {&quot;pk&quot;:&quot;k1&quot;}</code>');
    expect(diff).toMatch(/<mark>\s*&quot;v&quot;: 4,<\/mark>/);
    expect(diff).toContain('(absent)');
    // Records, faults, calls and the replay command.
    expect(sections[0]!).toContain('<h4 id="rule-per-key-ordering-ce0-rec">Records');
    expect(sections[0]!).toContain('function error on invocation 1');
    expect(sections[0]!).toContain('invocation #1 call #0.2 dynamodb PutItem → error 400 (injected throttling)');
    expect(sections[0]!).toMatch(/<li class="bad">invocation #1 call #0\.2 /);
    expect(sections[0]!).toMatch(/<pre class="replay" data-copy[^>]*><code>npx conformance -c conformance.config.ts /);
  });

  it('escapes hostile text from records, keys, messages, calls and the handler name', async () => {
    const html = render(await adversarialReport());
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('onerror="');
    // Exactly one script element: the page's own.
    expect(count(html, /<script/g)).toBe(1);
    expect(count(html, /<\/script>/g)).toBe(1);
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    // The record image with the hostile note is in the records table, escaped (inside JSON, so quotes are escaped twice).
    expect(html).toContain('&quot;note&quot;:&quot;&lt;/script&gt;&lt;img src=x onerror=\\&quot;alert(1)\\&quot;&gt;');
  });

  it('shows a fix\'s `code spans` as code, and escapes what is in and around them', () => {
    const report = loadReport('failing');
    const failing = report.rules.find((r) => r.status === 'fail')!;
    const html = render({ ...report, rules: report.rules.map((r) => (r === failing ? { ...r, fix: 'a `_bulk` <answers> 200; send `<b>` too' } : r)) });
    expect(html).toContain('<h3>Fix</h3><p>a <code>_bulk</code> &lt;answers&gt; 200; send <code>&lt;b&gt;</code> too</p>');
  });

  it('renders a passing report cleanly: the summary, no failure sections, no picture', () => {
    const report = loadReport('passing');
    const html = render(report);
    expect(html).toContain('<title>PASS · handler.ts — stream-conformance report</title>');
    expect(html).not.toContain('data-rule-section=');
    expect(html).not.toContain('<svg class="timeline"');
    expect(count(html, /<tr class="r-pass"/g)).toBe(report.rules.filter((r) => r.status === 'pass').length);
  });

  it('is self-contained and accessible: no external resource, a strict content security policy, headings and table headers', async () => {
    const html = render(await adversarialReport());
    // the only external address is a plain link to each failing rule's docs page (a link loads nothing)
    const docsLinks = /<a href="https:\/\/github\.com\/stream-conformance\/stream-conformance\/blob\/main\/docs\/rules\/[a-z-]+\.md">/g;
    expect(html).toMatch(docsLinks);
    expect(html.replace(docsLinks, '')).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';[^"]*script-src 'sha256-[A-Za-z0-9+/=]+'">/);
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toMatch(/<title>FAIL · /);
    expect(count(html, /<h1>/g)).toBe(1);
    expect(count(html, /<th scope="col">/g)).toBeGreaterThan(10);
    expect(html).toMatch(/<svg class="timeline"[^>]* role="img" aria-labelledby="[^"]+"/);
  });

  it('draws a trace it cannot fully read without failing, and says when there is nothing to draw', () => {
    const report = loadReport('failing');
    const ce = report.rules.find((r) => r.counterexample)!.counterexample!;
    const broken: Report = {
      ...report,
      rules: [
        { ...report.rules[0]!, status: 'fail', counterexample: { ...ce, trace: { invocations: [{ shardId: 's', sequenceNumbers: ['1'], outcome: 'success' }, { bogus: true }], events: [{ type: 'nope' }] } as never } },
        { ...report.rules[1]!, status: 'fail', counterexample: { ...ce, trace: 'not a trace' as never } },
      ],
    };
    const html = render(broken);
    expect(count(html, /data-invocation="/g)).toBe(1);
    expect(html).toContain('This counterexample has no trace to draw.');
  });
});

describe('HTML report in a real browser (Debian chromium)', () => {
  let browser: Promise<Browser> | undefined;

  /** The browser, launched once; a missing Chromium fails the test that needs it (never a skip). */
  function launch(): Promise<Browser> {
    if (!existsSync(chromiumPath)) {
      throw new Error(`Chromium is not installed at ${chromiumPath}: run \`apt-get install -y chromium\` (.ci/run installs it), or set CHROMIUM_PATH. The HTML report must be checked in a real browser.`);
    }
    browser ??= chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    return browser;
  }

  afterAll(async () => {
    await (await browser?.catch(() => undefined))?.close();
  });

  function watch(page: Page): string[] {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:') && !request.url().startsWith('data:')) problems.push(`network request: ${request.url()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return problems;
  }

  async function open(name: string, report: Report, width = 1400) {
    const launched = await launch();
    mkdirSync(artifacts, { recursive: true });
    const file = join(artifacts, `html-report-${name}.html`);
    writeFileSync(file, render(report));
    const page = await launched.newPage({ viewport: { width, height: 1000 } });
    const problems = watch(page);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.screenshot({ path: join(artifacts, `html-report-${name}.png`), fullPage: true });
    return { page, problems };
  }

  it('notices console errors, page errors and network requests (so a clean page means something)', async () => {
    const page = await (await launch()).newPage();
    const problems = watch(page);
    await page.setContent('<script>console.error("broken"); fetch("http://127.0.0.1:9/x").catch(() => {}); null.x;</script>');
    await page.waitForTimeout(100);
    expect(problems.some((p) => p.includes('broken'))).toBe(true);
    expect(problems.some((p) => p.startsWith('page error'))).toBe(true);
    expect(problems.some((p) => p.startsWith('network request'))).toBe(true);
    await page.close();
  });

  it('renders the adversarial report without console errors, with its lanes, boxes and copy buttons', async () => {
    const report = await adversarialReport();
    const { page, problems } = await open('adversarial', report);
    expect(problems).toEqual([]);
    const timelines = page.locator('svg.timeline');
    expect(await timelines.count()).toBe(3);
    for (const [n, r] of report.rules.filter((r) => r.counterexample).entries()) {
      const trace = r.counterexample!.trace as Trace;
      expect(await timelines.nth(n).locator('g[data-lane]').count()).toBe(expectedLanes(trace));
      const counts = await timelines.nth(n).locator('g[data-invocation]').evaluateAll((boxes) => boxes.map((b) => Number(b.getAttribute('data-count'))));
      expect(counts.reduce((sum, c) => sum + c, 0)).toBe(trace.invocations.length);
      // The lanes are laid out: each has a visible size.
      const box = await timelines.nth(n).locator('g[data-lane]').first().boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThan(40);
    }
    // The inline script ran (the policy allowed it by hash) and added a Copy button per replay command.
    expect(await page.locator('button.copy').count()).toBe(3);
    // Hostile content stayed text.
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.title()).toMatch(/^FAIL · /);
    await page.close();
  });

  it('fits the differences in their panel on a laptop screen: a long header wraps instead of widening the table', async () => {
    // a webhook's lost message (trial 12): a long place, and the longest column header (against the run without faults)
    const { page, problems } = await open('narrow', loadReport('webhook-lost'), 1300);
    expect(problems).toEqual([]);
    const wraps = page.locator('.panel.diffs .table-wrap');
    expect(await wraps.count()).toBeGreaterThan(0);
    for (const overflow of await wraps.evaluateAll((all) => all.map((w) => w.scrollWidth - w.clientWidth))) expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });

  it('renders the failing and the passing fixture reports without console errors', async () => {
    const failing = loadReport('failing');
    const f = await open('failing', failing);
    expect(f.problems).toEqual([]);
    expect(await f.page.locator('svg.timeline g[data-lane]').count()).toBe(failing.rules.filter((r) => r.counterexample).length);
    expect(await f.page.locator('section[data-rule-section]').count()).toBe(failing.rules.filter((r) => r.status === 'fail' || r.status === 'warn').length);
    await f.page.close();

    const p = await open('passing', loadReport('passing'));
    expect(p.problems).toEqual([]);
    expect(await p.page.locator('svg.timeline').count()).toBe(0);
    expect(await p.page.locator('table.summary tbody tr').count()).toBe(loadReport('passing').rules.length);
    await p.page.close();
  });
});
