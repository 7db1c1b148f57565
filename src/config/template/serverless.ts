import { SERVERLESS_FUNCTION } from './cloudformation.js';
import { ACCOUNT, isObject, REGION, type Resource, type Template } from './intrinsics.js';

/** A serverless.yml: a `service` with `functions` or a `provider`. */
export function isServerlessConfig(document: unknown): document is Record<string, unknown> {
  return isObject(document) && document.service !== undefined && (isObject(document.functions) || isObject(document.provider));
}

/**
 * The serverless.yml as the template the Serverless Framework deploys, in SAM's shape: each
 * function an `AWS::Serverless::Function` (`CodeUri` the service directory) whose `stream` events
 * are `DynamoDB`/`Kinesis` events, next to `resources.Resources`. `${self:…}`, `${sls:stage}`,
 * `${opt:…, default}` and `${env:…, default}` variables are resolved where the file says enough.
 */
export function serverlessTemplate(document: Record<string, unknown>): Template {
  const service = resolveVariables(document, { root: document, resolved: new Map(), resolving: new Set() }) as Record<string, unknown>;
  const provider = isObject(service.provider) ? service.provider : {};
  const resources: Record<string, Resource> = {};
  const conditions: Record<string, unknown> = {};
  for (const part of [service.resources].flat()) {
    if (isObject(part) && isObject(part.Resources)) Object.assign(resources, part.Resources);
    if (isObject(part) && isObject(part.Conditions)) Object.assign(conditions, part.Conditions);
  }
  const functions = isObject(service.functions) ? service.functions : {};
  for (const [name, fn] of Object.entries(functions)) {
    if (isObject(fn)) resources[name] = serverlessFunction(fn, provider);
  }
  return { Resources: resources, Conditions: conditions };
}

function serverlessFunction(fn: Record<string, unknown>, provider: Record<string, unknown>): Resource {
  const iam = isObject(provider.iam) && isObject(provider.iam.role) ? provider.iam.role.statements : undefined;
  const events = Array.isArray(fn.events) ? fn.events : [];
  const streamEvents = events.flatMap((event: unknown, i) => {
    const stream = isObject(event) ? event.stream : undefined;
    return stream === undefined ? [] : [[`events[${i}]`, streamEvent(stream)] as const];
  });
  return {
    Type: 'AWS::Serverless::Function',
    Metadata: { [SERVERLESS_FUNCTION]: true },
    Properties: {
      Handler: fn.handler,
      CodeUri: '.',
      // the framework's defaults, not Lambda's
      Timeout: fn.timeout ?? provider.timeout ?? 6,
      MemorySize: fn.memorySize ?? provider.memorySize ?? 1024,
      Environment: { Variables: { ...recordOf(provider.environment), ...recordOf(fn.environment) } },
      Policies: [iam, provider.iamRoleStatements, fn.iamRoleStatements].filter((p) => p !== undefined),
      Events: Object.fromEntries(streamEvents),
    },
  };
}

/** A `stream` event as a SAM event: `arn` becomes `Stream`, camelCase settings their mapping properties. */
function streamEvent(stream: unknown): Record<string, unknown> {
  if (!isObject(stream)) return { Type: streamType(undefined, stream), Properties: { Stream: stream, BatchSize: 10, StartingPosition: 'TRIM_HORIZON' } };
  const properties: Record<string, unknown> = {
    Stream: stream.arn,
    // the framework's defaults
    BatchSize: stream.batchSize ?? 10,
    StartingPosition: stream.startingPosition ?? 'TRIM_HORIZON',
  };
  const renamed: Record<string, string> = {
    startingPositionTimestamp: 'StartingPositionTimestamp', maximumRetryAttempts: 'MaximumRetryAttempts',
    bisectBatchOnFunctionError: 'BisectBatchOnFunctionError', parallelizationFactor: 'ParallelizationFactor',
    maximumRecordAgeInSeconds: 'MaximumRecordAgeInSeconds', tumblingWindowInSeconds: 'TumblingWindowInSeconds',
    batchWindow: 'MaximumBatchingWindowInSeconds',
  };
  for (const [from, to] of Object.entries(renamed)) if (stream[from] !== undefined) properties[to] = stream[from];
  if (stream.functionResponseType !== undefined) properties.FunctionResponseTypes = [stream.functionResponseType];
  const onFailure = isObject(stream.destinations) ? stream.destinations.onFailure : undefined;
  if (onFailure !== undefined) {
    properties.DestinationConfig = { OnFailure: { Destination: isObject(onFailure) && 'arn' in onFailure ? onFailure.arn : onFailure } };
  }
  if (Array.isArray(stream.filterPatterns)) {
    properties.FilterCriteria = { Filters: stream.filterPatterns.map((pattern: unknown) => ({ Pattern: JSON.stringify(pattern) })) };
  }
  return { Type: streamType(stream.type, stream.arn), Properties: properties };
}

function streamType(type: unknown, arn: unknown): 'DynamoDB' | 'Kinesis' {
  if (type === 'kinesis') return 'Kinesis';
  if (type === 'dynamodb') return 'DynamoDB';
  return typeof arn === 'string' && /^arn:[^:]+:kinesis:/.test(arn) ? 'Kinesis' : 'DynamoDB';
}

function recordOf(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}

/** The file's variables as they resolve: each once, so a file whose variables refer to each other cannot blow up. */
interface Resolution {
  root: Record<string, unknown>;
  resolved: Map<string, unknown>;
  /** Variables being resolved: one met again refers to itself, and stays as written. */
  resolving: Set<string>;
}

/** Every string with `${…}` variables, resolved as far as the file itself tells. */
function resolveVariables(value: unknown, resolution: Resolution, depth = 0): unknown {
  if (typeof value === 'string') return resolveString(value, resolution, depth);
  if (Array.isArray(value)) return value.map((v) => resolveVariables(v, resolution, depth));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveVariables(v, resolution, depth)]));
  return value;
}

const VARIABLE = /\$\{([^${}]+)\}/;

function resolveString(text: string, resolution: Resolution, depth: number): unknown {
  if (depth > 10) return text;
  const whole = new RegExp(`^${VARIABLE.source}$`).exec(text);
  if (whole) {
    // a whole-string variable keeps the type of what it refers to (a number, an object)
    const value = variable(whole[1]!, resolution, depth);
    return value === undefined ? text : value;
  }
  let unresolved = false;
  const replaced = text.replace(new RegExp(VARIABLE.source, 'g'), (match, inner: string) => {
    const value = variable(inner, resolution, depth);
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
    unresolved = true;
    return match;
  });
  if (unresolved || replaced === text) return replaced;
  return resolveString(replaced, resolution, depth + 1);
}

/** `self:a.b`, `sls:stage`, `aws:region`, a quoted literal, …; `a, b` takes the first that resolves. */
function variable(expression: string, resolution: Resolution, depth: number): unknown {
  for (const alternative of expression.split(',').map((s) => s.trim())) {
    const value = resolvedOnce(alternative, resolution, depth);
    if (value !== undefined) return value;
  }
  return undefined;
}

function resolvedOnce(expression: string, resolution: Resolution, depth: number): unknown {
  const { resolved, resolving } = resolution;
  if (resolved.has(expression)) return resolved.get(expression);
  if (resolving.has(expression)) return undefined;
  resolving.add(expression);
  const found = single(expression, resolution.root);
  const value = found === undefined ? undefined : resolveVariables(found, resolution, depth + 1);
  resolving.delete(expression);
  resolved.set(expression, value);
  return value;
}

function single(expression: string, root: Record<string, unknown>): unknown {
  const literal = /^(['"])(.*)\1$/.exec(expression);
  if (literal) return literal[2];
  if (/^-?\d+(\.\d+)?$/.test(expression)) return Number(expression);
  const provider = isObject(root.provider) ? root.provider : {};
  switch (expression) {
    case 'sls:stage':
    case 'self:provider.stage':
      return provider.stage ?? 'dev';
    case 'aws:region':
    case 'self:provider.region':
      return provider.region ?? REGION;
    case 'aws:accountId':
      return ACCOUNT;
    case 'self:service':
      return isObject(root.service) ? root.service.name : root.service;
  }
  if (expression.startsWith('self:')) return lookup(root, expression.slice('self:'.length));
  return undefined; // opt: (no command line here), env:, ssm:, cf:, file(…): not known from the file
}

function lookup(root: Record<string, unknown>, path: string): unknown {
  let value: unknown = root;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}
