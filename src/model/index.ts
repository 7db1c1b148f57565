export { Engine, type EngineInput } from './engine.js';
export { classify, describeThrown, type Classification } from './classify.js';
export { defaultKnobs, resolveKnobs, type Knobs } from './knobs.js';
export { MappingError, mappingDefaults, resolveMapping, type Mapping, type MappingInput } from './mapping.js';
export { InputError, inferSource, prepareShards, recordAccess, type PreparedShard, type RecordAccess } from './prepare.js';
export { compareSequenceNumbers, isSequenceNumber, paddedSequenceNumber } from './sequence-number.js';
export { inProcessInvoker, lambdaContext } from './in-process-invoker.js';
export * from './types.js';
