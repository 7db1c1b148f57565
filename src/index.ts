export { simulate, simulateWith } from './simulate.js';
export { checkConsumer, checkConsumerWithSettings, type CheckOptions } from './run/check.js';
export { defineConfig } from './config/define-config.js';
export type { ConformanceConfig, RuleId, RuleSetting, SourceTable, PlainItem } from './config/types.js';
export { REPORT_SCHEMA_VERSION, type Report, type RuleReport, type RuleStatus, type Counterexample, type CounterexampleRecord, type CounterexampleTrace } from '../reports/report.js';
export { UserError } from './core/user-error.js';
export type { FaultSchedule, CallFault, InvocationFault, DownstreamError } from './harness/index.js';
export { rules, type Rule } from '../properties/index.js';
export { MappingError, InputError, resolveMapping, defaultKnobs, paddedSequenceNumber, compareSequenceNumbers } from './model/index.js';
export type {
  BatchInfo, Condition, DestinationDelivery, Discard, HandlerResult, InvocationMeta, InvocationRecord, Invoker, Knobs,
  Mapping, MappingInput, OnFailureDocument, Outcome, Shard, ShardMetrics, SimulateInput, Source, StreamEvent, StreamHandler,
  StreamRecord, TimelineEvent, Trace,
} from './model/index.js';
