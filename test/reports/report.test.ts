import { describe, expect, it } from 'vitest';
import { isSuiteReport, REPORT_SCHEMA_VERSION, type SuiteReport } from '../../reports/report.js';
import { loadReport } from './support.js';

describe('the report contract', () => {
  it('tells a report of several functions from the report of one', () => {
    const one = loadReport('failing');
    const suite: SuiteReport = { tool: one.tool, ok: false, seed: one.seed, functions: [one] };
    expect(isSuiteReport(suite)).toBe(true);
    expect(isSuiteReport(one)).toBe(false);
    expect(isSuiteReport({ ...suite, functions: [] })).toBe(true);
  });

  it('the reports the tool wrote carry the schema version of this shape', () => {
    expect(loadReport('failing').schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(loadReport('passing').schemaVersion).toBe(REPORT_SCHEMA_VERSION);
  });
});
