import { parseMatcher } from './parse-matcher.js';
import type { PatternNode, PatternObject } from './pattern.js';
import { PatternProblem, shown } from './problem.js';

/** AWS::Lambda::EventSourceMapping Filter.Pattern allows at most 4096 characters. */
export const MAX_PATTERN_LENGTH = 4096;

/** Parses and validates one Pattern string (EventBridge syntax). */
export function parsePattern(pattern: unknown): PatternObject {
  if (typeof pattern !== 'string') {
    throw new PatternProblem('', `must be a JSON string, like "{\\"eventName\\": [\\"INSERT\\"]}", got ${shown(pattern)}`);
  }
  if (pattern.length > MAX_PATTERN_LENGTH) {
    throw new PatternProblem('', `is ${pattern.length} characters; AWS allows at most ${MAX_PATTERN_LENGTH}, so split it into several filters`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch (error) {
    throw new PatternProblem('', `is not valid JSON (${(error as Error).message.split('\n')[0]}): ${shown(pattern)}`);
  }
  if (!isObject(parsed)) {
    throw new PatternProblem('', `must be a JSON object, like {"eventName": ["INSERT"]}, got ${shown(parsed)}`);
  }
  return objectNode(parsed, '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectNode(object: Record<string, unknown>, path: string): PatternObject {
  const names = Object.keys(object);
  if (names.length === 0) {
    throw new PatternProblem(path, 'an empty object is not allowed (EventBridge rejects it); name at least one field, like {"eventName": ["INSERT"]}');
  }
  return { kind: 'object', fields: names.map((name) => [name, node(object[name], path === '' ? name : `${path}.${name}`)]) };
}

function node(value: unknown, path: string): PatternNode {
  if (isObject(value)) return objectNode(value, path);
  if (!Array.isArray(value)) {
    throw new PatternProblem(path, `"${path.split('.').at(-1)}" needs a list of values or a nested object; write {"${path.split('.').at(-1)}": [${shown(value)}]}`);
  }
  if (value.length === 0) {
    throw new PatternProblem(path, 'an empty value list matches nothing; list at least one value, like ["INSERT"]');
  }
  return { kind: 'leaf', matchers: value.map((entry) => parseMatcher(entry, path)) };
}
