/**
 * The sentences of a report, shared by every reporter: a counterexample's records, faults, calls
 * and timeline as lines, the replay command, the docs links. The judge emits the counterexample as
 * data (reports/report.ts); only here does it become text.
 */
import { ruleDocsLocalPath, ruleDocsUrl } from '../properties/docs-url.js';
import { canonical } from '../src/core/canonical.js';
import type { ErrorDetail } from '../src/model/types.js';
import type { Counterexample, CounterexampleCall, CounterexampleDifference, CounterexampleFault, CounterexampleRecord, DifferenceSide, Report, RuleReport, RuleStatus } from './report.js';
import { formatTimeline } from './timeline.js';

/** The status of a rule as one upper-case word (console, JUnit, annotations). */
export const STATUS_WORDS: Record<RuleStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

/** Marks the line saying where expected and actual first differ (painted on a terminal). */
export const DIFFERS_MARK = '→';

/** How many of the long lists a counterexample is shown with (the JSON report has them all). */
const MAX_DIFFERENCES = 8;
const MAX_CALLS = 20;
/** Console lines shown per invocation (the JSON report keeps what the worker kept). */
const MAX_OUTPUT_LINES = 12;
/** Images longer than this (as JSON) are cut: a shrunk counterexample rarely needs more. */
const MAX_IMAGE_CHARS = 400;

/**
 * Text from the report made safe to print: control characters (escape codes a handler's error
 * message may carry among them) shown as `\u001b` instead of being sent to the terminal.
 * Tabs and line breaks stay.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A word for the shell: left as is when it is safe, single-quoted otherwise. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./#-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that runs exactly one counterexample again, ready to paste. */
export function replayCommand(report: Report, token: string): string {
  if (report.replayCall !== undefined) return `${report.replayCall}(config, { replay: '${token}' })`;
  const config = report.config === undefined ? '' : `-c ${shellWord(report.config)} `;
  const flags = (report.replayFlags ?? []).map((word) => `${shellWord(word)} `).join('');
  return `npx conformance ${config}${flags}${shellWord(report.handler)} --replay ${shellWord(token)}`;
}

/** A span of time as people read it: `8.7 s`, `12.5 min`, `24.0 h`. */
export function formatDuration(ms: number): string {
  if (ms < 120_000) return formatSeconds(ms);
  if (ms < 2 * 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A rule's measured figures as short facts (`worst IteratorAge 24.0 h`); none for a details kind this version does not know. */
export function detailFacts(details: RuleReport['details']): string[] {
  if (details?.rule === 'poison-pill-isolation' && typeof details.worstIteratorAgeMs === 'number') return [`worst IteratorAge ${formatDuration(details.worstIteratorAgeMs)}`];
  return [];
}

/** Seconds with one decimal: `8.7 s`. */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function json(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return '(nothing)';
  return text.length > MAX_IMAGE_CHARS ? `${text.slice(0, MAX_IMAGE_CHARS)}… (${text.length} chars)` : text;
}

/**
 * A record as one line: its new image (the old one for a REMOVE). A MODIFY's old image is shown
 * too when no earlier line shows it (`shown`: the last image printed per key), as when the item
 * was there before the first record of the counterexample: what it was then can explain the result.
 */
function recordLine(r: CounterexampleRecord, seqWidth = 0, shown = new Map<string, string>()): string {
  const key = `${r.shardId} ${json(r.key)}`;
  const old = r.oldImage === undefined ? undefined : json(r.oldImage);
  const before = r.eventName === 'MODIFY' && old !== undefined && r.newImage !== undefined && shown.get(key) !== canonical(r.oldImage) ? `  old ${old}` : '';
  const written = r.wrote === undefined ? '' : `  wrote ${json(r.wrote)}`;
  const image = r.eventName === 'REMOVE' ? (old === undefined ? '' : `  old ${old}`) : r.newImage !== undefined ? `${before}  new ${json(r.newImage)}` : `${old !== undefined ? `  old ${old}` : ''}${written}`;
  if (r.newImage !== undefined && r.eventName !== 'REMOVE') shown.set(key, canonical(r.newImage));
  else shown.delete(key);
  return `${r.shardId.slice(-8)} ${r.sequenceNumber.padStart(seqWidth)} ${r.eventName.padEnd(6)} key ${json(r.key)}${recordMarks(r).map((mark) => ` [${mark}]`).join('')}${image}`;
}

/** What sets a record apart from an ordinary write: a TTL expiry, a record the mapping's filter dropped. */
export function recordMarks(r: CounterexampleRecord): string[] {
  const lacking = typeof r.filteredLacking === 'string' ? ` (it has no ${r.filteredLacking})` : '';
  return [...(r.ttl === true ? ['TTL expiry'] : []), ...(r.filtered === true ? [`dropped by the filter${lacking}: never delivered`] : [])];
}

/** What each fault kind must carry to be written as a sentence (a report read from JSON may hold anything). */
const FAULT_FIELDS: Record<CounterexampleFault['kind'], string[]> = {
  'producer-retry': ['shardId', 'original', 'copy'],
  'call-error': ['call', 'error', 'attempts', 'permanent'],
  'partial-batch': ['call', 'failed'],
  'poison-key': ['values'],
  'timeout-after-calls': ['invocation', 'calls'],
  'cold-start': ['invocation'],
  'duplicate-delivery': ['invocation'],
  reorder: ['seed'],
};

/** Whether a fault read from a report is one of the kinds this version writes as a sentence. */
export function isFault(value: unknown): value is CounterexampleFault {
  const fields = FAULT_FIELDS[(value as { kind?: unknown } | null)?.kind as CounterexampleFault['kind']] as string[] | undefined;
  return Array.isArray(fields) && fields.every((field) => (value as Record<string, unknown>)[field] !== undefined);
}

/** A timeout says what the client saw, since no answer came at all. */
function errorPhrase(error: string): string {
  return error === 'timeout' ? "timeout (no answer: the client's own timeout fires, or ETIMEDOUT)" : error;
}

/**
 * Which attempts of a call the schedule fails. It is a plan: a client that retries less (fetch,
 * axios: not at all) makes fewer attempts, which the list of downstream calls shows.
 */
function attemptsPhrase(fault: { attempts: number; permanent: boolean }): string {
  if (fault.permanent) return 'on every attempt, however often it is retried';
  return fault.attempts === 1 ? 'on its first attempt (a retry would succeed)' : `on its first ${fault.attempts} attempts (a later retry would succeed)`;
}

/** A fault as a sentence; an unknown one (from a newer report) as JSON, a sentence (from an older one) as it is. */
export function faultLine(fault: unknown): string {
  if (typeof fault === 'string') return fault;
  if (!isFault(fault)) return json(fault);
  switch (fault.kind) {
    case 'producer-retry':
      return `record ${fault.original} of ${fault.shardId} is written again by a producer retry: same partition key and data, new sequence number ${fault.copy}`;
    case 'call-error':
      return `downstream call #${fault.call}: ${errorPhrase(fault.error)} ${attemptsPhrase(fault)}`;
    case 'partial-batch':
      return `downstream call #${fault.call}: its ${entryList(fault.failed)} reported failed`;
    case 'poison-key':
      return `every call for key ${fault.values.join('/')} fails (a poison record)`;
    case 'timeout-after-calls':
      if (fault.frozeLeftWork === true) {
        const when = fault.calls === 0 ? 'before any downstream call' : `after ${fault.calls} downstream call(s)`;
        return `invocation #${fault.invocation}: its execution environment freezes for good ${when}; the handler had returned by then, so the work it left running stops there`;
      }
      return `invocation #${fault.invocation}: times out after ${fault.calls} downstream call(s)`;
    case 'cold-start':
      return `invocation #${fault.invocation}: runs after a cold start`;
    case 'duplicate-delivery':
      return `invocation #${fault.invocation}: its batch is delivered again (poller duplicate)`;
    case 'reorder':
      return `concurrent downstream calls complete in an adversarial order (seed ${fault.seed})`;
  }
}

function isCall(value: unknown): value is CounterexampleCall {
  const call = value as Partial<CounterexampleCall> | null;
  return typeof call === 'object' && call !== null && typeof call.invocation === 'number' && typeof call.call === 'number' && typeof call.operation === 'string' && typeof call.outcome === 'string';
}

/** A downstream call attempt as one line: `invocation #1 call #0.2 dynamodb PutItem → error 400 ProvisionedThroughputExceededException (injected throttling)`. */
export function callLine(call: unknown): string {
  if (typeof call === 'string') return call;
  if (!isCall(call)) return json(call);
  const status = call.statusCode === undefined ? '' : ` ${call.statusCode}`;
  const error = typeof call.error === 'string' ? ` ${call.error}` : '';
  const left = leftWorkText(call);
  return `invocation #${call.invocation}${left} call #${call.call}.${call.attempt} ${call.service} ${call.operation} → ${call.outcome}${status}${error}${call.fault ? ` (injected ${call.fault})` : ''}`;
}

/** Whose work left behind made a call: an earlier invocation's, on a timer or still running when it ended, or its own after it ended. */
function leftWorkText(call: CounterexampleCall): string {
  const after = call.afterReturn === true;
  if (typeof call.leftBy === 'number') return after ? ` (work invocation #${call.leftBy} left running when it ended)` : ` (work invocation #${call.leftBy} left on a timer)`;
  return after ? ' (after it ended)' : '';
}

/** Whether a call attempt succeeded (for reporters that mark failed calls). */
export function callSucceeded(call: unknown): boolean | undefined {
  if (isCall(call)) return call.outcome === 'ok';
  if (typeof call === 'string' && call.includes('→')) return /→\s*ok\b/.test(call);
  return undefined;
}

/** How many lines of the timeline a counterexample shows (the trace in the JSON report has it all). */
const MAX_TIMELINE_LINES = 80;

/** The counterexample's trace as text, in virtual time per shard ('' when the report holds no trace). */
export function timelineText(c: Pick<Counterexample, 'trace'>): string {
  const trace = c.trace as Partial<Counterexample['trace']> | undefined;
  if (!Array.isArray(trace?.invocations) || !Array.isArray(trace.events) || !Array.isArray(trace.destinations)) return '';
  return formatTimeline(c.trace, { maxLines: MAX_TIMELINE_LINES });
}

/**
 * A counterexample as plain text lines (sections flush left, their items indented by two):
 * the records, the faults, expected versus actual per key, the timeline and the downstream calls.
 * Shared by the console, JUnit and Markdown reporters; the replay command is not part of it.
 */
export function counterexampleLines(c: Counterexample): string[] {
  const lines: string[] = [];
  const indent = (text: string) => `  ${text}`;
  // right-aligned: sequence numbers of one shard may differ in length, and then compare as numbers
  const seqWidth = Math.max(0, ...c.records.map((r) => r.sequenceNumber.length));
  const shown = new Map<string, string>();
  lines.push(c.records.length === 0 ? 'Records: none' : `Records (${c.records.length}):`, ...c.records.map((r) => indent(recordLine(r, seqWidth, shown))));
  lines.push(c.faults.length === 0 ? 'Faults: none' : 'Faults:', ...c.faults.map((f) => indent(faultLine(f))));
  if (c.differences && c.differences.length > 0) {
    lines.push(c.expectedFrom === 'reference-run' ? 'Expected (the same records without faults: each once, in order) versus actual:' : 'Expected versus actual:');
    for (const d of c.differences.slice(0, MAX_DIFFERENCES)) {
      lines.push(indent(differenceKey(d)), indent(`  expected ${json(d.expected)}`), indent(`  actual   ${json(d.actual)}`));
      if (d.typed) {
        lines.push(indent('  the same as plain JSON; as DynamoDB JSON:'), indent(`  expected ${json(d.typed.expected)}`), indent(`  actual   ${json(d.typed.actual)}`));
      }
      if (d.at) lines.push(indent(`  ${DIFFERS_MARK} ${differsAt(d.at)}`));
    }
    if (c.differences.length > MAX_DIFFERENCES) lines.push(indent(`… ${c.differences.length - MAX_DIFFERENCES} more key(s)`));
  }
  const timeline = timelineText(c);
  if (timeline.trim() !== '') lines.push('Timeline:', ...timeline.split('\n').map(indent));
  if (c.handlerOutput && c.handlerOutput.length > 0) {
    lines.push('Handler errors and console output:');
    for (const o of c.handlerOutput) {
      lines.push(indent(`invocation #${o.invocation} (${o.outcome})`), ...errorText(o.error).map((l) => indent(`  ${l}`)));
      if (o.console && o.console.length > 0) {
        lines.push(indent('  console:'), ...o.console.slice(0, MAX_OUTPUT_LINES).map((l) => indent(`    ${l}`)));
        if (o.console.length > MAX_OUTPUT_LINES) lines.push(indent(`    … ${o.console.length - MAX_OUTPUT_LINES} more line(s): the JSON report (--reporter json) has them all`));
      }
    }
  }
  // an empty list is a finding too (the handler called nothing); none at all: an older report
  if (c.calls && c.calls.length === 0) lines.push('Downstream calls: none');
  if (c.calls && c.calls.length > 0) {
    lines.push('Downstream calls:', ...c.calls.slice(0, MAX_CALLS).map((call) => indent(callLine(call))));
    if (c.calls.length > MAX_CALLS) lines.push(indent(`… ${c.calls.length - MAX_CALLS} more call(s)`));
  }
  return lines.map(printable);
}

/** The line that points at a rule's documentation on GitHub. */
export function docsLine(rule: Pick<RuleReport, 'id'>): string {
  return `Docs: ${ruleDocsUrl(rule.id)}`;
}

/** Where a rule is documented: on GitHub, and the same page inside the installed package. */
export function docsLines(rule: Pick<RuleReport, 'id'>): string[] {
  return [docsLine(rule), `      (offline: ${ruleDocsLocalPath(rule.id)})`];
}

/**
 * What a failing (or warning) rule says, as plain lines: the message, what goes wrong in
 * production, the fix, where the rule is documented, the counterexample and the replay command.
 */
export function findingLines(report: Report, rule: RuleReport): string[] {
  const lines = [printable(rule.message)];
  if (rule.production) lines.push(printable(`In production: ${rule.production}`));
  if (rule.fix) lines.push(printable(`Fix: ${rule.fix}`));
  lines.push(...docsLines(rule).map(printable));
  const c = rule.counterexample;
  if (c) {
    lines.push(`${counterexampleTitle(c)}:`, ...counterexampleLines(c).map((l) => `  ${l}`));
    if (c.replay !== '') lines.push(printable(`Replay: ${replayCommand(report, c.replay)}`));
  }
  return lines.flatMap((line) => line.split('\n'));
}

/** A shrunk generated case, or a rule's own run (judged once on its own records: nothing to shrink or replay). */
export function counterexampleTitle(c: Pick<Counterexample, 'replay'>): string {
  return c.replay === '' ? "The rule's own run" : 'Counterexample (shrunk)';
}


/** `table orders [{"S":"o1"}] (source o1)`: where a difference is. An older report's `key` sentence is kept as it was. */
export function differenceKey(d: CounterexampleDifference): string {
  const old = (d as { key?: unknown }).key;
  if (typeof old === 'string' && d.where === undefined) return old;
  // a message with no id of its own is known by its whole JSON, which the lines below show
  const id = d.id.length > MAX_SHOWN_ID ? 'a message known by its body' : d.id;
  return `${d.where} ${id}${d.sourceKeys?.length ? ` (source ${d.sourceKeys.map(visibleKey).join(' | ')})` : ''}`;
}

const MAX_SHOWN_ID = 80;

/** A key whose value is empty or starts or ends with a space (`orderId= `) is quoted, so that it can be seen. */
function visibleKey(key: string): string {
  return /^\s|\s$|=$|=\s|\s,|,\s|=,/.test(key) ? JSON.stringify(key) : key;
}

const TYPE_NAMES: Record<string, string> = {
  S: 'a string', N: 'a number', B: 'a binary', BOOL: 'a boolean', NULL: 'a null', M: 'a map', L: 'a list',
  SS: 'a string set', NS: 'a number set', BS: 'a binary set',
};

/** `a binary set (BS) {"BS":[""]}`, or the plain value (its kind when absent). */
function sideText(side: DifferenceSide): string {
  const named = TYPE_NAMES[side.type];
  if (named !== undefined) return `${named} (${side.type}) ${JSON.stringify(side.value)}`;
  return side.value === undefined ? side.type : JSON.stringify(side.value);
}

/** `differs at a[0]: expected a binary set (BS) {…}, actual a list (L) {…}`. An older report's sentence is kept. */
export function differsAt(at: CounterexampleDifference['at'] | string): string {
  if (at === undefined) return '';
  if (typeof at === 'string') return at;
  return `differs at ${at.path}: expected ${sideText(at.expected)}, actual ${sideText(at.actual)}`;
}

/** A thrown error as lines: `Name: message`, then each inner error and `caused by …`, indented by depth. Older reports' lines are kept. */
export function errorText(error: ErrorDetail | string[] | undefined): string[] {
  if (error === undefined) return [];
  return Array.isArray(error) ? error : errorLines(error);
}

function errorLines(error: ErrorDetail, indent = ''): string[] {
  const lines = [`${indent}${error.name}: ${error.message}`];
  const inner = error.errors ?? [];
  inner.forEach((e, i) => {
    const [first = '', ...rest] = errorLines(e, `${indent}  `);
    lines.push(`${indent}  inner error ${i + 1} of ${inner.length + (error.moreErrors ?? 0)}: ${first.trimStart()}`, ...rest);
  });
  if (error.moreErrors) lines.push(`${indent}  … ${error.moreErrors} more inner error(s)`);
  if (error.cause) {
    const [first = '', ...rest] = errorLines(error.cause, `${indent}  `);
    lines.push(`${indent}  caused by ${first.trimStart()}`, ...rest);
  }
  return lines;
}

/** Entries of a batch call, counted from 0 like the calls: `entry #0`, `entries #0 and #2`. */
function entryList(entries: readonly number[]): string {
  const numbered = entries.map((i) => `#${i}`);
  if (numbered.length === 1) return `entry ${numbered[0]}`;
  return `entries ${numbered.slice(0, -1).join(', ')} and ${numbered.at(-1)}`;
}
