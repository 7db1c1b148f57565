import type { Report } from './report.js';

/** How a reporter is asked to render: colors only for a terminal that wants them. */
export interface RenderOptions {
  color: boolean;
  /** What the console already printed at the start (the header, the settings' warnings), not to repeat. */
  printed?: { header: boolean; warnings: readonly string[] };
  /** Where the handler is defined (repository-relative file, line), for reporters that point at code: github's annotations. */
  target?: { file?: string; line?: number };
  /** Where the mapping is declared (the template's function, or the config file), for mapping-config's annotation. */
  mappingTarget?: { file?: string; line?: number };
}

/** Every reporter's contract: a module whose `render` turns the typed report into text. */
export type Render = (report: Report, options: RenderOptions) => string | Promise<string>;

export interface Reporter {
  /** Its default file name under `--out`. */
  file: string;
  /** Loads its module (reporters are loaded only when asked for). */
  load(): Promise<Render>;
}

/** The reporters `--reporter` can name. Adding one: its module with `render`, and a line here. */
const registry = {
  console: { file: 'conformance.txt', load: async () => (await import('./console.js')).render },
  json: { file: 'conformance.json', load: async () => (await import('./json.js')).render },
  junit: { file: 'conformance.junit.xml', load: async () => (await import('./junit.js')).render },
  markdown: { file: 'conformance.md', load: async () => (await import('./markdown.js')).render },
  html: { file: 'conformance.html', load: async () => (await import('./html.js')).render },
  github: { file: 'conformance.github.txt', load: async () => (await import('./github.js')).render },
} satisfies Record<string, Reporter>;

export type ReporterName = keyof typeof registry;

export const reporters: Record<ReporterName, Reporter> = registry;

export { REPORT_SCHEMA_VERSION, type Counterexample, type CounterexampleRecord, type CounterexampleTrace, type Report, type RuleReport, type RuleStatus } from './report.js';
