import { describe, expect, it } from 'vitest';
import { reporters, type ReporterName } from '../../reports/index.js';
import { loadReport } from './support.js';

/** What each reporter's output starts with or is: the registry must load the module its name says. */
const formats: Record<ReporterName, (text: string) => void> = {
  console: (text) => expect(text).toMatch(/^stream-conformance /),
  json: (text) => expect(JSON.parse(text)).toHaveProperty('schemaVersion'),
  junit: (text) => expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /),
  markdown: (text) => expect(text).toMatch(/^## /),
  html: (text) => expect(text).toMatch(/^<!doctype html>/),
  github: (text) => expect(text).toMatch(/^::(error|warning|notice) /m),
};

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

  it('loads for each name the reporter of that format, and gives each its own default file', async () => {
    const report = loadReport('failing');
    expect(Object.keys(reporters).sort()).toEqual(Object.keys(formats).sort());
    for (const [name, check] of Object.entries(formats)) {
      const text = await (await reporters[name as ReporterName].load())(report, { color: false });
      check(text);
    }
    const files = Object.values(reporters).map((r) => r.file);
    expect(new Set(files).size).toBe(files.length);
    expect(reporters.json.file).toMatch(/\.json$/);
    expect(reporters.junit.file).toMatch(/\.xml$/);
    expect(reporters.html.file).toMatch(/\.html$/);
    expect(reporters.markdown.file).toMatch(/\.md$/);
  });
});
