import type { ConformanceConfig } from '../types.js';

/** A stream event source mapping found in a template, with what the template says around it. */
export interface StreamMapping {
  /** How messages name it: `OrdersMapping`, `OrdersFunction/Stream`, `orders/events[0]`. */
  id: string;
  /** What it is: `AWS::Lambda::EventSourceMapping`, `AWS::Serverless::Function event`, … */
  kind: string;
  /** What `mapping.logicalId` may say to pick it. */
  names: string[];
  /** The function it invokes, when the template has it. */
  fn: LambdaFunction | undefined;
  /** Source, table, stream, mapping, downstream tables and function settings the template gives. */
  config: ConformanceConfig;
  /** What the template left unknown (an unresolvable value, a guess). */
  warnings: string[];
  /** The warnings about values the template cannot give, with the config key that gives each. */
  unresolved?: Unresolved[];
}

export interface Unresolved {
  warning: string;
  /** `mapping.MaximumRetryAttempts`, `table.KeySchema`, `function.Environment.Variables.X`, `downstream.dynamodb`. */
  configPath: string;
  /** What to say (exit 2) when the config does not give it either: the check cannot do without it. */
  required?: string;
}

export interface LambdaFunction {
  /** Logical id (or the serverless.yml function name). */
  id: string;
  /** `Handler` as written (`src/handler.handler`), for messages. */
  handler: string | undefined;
  /** The source files the handler may be. */
  modules: HandlerModule[];
  /** Construct names (CDK logical ids without their hash, `aws:cdk:path` parts) for loose matching. */
  names: string[];
}

export interface HandlerModule {
  /** Absolute path; without extension when the template does not say which (`Handler: src/handler.handler`). */
  path: string;
  /** Whether `path` already has its extension (esbuild entry points). */
  exact: boolean;
  /** A CDK asset: code bundled from sources the template does not name. */
  bundled: boolean;
  exportName: string | undefined;
}

/** The handler being checked, as `parseHandlerRef` gives it. */
export interface CheckedHandler {
  file: string;
  exportName?: string;
}
