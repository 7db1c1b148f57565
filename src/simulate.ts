import { Engine } from './model/engine.js';
import { inProcessInvoker } from './model/in-process-invoker.js';
import { resolveKnobs } from './model/knobs.js';
import { resolveMapping, type Mapping, type MappingInput } from './model/mapping.js';
import { InputError, inferSource, prepareShards, recordAccess, type PreparedShard } from './model/prepare.js';
import type { Invoker, Shard, SimulateInput, Source, StreamEvent, Trace } from './model/types.js';

/** Mappings resolved at the boundary: the model takes them as they are instead of resolving them again. */
const resolvedMappings = new WeakSet<object>();

/** Resolves a mapping's input once (for one source), for every run of a check to share. */
export function resolveMappingOnce(input: MappingInput | undefined, source: Source): Mapping {
  return markResolved(resolveMapping(input, source));
}

/** A resolved mapping with some of its settings replaced, still resolved. */
export function withSettings(mapping: Mapping, changes: Partial<Mapping>): Mapping {
  return markResolved({ ...mapping, ...changes });
}

function markResolved(mapping: Mapping): Mapping {
  resolvedMappings.add(mapping);
  return mapping;
}

/** The mapping a run uses: resolved at the boundary already, or raw input (the public API) resolved here. */
function mappingFor(input: MappingInput | Mapping | undefined, source: Source): Mapping {
  return input !== undefined && resolvedMappings.has(input) ? (input as Mapping) : resolveMapping(input as MappingInput | undefined, source);
}

/**
 * Runs the reference model of the event source mapping over the given shards, driving an
 * in-process handler in virtual time. The same input gives the same trace.
 */
export async function simulate(input: SimulateInput): Promise<Trace> {
  if (typeof input?.handler !== 'function') throw new InputError('simulate: handler must be a function (event, context) => result');
  return simulateWith(input, inProcessInvoker(input.handler, resolveKnobs(input.knobs)));
}

/** `simulate` under a mapping resolved at the boundary (the rules' model runs). */
export async function simulateResolved(input: Omit<SimulateInput, 'mapping'> & { mapping: Mapping }): Promise<Trace> {
  return simulateWith(input, inProcessInvoker(input.handler, resolveKnobs(input.knobs)));
}

/** The same model with another way of running the function (the harness passes its isolated invoker). */
export async function simulateWith(input: Omit<SimulateInput, 'handler' | 'mapping'> & { mapping?: MappingInput | Mapping }, invoke: Invoker): Promise<Trace> {
  const source = input.source ?? inferSource(input.shards);
  if (source !== 'dynamodb' && source !== 'kinesis') throw new InputError(`source must be "dynamodb" or "kinesis", got ${JSON.stringify(source)}`);
  const access = recordAccess(source);
  const mapping = mappingFor(input.mapping, source);
  const knobs = resolveKnobs(input.knobs);
  // before the records are read as the source's: a record of the other source is named as such
  checkSource(input.shards, source);
  const shards = prepareShards(input.shards, access);
  const functionTimeoutMs = input.functionTimeoutMs ?? 3000;
  if (!(functionTimeoutMs > 0)) throw new InputError(`functionTimeoutMs must be a positive number, got ${functionTimeoutMs}`);
  return new Engine({
    access,
    mapping,
    knobs,
    shards,
    invoke,
    startTime: input.startTime ?? firstArrival(shards),
    durationOf: durationOf(input.durationMs),
    functionTimeoutMs,
  }).run();
}

function durationOf(durationMs: SimulateInput['durationMs']): (event: StreamEvent) => number {
  const check = (ms: unknown): number => {
    if (typeof ms !== 'number' || !(ms >= 0) || !Number.isFinite(ms)) throw new InputError(`durationMs must be a non-negative number of milliseconds, got ${String(ms)}`);
    return ms;
  };
  if (typeof durationMs === 'function') return (event) => check(durationMs(event));
  const fixed = check(durationMs ?? 0);
  return () => fixed;
}

function firstArrival(shards: PreparedShard[]): number {
  let first = Infinity;
  for (const shard of shards) if (shard.arrivals.length > 0) first = Math.min(first, shard.arrivals[0]!);
  return Number.isFinite(first) ? first : 0;
}

function checkSource(shards: readonly Shard[], source: 'dynamodb' | 'kinesis'): void {
  const expected = `aws:${source}`;
  for (const shard of Array.isArray(shards) ? shards : []) {
    const first: unknown = Array.isArray(shard?.records) ? shard.records[0] : undefined;
    const found = (first as { eventSource?: unknown } | undefined)?.eventSource;
    if (found !== undefined && found !== expected) {
      throw new InputError(`shard ${shard.shardId} holds ${String(found)} records but the source is ${source}`);
    }
  }
}
