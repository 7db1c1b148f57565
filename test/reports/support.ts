import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Report } from '../../reports/report.js';

const fixtures = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));
const goldens = join(fixtures, 'golden');

/** A report the tool wrote (`failing`: three rules fail; `passing`: all pass). */
export function loadReport(name: 'failing' | 'passing' | 'webhook-lost'): Report {
  return JSON.parse(readFileSync(join(fixtures, `${name}.json`), 'utf8')) as Report;
}

/**
 * The failing report with everything else a report can hold: a mapping summary, a warning rule,
 * a skipped rule, run warnings and problems, and text that is hostile to XML, Markdown and shells.
 */
export function mixedReport(): Report {
  const report = loadReport('failing');
  report.handler = 'src/my handler.ts#main';
  report.mapping = 'BatchSize 10, retries 3, bisect on, ReportBatchItemFailures, OnFailure sqs';
  report.warnings = ['the handler wrote to table "audit" which is not declared; declare it in downstream.dynamodb.tables'];
  report.problems = ['refused a call to https://example.com/<hook>: add it to downstream.http'];
  report.rules = report.rules.map((rule) => {
    if (rule.id === 'per-key-ordering') return { ...rule, status: 'warn', severity: 'warn' };
    if (rule.id === 'expected-state') {
      return { id: rule.id, status: 'skip', severity: 'error', runs: 0, durationMs: 0, message: 'no expectation configured: set downstream.expect.mirror or downstream.expect.state' };
    }
    if (rule.id === 'idempotent-redelivery' && rule.counterexample) {
      return {
        ...rule,
        message: `${rule.message} <b>&amp; "quoted" 'single' | *stars* _under_ \`tick\` ]]> 100% \u0001bell\u0007 \uFFFF`,
        counterexample: { ...rule.counterexample, faults: [...rule.counterexample.faults, { kind: 'throttle', invocation: 2 }, '```fenced```'] as never },
      };
    }
    return rule;
  });
  return report;
}

/** Compares `text` with a golden file; `UPDATE_GOLDEN=1` rewrites the golden instead. */
export function expectGolden(name: string, text: string): void {
  const file = join(goldens, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file)) throw new Error(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npx vitest run test/reports`);
  expect(text, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it after a deliberate change)`).toBe(readFileSync(file, 'utf8'));
}
