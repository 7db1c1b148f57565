import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION, reporters } from '../../reports/index.js';
import { loadReport } from './support.js';

describe('the reporter registry', () => {
  it('loads every reporter through one contract, and each renders a failing report', async () => {
    const report = loadReport('failing');
    for (const [name, reporter] of Object.entries(reporters)) {
      const render = await reporter.load();
      const text = await render(report, { color: false });
      expect(text.length, name).toBeGreaterThan(100);
      expect(reporter.file, name).toMatch(/^conformance\./);
    }
  });

  it('the JSON reporter writes the report as is, with its schema version', async () => {
    const report = loadReport('failing');
    const render = await reporters.json.load();
    const json = JSON.parse(await render(report, { color: false })) as Record<string, unknown>;
    expect(json).toEqual(report);
    expect(json.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
  });
});
