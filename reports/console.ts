import type { Report, RuleReport } from '../src/report.js';

export interface ConsoleOptions {
  color: boolean;
}

const marks: Record<RuleReport['status'], string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };
const colors: Record<RuleReport['status'], string> = { pass: '32', fail: '31', warn: '33', skip: '90' };

/** The report for a terminal: a failure block per failing rule, then a summary table. */
export function formatConsole(report: Report, options: ConsoleOptions = { color: false }): string {
  const paint = (status: RuleReport['status'], text: string) => (options.color ? `\u001b[${colors[status]}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  lines.push(`stream-conformance ${report.tool.version} — ${report.handler} (${report.source}), seed ${report.seed}`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  for (const rule of report.rules) {
    if (rule.status !== 'fail' && rule.status !== 'warn') continue;
    lines.push('', paint(rule.status, `${marks[rule.status]} ${rule.id}`), `  ${rule.message}`);
    if (rule.production) lines.push(`  In production: ${rule.production}`);
    if (rule.fix) lines.push(`  Fix: ${rule.fix}`);
    const c = rule.counterexample;
    if (c) {
      lines.push('  Counterexample (shrunk):');
      for (const r of c.records) {
        const image = r.newImage ?? r.oldImage;
        lines.push(`    ${r.shardId.slice(-8)} ${r.sequenceNumber} ${r.eventName.padEnd(6)} key ${JSON.stringify(r.key)}${image === undefined ? '' : ` ${JSON.stringify(image)}`}`);
      }
      if (c.faults.length > 0) lines.push('  Faults:', ...c.faults.map((f) => `    ${String(f)}`));
      if (c.differences && c.differences.length > 0) {
        lines.push('  Expected versus actual:');
        for (const d of c.differences.slice(0, 8)) lines.push(`    ${d.key}`, `      expected ${JSON.stringify(d.expected) ?? '(nothing)'}`, `      actual   ${JSON.stringify(d.actual) ?? '(nothing)'}`);
      }
      lines.push('  Timeline:', ...c.timeline.split('\n').map((l) => `    ${l}`));
      if (c.calls && c.calls.length > 0) {
        lines.push(`  Downstream calls${c.calls.length > 20 ? ' (first 20)' : ''}:`, ...c.calls.slice(0, 20).map((l) => `    ${l}`));
      }
      lines.push(`  Replay: npx conformance ${report.config ? `-c ${report.config} ` : ''}${report.handler} --replay ${c.replay}`);
    }
  }
  lines.push('', 'rule                      status  runs    time');
  for (const rule of report.rules) {
    lines.push(`${rule.id.padEnd(26)}${paint(rule.status, marks[rule.status].padEnd(8))}${String(rule.runs).padStart(4)}  ${(rule.durationMs / 1000).toFixed(1).padStart(5)} s${rule.status === 'skip' ? `  (${rule.message})` : ''}`);
  }
  const failed = report.rules.filter((r) => r.status === 'fail').length;
  lines.push('', report.ok ? 'All rules passed.' : `${failed} rule(s) failed. Seed ${report.seed}: rerun with --seed ${report.seed}.`);
  return `${lines.join('\n')}\n`;
}
