import { isArbitrary } from './validate.js';

const ATTRIBUTE_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'SS', 'NS', 'BS', 'L', 'M'];
const KEYS = ['required', 'samples', 'type', 'pattern', 'range', 'arbitrary', 'version'];

/** Where a check fails: the path and what is wrong (the caller makes it a ConfigError). */
export interface AttributeProblem {
  path: string;
  problem: string;
}

/**
 * Checks `items.attributes` (SPEC §1.3): per attribute, an object of `required`, `samples`, `type`,
 * `pattern`, `range`, `arbitrary` (TS/JS) or `{ version: true }`, or an fc.Arbitrary (TS/JS).
 */
export function attributeProblem(value: unknown, path: string, json: boolean, keyNames: readonly string[]): AttributeProblem | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path, problem: 'must be an object { "<attribute>": { required?, samples?, type?, pattern?, range? } | { version: true } }' };
  for (const [name, spec] of Object.entries(value)) {
    const at = `${path}.${name}`;
    if (keyNames.includes(name)) return { path: at, problem: 'is a key attribute of the table: keys are always present and generated from the key schema; leave it out' };
    if (isArbitrary(spec)) {
      if (json) return { path: at, problem: 'a JSON config cannot hold an fc.Arbitrary; write the config as conformance.config.ts' };
      continue;
    }
    const found = specProblem(spec, at, json);
    if (found) return found;
  }
  return undefined;
}

function specProblem(spec: unknown, at: string, json: boolean): AttributeProblem | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return { path: at, problem: 'must be an object { required?, samples?, type?, pattern?, range? } or { version: true }' };
  const s = spec as Record<string, unknown>;
  const unknown = Object.keys(s).find((k) => !KEYS.includes(k));
  if (unknown !== undefined) return { path: `${at}.${unknown}`, problem: `unknown key; expected ${KEYS.join(', ')}` };
  if (s.required !== undefined && typeof s.required !== 'boolean') return { path: `${at}.required`, problem: 'must be true or false' };
  if (s.version !== undefined) {
    if (s.version !== true) return { path: `${at}.version`, problem: 'must be true (a per-key version increasing with every write of the key)' };
    const other = Object.keys(s).find((k) => k !== 'version' && k !== 'required');
    if (other !== undefined) return { path: `${at}.${other}`, problem: 'a version attribute takes no values of its own: the history numbers them 1, 2, 3, … per key' };
  }
  if (s.samples !== undefined && (!Array.isArray(s.samples) || s.samples.length === 0)) return { path: `${at}.samples`, problem: 'must be a non-empty list of the values the attribute takes' };
  if (s.type !== undefined && !ATTRIBUTE_TYPES.includes(s.type as string)) return { path: `${at}.type`, problem: `must be one of ${ATTRIBUTE_TYPES.join(', ')}` };
  if (s.pattern !== undefined) {
    if (typeof s.pattern !== 'string') return { path: `${at}.pattern`, problem: 'must be a regular expression as a string, e.g. "^[a-z]+$"' };
    try {
      new RegExp(s.pattern);
    } catch (error) {
      return { path: `${at}.pattern`, problem: `is not a valid regular expression (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (s.range !== undefined) {
    const r = s.range;
    if (!Array.isArray(r) || r.length !== 2 || !r.every((n) => typeof n === 'number' && Number.isFinite(n)) || (r[0] as number) > (r[1] as number)) {
      return { path: `${at}.range`, problem: 'must be [min, max], two finite numbers with min ≤ max' };
    }
  }
  if (s.arbitrary !== undefined && !isArbitrary(s.arbitrary)) {
    return { path: `${at}.arbitrary`, problem: json ? 'needs an fc.Arbitrary, which a JSON config cannot hold; write the config as conformance.config.ts' : 'must be an fc.Arbitrary of the attribute\'s values' };
  }
  const given = ['samples', 'type', 'pattern', 'range', 'arbitrary'].filter((k) => s[k] !== undefined);
  if (given.length > 1) return { path: `${at}.${given[1]}`, problem: `give one of samples, type, pattern, range or arbitrary (${given[0]} is given already)` };
  return undefined;
}
