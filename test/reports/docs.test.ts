import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../properties/index.js';
import { annotations } from '../../reports/github.js';
import { formatConsole } from '../../reports/console.js';
import { render as renderJunit } from '../../reports/junit.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { render as renderHtml } from '../../reports/html.js';
import { ruleIds } from '../../src/config/types.js';
import { ruleDocsFile, ruleDocsLocalPath, ruleDocsUrl } from '../../properties/docs-url.js';
import { loadReport } from './support.js';

const root = join(import.meta.dirname, '..', '..');

describe('rule documentation', () => {
  it('every rule id has docs/rules/<id>.md, listed in docs/rules/README.md', () => {
    const index = readFileSync(join(root, 'docs', 'rules', 'README.md'), 'utf8');
    expect(rules.map((r) => r.id).sort()).toEqual([...ruleIds].sort());
    for (const id of ruleIds) {
      expect(existsSync(join(root, ruleDocsFile(id))), id).toBe(true);
      expect(index, id).toContain(`(${id}.md)`);
    }
  });

  it('each page has its parts, quotes its example handlers verbatim, and its relative links resolve', () => {
    for (const id of ruleIds) {
      const page = readFileSync(join(root, ruleDocsFile(id)), 'utf8');
      for (const heading of ['## What goes wrong in production', '## A wrong handler', '## A right handler', '## Reading the counterexample', '## Fix']) expect(page, `${id}: ${heading}`).toContain(`\n${heading}\n`);
      expect(page, id).toMatch(/```\n(stream-conformance \d|FAIL )/);
      const examples = join(root, 'docs', 'rules', 'examples', id);
      const files = readdirSync(examples);
      expect(files, id).toEqual(expect.arrayContaining(['right.ts', 'conformance.config.json']));
      expect(files.includes('wrong.ts') || files.includes('wrong.config.json'), id).toBe(true);
      for (const file of files.filter((f) => f.endsWith('.ts'))) {
        if (!page.includes(`examples/${id}/${file}`)) continue;
        expect(page, `${id}/${file}`).toContain(`\`\`\`ts\n${readFileSync(join(examples, file), 'utf8')}\`\`\``);
      }
    }
    for (const file of ['README.md', ...ruleIds.map((id) => `${id}.md`)]) {
      const page = join(root, 'docs', 'rules', file);
      for (const [, target] of readFileSync(page, 'utf8').matchAll(/\]\(((?!https?:|#)[^)#]+)(#[^)]*)?\)/g)) {
        expect(existsSync(join(dirname(page), target!)), `${file} → ${target}`).toBe(true);
      }
    }
  });

  it('every failing rule’s block names its docs page: console, JUnit, Markdown, HTML, annotations', () => {
    const report = loadReport('failing');
    const failing = report.rules.filter((r) => r.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    const console = formatConsole(report, { color: false });
    const junit = renderJunit(report);
    const markdown = renderMarkdown(report);
    const html = renderHtml(report);
    const notes = annotations(report).join('\n');
    for (const rule of failing) {
      const start = console.indexOf(`FAIL ${rule.id}  (`);
      const block = console.slice(start, console.indexOf('\n\n', start));
      expect(block).toContain(`  Docs: ${ruleDocsUrl(rule.id)}\n`);
      expect(block).toContain(`(offline: ${ruleDocsLocalPath(rule.id)})`);
      expect(junit).toContain(`Docs: ${ruleDocsUrl(rule.id)}`);
      expect(markdown).toContain(`**Docs:** [docs/rules/${rule.id}.md](${ruleDocsUrl(rule.id)})`);
      expect(html).toContain(`href="${ruleDocsUrl(rule.id)}"`);
      expect(notes).toContain(`Docs: ${ruleDocsUrl(rule.id)}`);
    }
    // passing rules get no block, and no link
    for (const rule of report.rules.filter((r) => r.status === 'pass')) expect(console).not.toContain(ruleDocsUrl(rule.id));
  });

  it("the README's failure sample is per-key-ordering's page sample (which npm run docs:samples keeps true), times aside", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const page = readFileSync(join(root, 'docs', 'rules', 'per-key-ordering.md'), 'utf8');
    const sample = /^`npx conformance [^`]+`:\n\n```\n([\s\S]*?)\n```\n/m.exec(page)![1]!;
    const timeless = (text: string) => text.replace(/runs, [\d.]+ s,/g, 'runs, ? s,');
    expect(timeless(readme)).toContain(timeless(sample));
  });

  it('the README links the adoption guide from the top, and the GitHub Actions workflow it shows is a real file', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.indexOf('\n## Add it to an existing project\n');
    expect(section).toBeGreaterThan(-1);
    expect(readme.indexOf('](#add-it-to-an-existing-project)')).toBeLessThan(section);
    const guide = readme.slice(section, readme.indexOf('\n## ', section + 5));
    for (const text of ['npm i -D stream-conformance', 'defineConfig', '--template template.yaml src/handler.ts', '--replay', "from 'stream-conformance/vitest'", 'docs/github-actions/conformance.yml', 'Docs: https://']) expect(guide, text).toContain(text);
    const workflow = readFileSync(join(root, 'docs', 'github-actions', 'conformance.yml'), 'utf8');
    for (const text of ['pull_request', 'actions/setup-node@v4', 'node-version: 20', 'npm ci', 'npx conformance', '--reporter junit', '--reporter markdown']) expect(workflow, text).toContain(text);
  });
});
