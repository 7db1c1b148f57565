/**
 * The sample output on each rule's docs page (`## Reading the counterexample`) is what its command
 * prints: `npm run docs:samples` runs each page's command and writes the output into the page;
 * `--check` only says which pages differ (times aside). test/reports/docs-samples.test.ts checks it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatConsole } from '../reports/console.js';
import { checkConsumerWithSettings } from '../src/run/check.js';
import { parseCliArgs } from '../src/cli/args.js';
import { loadConfig } from '../src/config/load.js';
import { resolveRunSettings } from '../src/config/settings.js';

export const root = join(import.meta.dirname, '..');
const docs = join(root, 'docs', 'rules');

/** A page's sample: the command it shows, the rule, and where its fenced output block is. */
export interface PageSample {
  page: string;
  rule: string;
  command: string;
  /** The fenced block's text (without the fences). */
  output: string;
  start: number;
  end: number;
}

const COMMAND = /^`npx conformance ([^`]+)`:\n\n```\n/m;

export function pageSample(page: string, text: string): PageSample {
  const match = COMMAND.exec(text);
  if (!match) throw new Error(`${page}: no sample command (a line \`npx conformance …\`: followed by a fenced block)`);
  const start = match.index + match[0].length;
  const end = text.indexOf('\n```\n', start - 1);
  return { page, rule: page.replace(/\.md$/, ''), command: match[1]!, output: text.slice(start, end + 1), start, end: end + 1 };
}

export function rulePages(): string[] {
  return readdirSync(docs).filter((f) => f.endsWith('.md') && f !== 'README.md').sort();
}

/** What the page's command prints for its rule: the rule's block of the console report, the replay token cut. */
export async function runSample(sample: PageSample): Promise<string> {
  const args = parseCliArgs(sample.command.split(/\s+/));
  const loaded = await loadConfig({ cwd: root, file: args.config, handler: args.handler });
  const settings = resolveRunSettings({
    loaded, cwd: root,
    cli: { ...(args.handler && { handler: args.handler }), ...(args.seed !== undefined && { seed: args.seed }), ...(args.runs !== undefined && { runs: args.runs }), ...(args.rules && { rules: args.rules }) },
  });
  const report = await checkConsumerWithSettings(settings);
  const lines = formatConsole(report, { color: false }).split('\n');
  const first = lines.findIndex((l) => new RegExp(`^(FAIL|WARN) ${sample.rule} `).test(l));
  if (first === -1) throw new Error(`${sample.page}: \`${sample.command}\` does not fail or warn ${sample.rule}`);
  // the rule's block ends at the blank line before the next block (or the summary table)
  const end = lines.findIndex((l, i) => i > first && l === '');
  const block = lines.slice(first, end === -1 ? undefined : end);
  // a page may show the header too (its mapping line is part of the story)
  const header = sample.output.startsWith('stream-conformance ') ? [...lines.slice(0, lines.indexOf('')), ''] : [];
  return `${[...header, ...block].map((l) => l.replace(/--replay (\S{24})\S+/, '--replay $1…')).join('\n')}\n`;
}

/** Samples compare without their times (`(30 runs, 6.5 s, seed 1)`) and the tool's version, which differ from run to run. */
export function withoutTimes(text: string): string {
  return text.replace(/\d+\.\d s/g, '#.# s').replace(/^stream-conformance \S+/, 'stream-conformance #');
}

if (process.argv[1] === import.meta.filename) {
  const { values, positionals } = parseArgs({ options: { check: { type: 'boolean', default: false } }, allowPositionals: true });
  let stale = 0;
  for (const page of rulePages().filter((p) => positionals.length === 0 || positionals.some((name) => p.startsWith(name)))) {
    const file = join(docs, page);
    const text = readFileSync(file, 'utf8');
    const sample = pageSample(page, text);
    let output: string;
    try {
      output = await runSample(sample);
    } catch (error) {
      stale++;
      console.log(error instanceof Error ? error.message : String(error));
      continue;
    }
    if (withoutTimes(output) === withoutTimes(sample.output)) {
      console.log(`${page}: up to date`);
      continue;
    }
    stale++;
    if (values.check) console.log(`${page}: stale (run npm run docs:samples)`);
    else {
      writeFileSync(file, text.slice(0, sample.start) + output + text.slice(sample.end));
      console.log(`${page}: written`);
    }
  }
  process.exitCode = stale > 0 && values.check ? 1 : 0;
}
