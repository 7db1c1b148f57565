import type { RuleId } from '../config/types.js';
import type { Report, RuleReport, SuiteReport } from '../../reports/report.js';
import { isSuiteReport, REPORT_SCHEMA_VERSION } from '../../reports/report.js';
import { UserError } from '../core/user-error.js';
import { ruleById } from '../../properties/index.js';
import { budgetWarning } from './budget.js';
import { differingSettings } from '../judge/replay.js';
import { heldMessage, reportWarnings } from './messages.js';

/** Reports that cannot be merged: the message says which and how to fix it (exit code 2). */
export class MergeError extends UserError {
  override name = 'MergeError';
}

type Input = { file: string; report: Report | SuiteReport };

/**
 * Combines the JSON reports of a CI matrix (`--shard i/n`, or separate runs of different
 * functions) into the report one run would have given: each rule's first failure is the earliest
 * case of any shard, with that shard's counterexample; the cases counted stop where they would
 * have (every rule failed, or a time budget cut).
 */
export function mergeReports(inputs: Input[]): Report | SuiteReport {
  if (inputs.length === 0) throw new MergeError('merge needs the JSON reports to combine: conformance merge shard-1/conformance.json shard-2/conformance.json');
  const seeds = new Set(inputs.map((i) => i.report.seed));
  if (seeds.size > 1) throw new MergeError(`the reports come from different seeds (${[...seeds].join(', ')}); run every shard with the same --seed`);
  const groups = new Map<string, { file: string; report: Report }[]>();
  const order = functionOrder(inputs);
  let suite = false;
  for (const input of inputs) {
    const reports = isSuiteReport(input.report) ? input.report.functions : [input.report];
    if (isSuiteReport(input.report)) suite = true;
    for (const report of reports) {
      const key = report.function ?? report.handler;
      if (order && !order.names.includes(key)) {
        throw new MergeError(`${input.file} reports ${key}, which is not among the functions of ${order.file} (${order.names.join(', ')}); pass the shards of one run (the same template or config)`);
      }
      groups.set(key, [...(groups.get(key) ?? []), { file: input.file, report }]);
    }
  }
  const shards = functionShards(inputs);
  for (const name of order?.names ?? []) {
    if (groups.has(name)) continue;
    const missing = shards === undefined ? '' : `shard ${shards.missing.map((i) => `${i}/${shards.count}`).join(', ')} missing, so `;
    throw new MergeError(`${missing}no report for the function ${name}: pass the report of every shard`);
  }
  const names = order?.names ?? [...groups.keys()];
  const merged = names.map((name) => mergeFunction(name, groups.get(name)!));
  if (!suite && merged.length === 1) return merged[0]!;
  return { schemaVersion: REPORT_SCHEMA_VERSION, tool: merged[0]!.tool, ok: merged.every((r) => r.ok), seed: merged[0]!.seed, functions: merged };
}

/** The function shards given (a suite split by function), each once; which of them are missing. */
function functionShards(inputs: Input[]): { count: number; missing: number[] } | undefined {
  const given = new Map<number, string>();
  let count: number | undefined;
  for (const { file, report } of inputs) {
    const shard = isSuiteReport(report) ? report.shard : undefined;
    if (shard === undefined) continue;
    const other = given.get(shard.index);
    if (other !== undefined) throw new MergeError(`${file}: shard ${shard.index}/${shard.count} is given twice (${other} is that shard too); pass each shard's report once`);
    given.set(shard.index, file);
    count = shard.count;
  }
  if (count === undefined) return undefined;
  return { count, missing: Array.from({ length: count }, (_, i) => i + 1).filter((i) => !given.has(i)) };
}

/** Every function of the command, as the function shards list them: they must all list the same ones. */
function functionOrder(inputs: Input[]): { file: string; names: string[] } | undefined {
  let order: { file: string; names: string[] } | undefined;
  for (const { file, report } of inputs) {
    const names = isSuiteReport(report) ? report.shard?.functions : undefined;
    if (names === undefined) continue;
    if (order && names.join('\n') !== order.names.join('\n')) {
      throw new MergeError(`${order.file} and ${file} come from commands with different functions (${order.names.join(', ')}; ${names.join(', ')}); pass the shards of one run (the same template or config)`);
    }
    order ??= { file, names };
  }
  return order;
}

/** Refuses case shards that were not cut from one run: another --runs, --rule selection, handler or settings would make another sequence of cases. */
function assertOneRun(name: string, parts: { file: string; report: Report }[]): void {
  const [first, ...others] = parts;
  const rules = (r: Report) => r.rules.map((rule) => rule.id).join(', ');
  for (const { file, report } of others) {
    const differs = (what: string, fix: string) => new MergeError(`${name}: ${file} and ${first!.file} ${what}; ${fix}`);
    if (report.shard!.total !== first!.report.shard!.total) throw differs(`explored sequences of different lengths (--runs ${report.shard!.total} and ${first!.report.shard!.total})`, 'run every shard with the same --runs');
    if (rules(report) !== rules(first!.report)) throw differs(`judged different rules (${rules(report)}; ${rules(first!.report)})`, 'run every shard with the same --rule');
    const settings = differingSettings(report.shard!.settings ?? {}, first!.report.shard!.settings ?? {});
    if (report.handler !== first!.report.handler) settings.unshift('the handler');
    else if (settings.length === 0 && report.mapping !== first!.report.mapping) settings.push('the mapping');
    if (settings.length > 0) throw differs(`ran under different settings (${[...new Set(settings)].join('; ')})`, 'run every shard from the same config, template and flags');
  }
}

function mergeFunction(name: string, parts: { file: string; report: Report }[]): Report {
  const sharded = parts.filter((p) => p.report.shard !== undefined);
  if (sharded.length === 0) {
    if (parts.length > 1) throw new MergeError(`${parts.map((p) => p.file).join(' and ')} both report ${name}; pass each run's report once`);
    return parts[0]!.report;
  }
  if (sharded.length !== parts.length) throw new MergeError(`${name}: mixes --shard reports with a whole run's (${parts.find((p) => !p.report.shard)!.file}); pass the shards of one run`);
  const count = sharded[0]!.report.shard!.count;
  const byIndex = new Map<number, Report>();
  for (const { file, report } of sharded) {
    const shard = report.shard!;
    if (shard.count !== count) throw new MergeError(`${file}: shard ${shard.index}/${shard.count} does not belong with ${count} shards; pass the shards of one run`);
    if (byIndex.has(shard.index)) throw new MergeError(`${file}: shard ${shard.index}/${count} of ${name} is given twice`);
    byIndex.set(shard.index, report);
  }
  assertOneRun(name, sharded);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) throw new MergeError(`${name}: shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing; pass the report of every shard`);
  return mergeCases([...byIndex.entries()].sort(([a], [b]) => a - b).map(([, r]) => r));
}

/** The shards of one function's cases, settled as one run would have. */
function mergeCases(parts: Report[]): Report {
  const sections = parts.map((p) => p.shard!);
  const total = sections[0]!.total;
  const caseRules = sections[0]!.caseRules;
  const upTo = Math.min(...sections.map((s) => s.upTo));
  const first = new Map<RuleId, { index: number; part: Report }>();
  for (const [k, section] of sections.entries()) {
    for (const [id, index] of Object.entries(section.firstFailures) as [RuleId, number][]) {
      const known = first.get(id);
      if (index < upTo && (known === undefined || index < known.index)) first.set(id, { index, part: parts[k]! });
    }
  }
  const complete = caseRules.length > 0 && caseRules.every((id) => first.has(id));
  const counted = complete ? Math.max(...[...first.values()].map((f) => f.index)) + 1 : upTo;
  const observable = sections.some((s) => s.observable);
  const compared = sections.some((s) => s.compared);
  const judgedBy = parts.find((_, k) => sections[k]!.observable && sections[k]!.compared) ?? parts.find((_, k) => sections[k]!.observable === observable) ?? parts[0]!;

  // a rule judged first stopped the cases (the same in every shard): no case ran, nothing to count
  const stopped = judgedBy.rules.some((r) => caseRules.includes(r.id) && r.status === 'skip' && r.runs === 0);
  const rules = parts[0]!.rules.map((rule): RuleReport => {
    const durationMs = Math.max(...parts.map((p) => p.rules.find((r) => r.id === rule.id)?.durationMs ?? 0));
    if (!caseRules.includes(rule.id)) return { ...rule, durationMs };
    const failure = first.get(rule.id);
    if (failure) {
      const own = failure.part.rules.find((r) => r.id === rule.id)!;
      return { ...own, runs: counted, durationMs, ...(own.firstFailure && { firstFailure: { ...own.firstFailure, run: failure.index + 1 } }) };
    }
    let own = judgedBy.rules.find((r) => r.id === rule.id) ?? rule;
    // a skip for want of observed state in one shard is a pass when another shard observed it; skips about the settings stay
    const misjudged = own.status === 'skip' && observable && compared && ruleById(rule.id).judgeOnce === undefined && !/expectation|mirror|Kinesis streams only/.test(own.message);
    if (misjudged) own = { ...own, status: 'pass', message: heldMessage(counted) };
    const held = own.status === 'pass' && own.message === heldMessage(own.runs);
    return { ...own, runs: stopped ? own.runs : counted, durationMs, ...(held && { message: heldMessage(counted) }) };
  });
  const warnings: string[] = [];
  for (const part of parts) for (const w of part.warnings) if (!w.startsWith('the time budget (') && !warnings.includes(w)) warnings.push(w);
  if (!complete && counted < total) {
    const budget = /timeBudgetSeconds (\d+(?:\.\d+)?)/.exec(parts.flatMap((p) => p.warnings).find((w) => w.startsWith('the time budget (')) ?? '')?.[1];
    warnings.push(budgetWarning({ counted, total, upTo: counted }, Number(budget ?? 0)));
  }
  const { shard: _, ...rest } = parts[0]!;
  return { ...rest, ok: !rules.some((r) => r.status === 'fail'), rules, warnings: reportWarnings(warnings) };
}
