export { simulate, simulateWith } from './simulate.js';
export { MappingError, InputError, resolveMapping, defaultKnobs, paddedSequenceNumber, compareSequenceNumbers } from './model/index.js';
export type {
  BatchInfo, Condition, DestinationDelivery, Discard, HandlerResult, InvocationMeta, InvocationRecord, Invoker, Knobs,
  Mapping, MappingInput, OnFailureDocument, Outcome, Shard, ShardMetrics, SimulateInput, Source, StreamEvent, StreamHandler,
  StreamRecord, TimelineEvent, Trace,
} from './model/index.js';
