import { relative } from 'node:path';
import type { RunSettings } from './config/settings.js';
import { resolveMapping, type Mapping } from './model/mapping.js';
import type { Report } from '../reports/report.js';
import { packageVersion } from './version.js';

/** What a report says about the run before any rule is checked: printed first on a terminal. */
export type ReportHeader = Pick<Report, 'tool' | 'seed' | 'handler' | 'config' | 'source' | 'mapping'>;

/** The header of the report a run with these settings will make (`seed`: a replay token's own). */
export function reportHeader(settings: RunSettings, seed = settings.seed): ReportHeader {
  return {
    tool: { name: 'stream-conformance', version: packageVersion() },
    seed,
    handler: settings.handlerRef,
    ...(settings.configFile !== undefined && { config: relative(settings.cwd, settings.configFile) || settings.configFile }),
    source: settings.source,
    mapping: describeMapping(resolveMapping(settings.config.mapping, settings.source)),
  };
}

/** The mapping as one line for the reports: the settings that shape delivery, defaults included where they matter. */
export function describeMapping(m: Mapping): string {
  const parts = [`BatchSize ${m.BatchSize}`];
  if (m.MaximumBatchingWindowInSeconds > 0) parts.push(`window ${m.MaximumBatchingWindowInSeconds} s`);
  if (m.StartingPosition !== 'TRIM_HORIZON') parts.push(m.StartingPosition);
  parts.push(`retries ${m.MaximumRetryAttempts === -1 ? 'unlimited' : m.MaximumRetryAttempts}`);
  if (m.MaximumRecordAgeInSeconds !== -1) parts.push(`max record age ${m.MaximumRecordAgeInSeconds} s`);
  parts.push(`bisect ${m.BisectBatchOnFunctionError ? 'on' : 'off'}`);
  if (m.ReportBatchItemFailures) parts.push('ReportBatchItemFailures');
  if (m.ParallelizationFactor > 1) parts.push(`ParallelizationFactor ${m.ParallelizationFactor}`);
  if (m.Filters.length > 0) parts.push(`${m.Filters.length} filter${m.Filters.length === 1 ? '' : 's'}`);
  if (m.TumblingWindowInSeconds > 0) parts.push(`tumbling window ${m.TumblingWindowInSeconds} s`);
  parts.push(m.OnFailure ? `OnFailure ${m.OnFailure.type}` : 'no OnFailure');
  return parts.join(', ');
}
