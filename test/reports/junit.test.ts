import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { render, xmlAttribute, xmlText } from '../../reports/junit.js';
import type { Report } from '../../reports/report.js';
import { expectGolden, loadReport, mixedReport } from './support.js';

interface Property { name: string; value: string }
interface TestCase {
  classname: string;
  name: string;
  time: string;
  failure?: { message: string; type: string; '#text'?: string };
  skipped?: { message: string };
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  skipped: string;
  time: string;
  properties: { property: Property[] };
  testcase: TestCase[];
  'system-out'?: string;
}
type Suites = Omit<Suite, 'properties' | 'testcase'> & { testsuite: Suite[] };

/** Parses the XML back with a real parser (after checking it is well-formed). */
function parse(xml: string): { testsuites: Suites } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml) as { testsuites: Suites };
}

/** Characters XML 1.0 forbids. */
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkStructure(report: Report, xml: string) {
  const { testsuites } = parse(xml);
  expect(testsuites.testsuite).toHaveLength(1);
  const suite = testsuites.testsuite[0]!;
  const count = (status: string) => String(report.rules.filter((r) => r.status === status).length);
  expect(suite).toMatchObject({ name: 'stream-conformance', tests: String(report.rules.length), failures: count('fail'), skipped: count('skip'), errors: '0' });
  expect(testsuites).toMatchObject({ tests: suite.tests, failures: suite.failures, skipped: suite.skipped, errors: '0' });
  const total = report.rules.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
  expect(Number(suite.time)).toBeCloseTo(total, 3);
  expect(suite.testcase).toHaveLength(report.rules.length);
  report.rules.forEach((rule, i) => {
    const tc = suite.testcase[i]!;
    expect(tc.classname).toBe(`stream-conformance.${report.handler}`);
    expect(tc.name).toBe(rule.id);
    expect(Number(tc.time)).toBeCloseTo(rule.durationMs / 1000, 3);
    expect(tc.failure !== undefined, rule.id).toBe(rule.status === 'fail');
    expect(tc.skipped !== undefined, rule.id).toBe(rule.status === 'skip');
    if (rule.status === 'fail') {
      expect(tc.failure!.type).toBe(rule.id);
      expect(tc.failure!.message).toBe(rule.message.replace(new RegExp(FORBIDDEN, 'gu'), ''));
      const body = tc.failure!['#text'] ?? '';
      expect(body).toContain(`Fix: ${rule.fix}`);
      expect(body).toContain('Records (');
      expect(body).toContain('Timeline:');
      expect(body).toContain(`--replay ${rule.counterexample!.replay}`);
    }
    if (rule.status === 'skip') expect(tc.skipped!.message).toBe(rule.message);
    if (rule.status === 'warn') expect(tc['system-out']).toContain(`WARN ${rule.id}: ${rule.message}`);
  });
  return suite;
}

describe('junit reporter', () => {
  it('failing report: one testsuite, a testcase per rule, failures with the counterexample (golden, parsed back)', () => {
    const report = loadReport('failing');
    const xml = render(report);
    expectGolden('junit-failing.xml', xml);
    const suite = checkStructure(report, xml);
    expect(suite.failures).toBe('3');
    expect(suite.properties.property).toContainEqual({ name: 'seed', value: '5' });
    expect(suite.properties.property).toContainEqual({ name: 'handler', value: 'handler.ts' });
  });

  it('passing report: no failure or skipped elements (golden, parsed back)', () => {
    const report = loadReport('passing');
    const xml = render(report);
    expectGolden('junit-passing.xml', xml);
    const suite = checkStructure(report, xml);
    expect(suite).toMatchObject({ tests: '9', failures: '0', skipped: '0' });
    expect(xml).not.toMatch(/<failure|<skipped/);
  });

  it('warn is a passing testcase with system-out; skip is skipped; hostile text stays well-formed (golden, parsed back)', () => {
    const report = mixedReport();
    const xml = render(report);
    expectGolden('junit-mixed.xml', xml);
    expect(xml).not.toMatch(FORBIDDEN);
    const suite = checkStructure(report, xml);
    expect(suite).toMatchObject({ tests: '9', failures: '1', skipped: '1' });
    expect(suite.properties.property).toContainEqual({ name: 'mapping', value: report.mapping });
    expect(suite['system-out']).toContain('warning: the handler wrote to table "audit"');
    expect(suite['system-out']).toContain('problem: refused a call to https://example.com/<hook>');
  });

  it('escapes the special characters and drops the ones XML 1.0 forbids', () => {
    expect(xmlText(`a & b < c > d "e" 'f'`)).toBe(`a &amp; b &lt; c &gt; d "e" 'f'`);
    expect(xmlAttribute(`a & b < c > d "e" 'f'\n\tg`)).toBe('a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;&#10;&#9;g');
    expect(xmlText('x\u0000\u0001\u0008\u000B\u000C\u001F\uFFFE\uFFFF\uD800y')).toBe('xy');
    expect(xmlText('emoji 😀 and é stay')).toBe('emoji 😀 and é stay');
    // the multi-line message of an attribute survives a round trip
    const report = loadReport('failing');
    const rule = report.rules.find((r) => r.status === 'fail')!;
    rule.message = 'line one\nline two\ttabbed';
    const { testsuites } = parse(render(report));
    const tc = testsuites.testsuite[0]!.testcase.find((t) => t.name === rule.id)!;
    expect(tc.failure!.message).toBe('line one\nline two\ttabbed');
  });
});
