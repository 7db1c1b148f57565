import type { Bound, Scalar, ValueMatcher } from './pattern.js';
import { PatternProblem, shown } from './problem.js';

const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case'] as const;
type Operator = (typeof OPERATORS)[number];

const NUMERIC_HINT = 'like {"numeric": [">", 0]} or {"numeric": [">", 0, "<=", 5]}';

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

/** One entry of a leaf list: a literal value or a one-operator object. */
export function parseMatcher(entry: unknown, field: string): ValueMatcher {
  if (typeof entry === 'number' && !Number.isFinite(entry)) {
    throw new PatternProblem(field, `${shown(entry)} is not a finite number`);
  }
  if (isScalar(entry)) return { kind: 'equals', value: entry };
  if (Array.isArray(entry)) {
    throw new PatternProblem(field, `a value list cannot hold another list (${shown(entry)}); flatten it, like ["A", "B"]`);
  }
  const keys = Object.keys(entry as object);
  if (keys.length !== 1) {
    throw new PatternProblem(field, `a matcher object needs exactly one operator, got ${shown(entry)}; write one per list entry, like [{"prefix": "A"}, {"suffix": "Z"}]`);
  }
  const operator = keys[0] as string;
  if (!(OPERATORS as readonly string[]).includes(operator)) {
    throw new PatternProblem(field, `"${operator}" is not a filter operator; use one of ${OPERATORS.join(', ')}`);
  }
  return parseOperator(operator as Operator, (entry as Record<string, unknown>)[operator], field);
}

function parseOperator(operator: Operator, operand: unknown, field: string): ValueMatcher {
  switch (operator) {
    case 'prefix':
      return { kind: 'prefix', prefix: text(operand, operator, field) };
    case 'suffix':
      return { kind: 'suffix', suffix: text(operand, operator, field) };
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: text(operand, operator, field) };
    case 'exists':
      if (typeof operand !== 'boolean') throw new PatternProblem(field, `"exists" needs true or false, got ${shown(operand)}`);
      return { kind: 'exists', exists: operand };
    case 'anything-but':
      return anythingBut(operand, field);
    case 'numeric':
      return numeric(operand, field);
  }
}

function text(operand: unknown, operator: string, field: string): string {
  if (typeof operand !== 'string') {
    throw new PatternProblem(field, `"${operator}" needs a string, like {"${operator}": "A"}, got ${shown(operand)}`);
  }
  return operand;
}

function anythingBut(operand: unknown, field: string): ValueMatcher {
  const hint = 'needs a string, a number, a non-empty list of them, or {"prefix": "A"} / {"suffix": "Z"}';
  const listed = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
  if (listed(operand)) return { kind: 'anything-but', values: [operand] };
  if (Array.isArray(operand) && operand.length > 0 && operand.every(listed)) return { kind: 'anything-but', values: operand };
  if (typeof operand === 'object' && operand !== null && !Array.isArray(operand)) {
    const [key, ...rest] = Object.keys(operand);
    const value = (operand as Record<string, unknown>)[key ?? ''];
    if (rest.length === 0 && typeof value === 'string') {
      if (key === 'prefix') return { kind: 'anything-but-prefix', prefix: value };
      if (key === 'suffix') return { kind: 'anything-but-suffix', suffix: value };
    }
  }
  throw new PatternProblem(field, `"anything-but" ${hint}, got ${shown(operand)}`);
}

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

function numeric(operand: unknown, field: string): ValueMatcher {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) {
    throw new PatternProblem(field, `"numeric" needs an operator and a number, ${NUMERIC_HINT}; got ${shown(operand)}`);
  }
  const comparisons: [string, number][] = [];
  for (let i = 0; i < operand.length; i += 2) comparisons.push(comparison(operand[i], operand[i + 1], field));
  const [first, second] = comparisons as [[string, number], [string, number]?];
  if (second === undefined) return single(first);
  const lower = [first, second].find(([op]) => LOWER.has(op));
  const upper = [first, second].find(([op]) => UPPER.has(op));
  if (lower === undefined || upper === undefined) {
    throw new PatternProblem(field, `a "numeric" range needs one lower bound (> or >=) and one upper bound (< or <=), like {"numeric": [">", 0, "<=", 5]}; got ${shown(operand)}`);
  }
  return { kind: 'numeric', lower: bound(lower), upper: bound(upper) };
}

function comparison(operator: unknown, value: unknown, field: string): [string, number] {
  if (typeof operator !== 'string' || !['=', '<', '<=', '>', '>='].includes(operator)) {
    throw new PatternProblem(field, `"numeric" operator ${shown(operator)} is not one of =, <, <=, >, >=; ${NUMERIC_HINT}`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PatternProblem(field, `"numeric" needs a finite JSON number after "${operator}", got ${shown(value)} (write 5, not "5")`);
  }
  return [operator, value];
}

function bound([operator, value]: [string, number]): Bound {
  return { value, inclusive: operator.endsWith('=') };
}

function single([operator, value]: [string, number]): ValueMatcher {
  if (operator === '=') return { kind: 'numeric', lower: { value, inclusive: true }, upper: { value, inclusive: true } };
  return LOWER.has(operator) ? { kind: 'numeric', lower: bound([operator, value]) } : { kind: 'numeric', upper: bound([operator, value]) };
}
