// The harness's one door: the only place outside src/harness imports it from.
export { Harness, HarnessError, type HarnessOptions, type HarnessRun, type RunInput } from './harness.js';
export { noFaults, type CallFault, type DownstreamError, type FaultSchedule, type InvocationFault } from './faults.js';
export type { RecordedCall } from './downstream/downstream.js';
export { batchEntries, outboxOperations, type OutboxMessage } from './downstream/outbox.js';
export { SdkUsage, type RunSdkUsage } from './sdk-usage.js';
export { displayPath } from './load/paths.js';
export { HandlerLoadError, parseHandlerRef } from './load/index.js';
export { describeNotFound, pathKind } from './load/not-found.js';
export { CREATE_TABLE_KEYS, EmbeddedDynamoDB, readTableDeclarations, tablesNamed, TableDeclarationError, type TableDeclaration } from './dynamodb/index.js';
export type { DynaliteStore } from './dynamodb/dynalite-internals.js';
export { entryCode } from './thread-entry.js';
export { groupEndedAfterRun } from './ended-after-run.js';
