import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { UserError } from '../core/user-error.js';
import type { ConformanceConfig } from '../config/types.js';
import type { Source } from '../model/types.js';
import type { Reduction } from './minimize.js';

/**
 * Everything that shaped a counterexample: fast-check's seed and path, what minimizing took out,
 * and a digest of each part of the settings the case was generated and judged under. A replay
 * under other settings would run another case, so it is refused, naming what differs.
 */
export interface ReplayToken {
  v: 2;
  seed: number;
  path: string;
  rule: string;
  drop?: Reduction;
  /** Part of the settings → short digest. */
  settings: Record<string, string>;
}

/** The settings a replay must share with the run that printed it, each with the words a user knows it by. */
export interface ReplaySettings {
  handler: string;
  source: Source;
  timeoutMs: number;
  config: ConformanceConfig;
}

const parts: Record<string, { label: string; of: (s: ReplaySettings) => unknown }> = {
  handler: { label: 'the handler', of: (s) => s.handler },
  source: { label: 'the source (--source)', of: (s) => s.source },
  table: { label: 'the source table (table, or the template)', of: (s) => s.config.table },
  items: { label: 'items', of: (s) => s.config.items },
  stream: { label: 'stream', of: (s) => s.config.stream },
  mapping: { label: 'the mapping (mapping, or the template)', of: (s) => s.config.mapping },
  function: { label: 'function settings (function, --timeout, or the template)', of: (s) => ({ ...s.config.function, timeoutMs: s.timeoutMs }) },
  downstream: { label: 'downstream', of: (s) => s.config.downstream },
};

export function settingsDigest(settings: ReplaySettings): Record<string, string> {
  return Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, digest(part.of(settings))]));
}

export function encodeReplay(token: Omit<ReplayToken, 'v'>): string {
  return Buffer.from(JSON.stringify({ v: 2, ...token })).toString('base64url');
}

export function decodeReplay(text: string): ReplayToken {
  let token: Partial<ReplayToken> | undefined;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<ReplayToken>;
  } catch {
    token = undefined;
  }
  if (token?.v === 2 && typeof token.seed === 'number' && typeof token.path === 'string' && typeof token.rule === 'string' && typeof token.settings === 'object') {
    return token as ReplayToken;
  }
  if ((token as { v?: unknown } | undefined)?.v === 1) {
    throw new UserError('--replay: this token comes from an older version of stream-conformance; run the check again and replay the token it prints');
  }
  throw new UserError(`--replay: "${text.slice(0, 40)}" is not a replay token; copy the token printed with a failure`);
}

/** What a user knows each differing part of two settings digests by (`the mapping (mapping, or the template)`). */
export function differingSettings(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys(parts).filter((name) => a[name] !== undefined && b[name] !== undefined && a[name] !== b[name]).map((name) => parts[name]!.label);
}

/** Refuses (exit 2) a replay whose settings differ from the run that recorded it, naming the parts. */
export function assertSameSettings(token: ReplayToken, settings: ReplaySettings): void {
  const now = settingsDigest(settings);
  const differing = Object.keys(parts).filter((name) => token.settings[name] !== undefined && token.settings[name] !== now[name]);
  if (differing.length === 0) return;
  const labels = differing.map((name) => parts[name]!.label);
  throw new UserError(
    `--replay: this counterexample was recorded under different settings (${labels.join('; ')}); replaying it here would run another case. Use the exact command printed with the failure (same config, template and flags)`,
  );
}

function digest(value: unknown): string {
  return createHash('sha256').update(stable(value)).digest('hex').slice(0, 12);
}

/** JSON with sorted keys; functions by their source text, arbitraries by what they are. */
function stable(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `fn:${value.toString()}`;
  if (value instanceof fc.Arbitrary) return `arbitrary:${value.constructor.name}`;
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
