import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION } from '../../reports/index.js';
import { render } from '../../reports/json.js';
import { loadReport } from './support.js';

describe('the JSON reporter', () => {
  it('writes the report as is, with its schema version', () => {
    const report = loadReport('failing');
    const json = JSON.parse(render(report)) as Record<string, unknown>;
    expect(json).toEqual(report);
    expect(json.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
  });

  it('writes it indented by two spaces, ending with one newline (a file a person can diff)', () => {
    const text = render(loadReport('passing'));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text.split('\n')[1]).toBe(`  "schemaVersion": ${REPORT_SCHEMA_VERSION},`);
  });
});
