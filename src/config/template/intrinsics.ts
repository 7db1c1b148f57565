/**
 * Evaluates CloudFormation intrinsic functions the way a deployment with default parameters would,
 * as far as a template alone allows: parameters take their defaults, pseudo parameters stand-in
 * values, resources the names and ARNs they would get. What cannot be known (`Fn::ImportValue`, a
 * parameter without default, an attribute of an unknown resource type) is `UNRESOLVED`.
 */

import { nearest } from '../../core/suggest.js';
import { ConfigError } from '../config-error.js';

export const UNRESOLVED: unique symbol = Symbol('unresolved');
export type Unresolved = typeof UNRESOLVED;

/** `AWS::NoValue`: the property is left out. */
const NO_VALUE: unique symbol = Symbol('no value');

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

const PSEUDO: Record<string, unknown> = {
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
  'AWS::StackId': `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/stack/00000000-0000-0000-0000-000000000000`,
  'AWS::NotificationARNs': [],
};

export type Template = Record<string, unknown> & { Resources: Record<string, Resource> };

export interface Resource {
  Type?: unknown;
  Properties?: Record<string, unknown>;
  Condition?: unknown;
  Metadata?: Record<string, unknown>;
  [other: string]: unknown;
}

export class Intrinsics {
  /**
   * `where`: the template's name in messages, when a reference to something it does not declare
   * (a mistyped `!Ref`, `!GetAtt`, `${…}`, mapping or condition) is a mistake to report, as
   * CloudFormation rejects it. Left out for a template made from a serverless.yml (the framework
   * adds resources of its own) or one a macro transforms.
   */
  private readonly strict: string | undefined;

  constructor(
    private readonly template: Template,
    where?: string,
  ) {
    this.strict = where !== undefined && checksReferences(template) ? where : undefined;
  }

  /** The value with every intrinsic evaluated; `UNRESOLVED` when any part cannot be. */
  evaluate(value: unknown): unknown {
    const result = this.value(value);
    return result === NO_VALUE ? undefined : result;
  }

  /**
   * Like `evaluate`, but what cannot be evaluated is left out (keys and list entries), and its
   * dotted path is passed to `missing`.
   */
  evaluateKnown(value: unknown, path: string, missing: (path: string) => void): unknown {
    const intrinsic = intrinsicOf(value);
    if (intrinsic !== undefined) {
      const result = this.evaluate(value);
      if (result === UNRESOLVED) missing(path);
      return result === UNRESOLVED ? undefined : result;
    }
    if (Array.isArray(value)) {
      return value.map((v, i) => this.evaluateKnown(v, `${path}[${i}]`, missing)).filter((v) => v !== undefined);
    }
    if (isObject(value)) {
      const entries = Object.entries(value).map(([k, v]) => [k, this.evaluateKnown(v, path === '' ? k : `${path}.${k}`, missing)] as const);
      return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
    }
    return value;
  }

  /** Whether a template condition holds; undefined when it cannot be told. */
  condition(name: string): boolean | undefined {
    const conditions = isObject(this.template.Conditions) ? this.template.Conditions : {};
    if (!(name in conditions)) return undefined;
    const result = this.value(conditions[name]);
    return typeof result === 'boolean' ? result : undefined;
  }

  /** The resources whose `Condition` does not evaluate to false. */
  resources(): [string, Resource][] {
    return Object.entries(this.template.Resources).filter(([, resource]) => {
      if (!isObject(resource)) return false;
      return typeof resource.Condition !== 'string' || this.condition(resource.Condition) !== false;
    }) as [string, Resource][];
  }

  /** What `Ref` gives for a resource: its name (a topic's ARN, a queue's URL), per type. */
  refOf(id: string): unknown {
    const resource = this.template.Resources[id];
    if (!isObject(resource)) return UNRESOLVED;
    const name = this.nameOf(id);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;
      default:
        return name;
    }
  }

  /** The physical name a resource gets: its name property when given, else its logical id. */
  nameOf(id: string): string {
    const resource = this.template.Resources[id];
    const properties = isObject(resource?.Properties) ? resource.Properties : {};
    const key = NAME_PROPERTY[String(resource?.Type)];
    const named = key === undefined ? undefined : this.evaluate(properties[key]);
    if (typeof named === 'string' && named !== '') return named;
    if (resource?.Type === 'AWS::SQS::Queue' && this.evaluate(properties.FifoQueue) === true) return `${id}.fifo`;
    // CloudFormation names an unnamed table `<stack>-<id>-<suffix>`; a logical id alone may be
    // shorter than the 3 characters a table name needs
    if (key === 'TableName' && id.length < 3) return `${id}-table`;
    return id;
  }

  getAtt(id: string, attribute: string): unknown {
    const resource = this.template.Resources[id];
    if (!isObject(resource)) return UNRESOLVED;
    const name = this.nameOf(id);
    const key = `${String(resource.Type)}.${attribute}`;
    switch (key) {
      case 'AWS::DynamoDB::Table.Arn':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
      case 'AWS::DynamoDB::Table.StreamArn':
        return `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}/stream/1970-01-01T00:00:00.000`;
      case 'AWS::Kinesis::Stream.Arn':
        return `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${name}`;
      case 'AWS::SQS::Queue.Arn':
        return `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`;
      case 'AWS::SQS::Queue.QueueName':
        return name;
      case 'AWS::SQS::Queue.QueueUrl':
        return this.refOf(id);
      case 'AWS::SNS::Topic.TopicArn':
        return this.refOf(id);
      case 'AWS::SNS::Topic.TopicName':
        return name;
      case 'AWS::S3::Bucket.Arn':
        return `arn:aws:s3:::${name}`;
      case 'AWS::Lambda::Function.Arn':
      case 'AWS::Serverless::Function.Arn':
        return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
      default:
        return UNRESOLVED;
    }
  }

  private value(value: unknown): unknown {
    const intrinsic = intrinsicOf(value);
    if (intrinsic !== undefined) return this.call(intrinsic.name, intrinsic.argument);
    if (Array.isArray(value)) {
      const items = value.map((v) => this.value(v)).filter((v) => v !== NO_VALUE);
      return items.includes(UNRESOLVED) ? UNRESOLVED : items;
    }
    if (isObject(value)) {
      const result: Record<string, unknown> = {};
      for (const [key, entry] of Object.entries(value)) {
        const evaluated = this.value(entry);
        if (evaluated === UNRESOLVED) return UNRESOLVED;
        if (evaluated !== NO_VALUE) result[key] = evaluated;
      }
      return result;
    }
    return value;
  }

  private call(name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return typeof argument === 'string' ? this.ref(argument) : UNRESOLVED;
      case 'Fn::GetAtt':
        return this.getAttArgument(argument);
      case 'Fn::Sub':
        return this.sub(argument);
      case 'Fn::Join':
        return this.join(argument);
      case 'Fn::Select':
        return this.select(argument);
      case 'Fn::Split':
        return this.split(argument);
      case 'Fn::If':
        return this.if(argument);
      case 'Fn::FindInMap':
        return this.findInMap(argument);
      case 'Fn::Equals':
        return this.equals(argument);
      case 'Fn::Not':
        return this.logic(argument, (values) => values.length === 1 ? !values[0] : UNRESOLVED);
      case 'Fn::And':
        return this.logic(argument, (values) => values.every(Boolean));
      case 'Fn::Or':
        return this.logic(argument, (values) => values.some(Boolean));
      case 'Condition':
        if (typeof argument !== 'string') return UNRESOLVED;
        this.declaredIn('Conditions', argument, `Condition: ${argument}`);
        return this.condition(argument) ?? UNRESOLVED;
      case 'Fn::Base64': {
        const text = this.value(argument);
        return typeof text === 'string' ? Buffer.from(text).toString('base64') : UNRESOLVED;
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${REGION}${zone}`);
      case 'Fn::Length': {
        const list = this.value(argument);
        return Array.isArray(list) ? list.length : UNRESOLVED;
      }
      case 'Fn::ToJsonString': {
        const evaluated = this.value(argument);
        return evaluated === UNRESOLVED ? UNRESOLVED : JSON.stringify(evaluated);
      }
      default: // Fn::ImportValue, Fn::Cidr, Fn::Transform: only a deployment knows
        return UNRESOLVED;
    }
  }

  private ref(name: string, written = `!Ref ${name}`): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in PSEUDO) return PSEUDO[name];
    const parameters = isObject(this.template.Parameters) ? this.template.Parameters : {};
    const parameter = parameters[name];
    if (isObject(parameter)) return parameterDefault(parameter);
    this.declared(name, written, true);
    return this.refOf(name);
  }

  private getAttArgument(argument: unknown): unknown {
    const parts = typeof argument === 'string' ? splitOnce(argument, '.') : argument;
    if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string') return UNRESOLVED;
    const attribute = this.value(parts[1]);
    if (typeof attribute !== 'string') return UNRESOLVED;
    this.declared(parts[0], `!GetAtt ${parts[0]}.${attribute}`, false);
    return this.getAtt(parts[0], attribute);
  }

  /**
   * A reference must name a resource (or, for `Ref` and `${…}`, a parameter) of the template:
   * CloudFormation rejects one that does not ("Unresolved resource dependencies"). Names SAM makes
   * from a resource of its own (`OrdersFunctionRole`, `ServerlessRestApi`) are taken as declared.
   */
  private declared(id: string, written: string, orParameter: boolean): void {
    if (this.strict === undefined || id in this.template.Resources || madeBySam(id, this.template)) return;
    const names = [...Object.keys(this.template.Resources), ...(orParameter && isObject(this.template.Parameters) ? Object.keys(this.template.Parameters) : [])];
    const near = nearest(id, names);
    throw new ConfigError(
      `${this.strict}: ${written} names no resource${orParameter ? ' or parameter' : ''} of the template${near === undefined ? '' : ` (did you mean ${near}?)`}; CloudFormation rejects such a template (Unresolved resource dependencies [${id}]): fix the name`,
      { file: this.strict },
    );
  }

  /** A mapping or condition a template uses must be declared in its Mappings or Conditions: CloudFormation rejects it otherwise. */
  private declaredIn(section: 'Mappings' | 'Conditions', name: string, written: string): void {
    if (this.strict === undefined) return;
    const declared = isObject(this.template[section]) ? Object.keys(this.template[section]) : [];
    if (declared.includes(name)) return;
    const near = nearest(name, declared);
    const what = section === 'Mappings' ? 'mapping' : 'condition';
    const has = declared.length === 0 ? `the template has no ${section} section` : `its ${section} declare ${declared.join(', ')}`;
    throw new ConfigError(`${this.strict}: ${written} names the ${what} ${name}, which the template does not declare (${has}${near === undefined ? '' : `; did you mean ${near}?`}); CloudFormation rejects such a template: declare it, or fix the name`, { file: this.strict });
  }

  private sub(argument: unknown): unknown {
    const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
    if (typeof text !== 'string') return UNRESOLVED;
    const given = isObject(variables) ? variables : {};
    let unresolved = false;
    const result = text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
      const name = inner.trim();
      const value = name in given ? this.value(given[name]) : this.subVariable(name);
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
      unresolved = true;
      return whole;
    });
    return unresolved ? UNRESOLVED : result;
  }

  private subVariable(name: string): unknown {
    const dot = name.indexOf('.');
    if (dot !== -1 && !name.startsWith('AWS::')) {
      this.declared(name.slice(0, dot), `!Sub \${${name}}`, false);
      return this.getAtt(name.slice(0, dot), name.slice(dot + 1));
    }
    return this.ref(name, `!Sub \${${name}}`);
  }

  private join(argument: unknown): unknown {
    if (!Array.isArray(argument) || argument.length !== 2) return UNRESOLVED;
    const separator = this.value(argument[0]);
    const list = this.value(argument[1]);
    if (typeof separator !== 'string' || !Array.isArray(list)) return UNRESOLVED;
    return list.every(isScalar) ? list.map(String).join(separator) : UNRESOLVED;
  }

  private select(argument: unknown): unknown {
    if (!Array.isArray(argument) || argument.length !== 2) return UNRESOLVED;
    const given = this.value(argument[0]);
    // an index written as text must be digits (Number('') would be 0)
    const index = typeof given === 'number' ? given : typeof given === 'string' && /^\d+$/.test(given) ? Number(given) : Number.NaN;
    const list = this.value(argument[1]);
    if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) return UNRESOLVED;
    return list[index];
  }

  private split(argument: unknown): unknown {
    if (!Array.isArray(argument) || argument.length !== 2) return UNRESOLVED;
    const separator = this.value(argument[0]);
    const text = this.value(argument[1]);
    return typeof separator === 'string' && typeof text === 'string' ? text.split(separator) : UNRESOLVED;
  }

  private if(argument: unknown): unknown {
    if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') return UNRESOLVED;
    this.declaredIn('Conditions', argument[0], `!If [${argument[0]}, …]`);
    const holds = this.condition(argument[0]);
    if (holds === undefined) return UNRESOLVED;
    return this.value(holds ? argument[1] : argument[2]);
  }

  private findInMap(argument: unknown): unknown {
    if (!Array.isArray(argument) || argument.length < 3) return UNRESOLVED;
    const keys = argument.slice(0, 3).map((k) => this.value(k));
    if (!keys.every((k) => typeof k === 'string')) return UNRESOLVED;
    const [map, top, second] = keys as string[];
    this.declaredIn('Mappings', map!, `!FindInMap [${map}, ${top}, ${second}]`);
    const mappings = isObject(this.template.Mappings) ? this.template.Mappings : {};
    const found = (mappings[map!] as Record<string, Record<string, unknown>> | undefined)?.[top!]?.[second!];
    if (found !== undefined) return this.value(found);
    // Fn::FindInMap's DefaultValue (AWS::LanguageExtensions)
    const fallback = (argument[3] as { DefaultValue?: unknown } | undefined)?.DefaultValue;
    return fallback === undefined ? UNRESOLVED : this.value(fallback);
  }

  private equals(argument: unknown): unknown {
    if (!Array.isArray(argument) || argument.length !== 2) return UNRESOLVED;
    const [a, b] = argument.map((v) => this.value(v));
    if (a === UNRESOLVED || b === UNRESOLVED) return UNRESOLVED;
    return JSON.stringify(a) === JSON.stringify(b) || (isScalar(a) && isScalar(b) && String(a) === String(b));
  }

  private logic(argument: unknown, combine: (values: boolean[]) => unknown): unknown {
    if (!Array.isArray(argument)) return UNRESOLVED;
    const values = argument.map((v) => this.value(v));
    return values.every((v) => typeof v === 'boolean') ? combine(values as boolean[]) : UNRESOLVED;
  }
}

/**
 * Whether a template's references can be checked against what it declares: not when a macro other
 * than SAM's or the language extensions transforms it, nor when `Fn::ForEach` makes resources.
 */
function checksReferences(template: Template): boolean {
  const transforms = [template.Transform].flat().filter((t) => t !== undefined);
  const known = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions']);
  if (!transforms.every((t) => typeof t === 'string' && known.has(t))) return false;
  return !Object.keys(template.Resources).some((id) => id.startsWith('Fn::ForEach::'));
}

/** A logical id SAM generates from one of the template's serverless resources (`<Function>Role`, `<Api>Stage`), or its implicit APIs. */
function madeBySam(id: string, template: Template): boolean {
  if (/^Serverless(Rest|Http)Api/.test(id)) return true;
  return Object.entries(template.Resources).some(([own, resource]) => isObject(resource) && String(resource.Type).startsWith('AWS::Serverless::') && id.startsWith(own) && id !== own);
}

/** The properties that name a resource, per type (`Ref` gives them). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::Kinesis::Stream': 'Name',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Serverless::Function': 'FunctionName',
};

/** `{ Ref: x }`, `{ 'Fn::Sub': … }`, `{ Condition: c }`: an object of exactly one intrinsic key. */
export function intrinsicOf(value: unknown): { name: string; argument: unknown } | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const name = keys[0]!;
  if (name !== 'Ref' && name !== 'Condition' && !name.startsWith('Fn::')) return undefined;
  return { name, argument: value[name] };
}

/**
 * The logical ids a value refers to, in order: `Ref`, `Fn::GetAtt`, and `${Id}` / `${Id.Attr}` in
 * `Fn::Sub` strings (parameters and pseudo parameters included; the caller filters).
 */
export function referencedIds(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    const intrinsic = intrinsicOf(v);
    if (intrinsic?.name === 'Ref' && typeof intrinsic.argument === 'string') found.push(intrinsic.argument);
    if (intrinsic?.name === 'Fn::GetAtt') {
      const argument = intrinsic.argument;
      const target = typeof argument === 'string' ? argument.split('.')[0] : Array.isArray(argument) ? argument[0] : undefined;
      if (typeof target === 'string') found.push(target);
    }
    if (intrinsic?.name === 'Fn::Sub') {
      const text = Array.isArray(intrinsic.argument) ? intrinsic.argument[0] : intrinsic.argument;
      if (typeof text === 'string') {
        for (const match of text.matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) found.push(match[1]!.trim());
      }
    }
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) Object.values(v).forEach(visit);
  };
  visit(value);
  return [...new Set(found)];
}

function parameterDefault(parameter: Record<string, unknown>): unknown {
  const value = parameter.Default;
  if (value === undefined) return UNRESOLVED;
  const type = String(parameter.Type ?? 'String');
  if ((type.startsWith('List<') || type === 'CommaDelimitedList') && typeof value === 'string') return value.split(',').map((s) => s.trim());
  return value;
}

function splitOnce(text: string, separator: string): string[] {
  const at = text.indexOf(separator);
  return at === -1 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
