import type { PatternNode, Scalar, ValueMatcher } from './pattern.js';

/** Tests a JSON value of the event (possibly absent) against a pattern node. */
export type Matcher = (value: unknown) => boolean;

function isScalar(value: unknown): value is Scalar {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** The leaves at a path: the value itself, or the scalar elements of (nested) arrays. Objects are not leaves. */
export function leavesOf(value: unknown): Scalar[] {
  if (isScalar(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  return [];
}

/** What a nested pattern object is matched against: the value, or each element of (nested) arrays. */
function candidatesOf(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [value];
  const elements = value.flat(Infinity);
  return elements.length > 0 ? elements : [undefined];
}

/** Own fields only, so a pattern naming "constructor" or "__proto__" sees no inherited value. */
function fieldOf(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

export function compileNode(node: PatternNode): Matcher {
  if (node.kind === 'leaf') {
    const tests = node.matchers.map(leafTest);
    return (value) => {
      const leaves = leavesOf(value);
      return tests.some((test) => test(leaves));
    };
  }
  const fields = node.fields.map(([name, child]) => [name, compileNode(child)] as const);
  return (value) => candidatesOf(value).some((candidate) => fields.every(([name, matches]) => matches(fieldOf(candidate, name))));
}

function leafTest(matcher: ValueMatcher): (leaves: Scalar[]) => boolean {
  if (matcher.kind === 'exists') return (leaves) => leaves.length > 0 === matcher.exists;
  const test = scalarTest(matcher);
  return (leaves) => leaves.some(test);
}

function scalarTest(matcher: Exclude<ValueMatcher, { kind: 'exists' }>): (leaf: Scalar) => boolean {
  switch (matcher.kind) {
    case 'equals':
      return (leaf) => leaf === matcher.value;
    case 'prefix':
      return (leaf) => typeof leaf === 'string' && leaf.startsWith(matcher.prefix);
    case 'suffix':
      return (leaf) => typeof leaf === 'string' && leaf.endsWith(matcher.suffix);
    case 'equals-ignore-case': {
      const folded = matcher.value.toLowerCase();
      return (leaf) => typeof leaf === 'string' && leaf.toLowerCase() === folded;
    }
    case 'anything-but':
      return (leaf) => !matcher.values.includes(leaf as string | number);
    case 'anything-but-prefix':
      return (leaf) => typeof leaf !== 'string' || !leaf.startsWith(matcher.prefix);
    case 'anything-but-suffix':
      return (leaf) => typeof leaf !== 'string' || !leaf.endsWith(matcher.suffix);
    case 'numeric': {
      const { lower, upper } = matcher;
      // Only JSON numbers: DynamoDB's {"N": "5"} is a string and never matches a numeric operator.
      return (leaf) =>
        typeof leaf === 'number' &&
        (lower === undefined || (lower.inclusive ? leaf >= lower.value : leaf > lower.value)) &&
        (upper === undefined || (upper.inclusive ? leaf <= upper.value : leaf < upper.value));
    }
  }
}

/**
 * Where a pattern fails only because the value lacks a field the pattern tests with `anything-but`:
 * that field's path (`userIdentity.principalId`). A pattern matches only values that have the fields it
 * names, a negation included, which surprises: "anything but X" does not match "nothing".
 */
export function absentNegatedField(node: PatternNode, value: unknown, path: string[] = []): string[] | undefined {
  if (node.kind === 'leaf') {
    const negates = node.matchers.some((m) => m.kind.startsWith('anything-but'));
    return negates && leavesOf(value).length === 0 && !compileNode(node)(value) ? path : undefined;
  }
  // only where that field alone fails the pattern: a record failing on another field too is dropped anyway
  const candidate = candidatesOf(value)[0];
  const failing = node.fields.filter(([name, child]) => !compileNode(child)(fieldOf(candidate, name)));
  if (failing.length !== 1) return undefined;
  const [name, child] = failing[0]!;
  return absentNegatedField(child, fieldOf(candidate, name), [...path, name]);
}
