import { UserError } from '../core/user-error.js';
import { resolve } from 'node:path';
import type { Knobs } from '../model/knobs.js';
import type { Mapping, MappingInput } from '../model/mapping.js';
import type { HandlerResult, InvocationRecord, Invoker, Shard, Source, StreamEvent, Trace } from '../model/types.js';
import { simulateWith } from '../simulate.js';
import { listenGateway, type ListeningGateway } from './downstream/gateway-server.js';
import { Downstream, type HttpTarget, type RecordedCall } from './downstream/downstream.js';
import type { OutboxMessage } from './downstream/outbox.js';
import type { ServiceDeclarations } from './downstream/declared-services.js';
import { SimulationStopped } from '../model/stop.js';
import { SearchTargets, type SearchTarget } from './downstream/search-targets.js';
import type { SearchSnapshot } from './downstream/search/index.js';
import { EmbeddedDynamoDB, type DynamoDBSnapshot } from './dynamodb/index.js';
import { safeEnvironment } from './environment.js';
import { type FaultSchedule, noFaults } from './faults.js';
import { HandlerLoadFailure, HandlerWorker, type HandlerWorkerOptions, type WorkerOutcome } from './handler-worker.js';
import { firstHangCutMs, HangBudget } from './hang-budget.js';
import { parseHandlerRef } from './load/index.js';
import { projectDependsOnSdk } from './project.js';
import type { RunSdkUsage } from './sdk-usage.js';
import type { WorkerInit } from './protocol.js';
import { SourceTableTimeline } from './source-table.js';
import { TablesKept } from './tables-kept.js';
import { endedAfterRunWarning } from './ended-after-run.js';

export interface HarnessOptions {
  /** `path[#export]`, relative to `cwd`. */
  handler: string;
  cwd?: string;
  region?: string;
  /** Downstream tables: CreateTable inputs or AWS::DynamoDB::Table properties. */
  tables?: unknown[];
  /** fetch targets to capture, by origin (`https://hooks.example.com`). */
  http?: Record<string, HttpTarget>;
  /** AWS services and operations the harness does not emulate, answered as declared (`downstream.services`). */
  services?: ServiceDeclarations;
  /** Search endpoints answered by the embedded document store (downstream.search). */
  search?: SearchTarget[];
  /** function.Timeout in ms: the virtual timeout, and (up to `firstHangCutMs`) the real-time watchdog unless `watchdogMs` is given. */
  functionTimeoutMs?: number;
  watchdogMs?: number;
  /** Real time after which invocations are cut once the handler has hung once (see hang-budget.ts). */
  quickCutMs?: number;
  memoryLimitInMB?: number;
  /** function.Environment.Variables, set before the handler is imported. */
  environment?: Record<string, string>;
  functionName?: string;
  /** false: the model runs every identical retry instead of fast-forwarding it (to compare the two, or to debug). */
  fastForward?: boolean;
  /**
   * DynamoDB sources: the stream's table (AWS::DynamoDB::Table properties naming it), which the
   * handler may read as it was at each invocation; `unnamed` when the config does not name it.
   */
  sourceTable?: Record<string, unknown> | 'unnamed';
  /** Items the downstream tables hold when each run starts (DynamoDB JSON, per table). */
  items?: Record<string, Record<string, unknown>[]>;
}

export interface RunInput {
  source?: Source;
  /** Raw input, or a mapping the check resolved once (the model then takes it as is). */
  mapping?: MappingInput | Mapping;
  shards: Shard[];
  faults?: FaultSchedule;
  knobs?: Partial<Knobs>;
  /** Seeds Math.random and crypto in the handler, and the model. */
  seed?: number;
  startTime?: number;
  /**
   * Measure the first environment's memory exactly (a full garbage collection when it loads), so
   * that when it runs out of function.MemorySize does not depend on the runs this harness made
   * before: for a run whose verdict rests on memory.
   */
  exactMemory?: boolean;
  /** DynamoDB: the item each record left in the source table, by sequence number (otherwise a record's NewImage, or its keys). */
  itemsAfter?: Record<string, Record<string, unknown> | null>;
}

export interface HarnessRun {
  trace: Trace;
  calls: RecordedCall[];
  outbox: OutboxMessage[];
  /** The downstream tables after the run. */
  tables: DynamoDBSnapshot;
  /** The search indices after the run: documents per index and id. */
  search?: SearchSnapshot;
  problems: string[];
  /** Things worth a look that do not fail the run. */
  warnings: string[];
  /** The handler's AWS SDK use in this run (the check judges it over all runs: `SdkUsage`); always set by `Harness.run`. */
  sdk?: RunSdkUsage;
  /**
   * Requests of work an invocation left running after it ended that a fault stopped by freezing
   * the environment for good (`InvocationRecord.workLeft.frozen`): never answered, never applied.
   */
  frozenRequests?: { invocation: number; input: unknown }[];
}

/** Raised when the run cannot be made (exit code 2): bad handler, bad tables. */
export class HarnessError extends UserError {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'HarnessError';
  }
}

/** The harness was closed (its check ended or was abandoned): it runs nothing more. */
export class HarnessClosed extends Error {
  override name = 'HarnessClosed';
  constructor() {
    super('this harness is closed');
  }
}

/**
 * Runs a real, unmodified handler through the model: in a worker thread (isolated, restartable),
 * with a safe environment, its SDK calls answered by the embedded DynamoDB and the outbox, and
 * faults injected at the SDK's HTTP layer. Each run starts from empty tables and a fresh
 * execution environment (once a worker has had to be replaced, a spare one is prepared while a
 * run goes on). A harness owns everything it uses (its embedded DynamoDB and endpoint,
 * downstream, workers): harnesses in one process share nothing, and `close` releases it all.
 */
export class Harness {
  private spare: Promise<HandlerWorker> | undefined;
  private warm: HandlerWorker | undefined;
  private readonly workers = new Set<HandlerWorker>();
  private seed = 0;
  private closed = false;
  private readonly hangs: HangBudget;

  private constructor(
    private readonly options: Required<Pick<HarnessOptions, 'functionTimeoutMs' | 'watchdogMs' | 'quickCutMs' | 'memoryLimitInMB'>> & HarnessOptions,
    private readonly dynamodb: EmbeddedDynamoDB,
    private readonly downstream: Downstream,
    private readonly env: Record<string, string>,
    private readonly init: Omit<WorkerInit, 'seed'>,
    readonly exportPath: string,
    /** Whether the handler's project depends on an AWS SDK (v2 `aws-sdk` or v3 `@aws-sdk/*`). */
    readonly dependsOnSdk: boolean,
    hangs: HangBudget,
  ) {
    this.hangs = hangs;
  }

  static async start(options: HarnessOptions): Promise<Harness> {
    const cwd = options.cwd ?? process.cwd();
    const ref = parseHandlerRef(options.handler, cwd);
    const functionTimeoutMs = options.functionTimeoutMs ?? 3000;
    const watchdogMs = options.watchdogMs ?? Math.min(functionTimeoutMs, firstHangCutMs);
    const settings = { ...options, functionTimeoutMs, watchdogMs, quickCutMs: options.quickCutMs ?? Math.min(watchdogMs, 20), memoryLimitInMB: options.memoryLimitInMB ?? 1024 };
    const dynamodb = await EmbeddedDynamoDB.create();
    try {
      return await Harness.startWith(options, settings, ref, cwd, dynamodb);
    } catch (error) {
      await dynamodb.close();
      throw error;
    }
  }

  private static async startWith(options: HarnessOptions, settings: Harness['options'], ref: ReturnType<typeof parseHandlerRef>, cwd: string, dynamodb: EmbeddedDynamoDB): Promise<Harness> {
    try {
      await dynamodb.declareTables(options.tables ?? []);
      if (options.sourceTable === 'unnamed') dynamodb.sourceUnnamed();
      else if (options.sourceTable !== undefined) await declareSourceTable(dynamodb, options.sourceTable);
      await dynamodb.seed(options.items ?? {});
    } catch (error) {
      throw new HarnessError(error instanceof Error ? error.message : String(error), 'config');
    }
    const region = options.region ?? 'us-east-1';
    const functionName = options.functionName ?? 'stream-consumer';
    // the stores' clock is the invocation's virtual time, so tombstones expire as on a real cluster
    const search = new SearchTargets(options.search ?? [], () => downstream.now());
    const downstream: Downstream = new Downstream({
      dynamodb: { handle: (op, body) => dynamodb.handle(op, body), takeProblems: () => dynamodb.takeProblems().map((p) => p.message) },
      http: options.http ?? {},
      services: options.services ?? {},
      search,
    });
    // AWS_ENDPOINT_URL names the gateway on a loopback port: a process the handler starts (a
    // script, the AWS CLI) inherits it, and its calls are answered, faulted and recorded too
    const gateway = await listenGateway(downstream);
    try {
      return await Harness.startListening(options, settings, ref, cwd, dynamodb, downstream, gateway, { region, functionName });
    } catch (error) {
      await gateway.close();
      throw error;
    }
  }

  private static async startListening(
    options: HarnessOptions, settings: Harness['options'], ref: ReturnType<typeof parseHandlerRef>, cwd: string, dynamodb: EmbeddedDynamoDB,
    downstream: Downstream, gateway: ListeningGateway, { region, functionName }: { region: string; functionName: string },
  ): Promise<Harness> {
    const env = safeEnvironment(process.env, {
      region, endpoint: gateway.url, functionName, memoryLimitInMB: settings.memoryLimitInMB, functionTimeoutMs: settings.functionTimeoutMs,
      handlerRef: options.handler, variables: options.environment ?? {},
    });
    for (const [name, url] of Object.entries(env)) if (/^AWS_ENDPOINT_URL(_|$)/.test(name)) addEndpoint(downstream, url);
    const init = {
      handlerFile: resolve(ref.file), exportName: ref.exportName, cwd, functionName,
      functionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`, memoryLimitInMB: settings.memoryLimitInMB,
      httpHosts: Object.keys(options.http ?? {}),
    };
    const hangs = new HangBudget(settings.watchdogMs, settings.quickCutMs);
    const first = await HandlerWorker.start(Harness.workerOptions(init, env, settings.memoryLimitInMB, hangs, downstream)).catch((error: unknown) => {
      if (error instanceof HandlerLoadFailure) throw new HarnessError(error.message, error.kind);
      throw error;
    });
    const harness = new Harness(settings, dynamodb, downstream, env, init, first.exportPath, projectDependsOnSdk(init.handlerFile), hangs);
    harness.gateway = Promise.resolve(gateway);
    harness.workers.add(first);
    harness.spare = Promise.resolve(first);
    return harness;
  }

  private static workerOptions(init: Omit<WorkerInit, 'seed'>, env: Record<string, string>, memoryLimitInMB: number, hangs: HangBudget, downstream: Downstream): HandlerWorkerOptions {
    return {
      init: { ...init, seed: 0 }, env, memoryLimitInMB, calls: downstream,
      watchdog: () => hangs.watchdog(),
      onHang: () => hangs.record(),
      onFinished: (ms) => hangs.finished(ms),
    };
  }

  /** The function's memory, MB: function.MemorySize, or 1024 when the config leaves it out. */
  get memoryLimitInMB(): number {
    return this.options.memoryLimitInMB;
  }

  /** Invocations cut by the watchdog so far (each kept running past its timeout, and cost real time). */
  get hangCount(): number {
    return this.hangs.count;
  }

  /** One run: the model delivers the shards to the handler under the fault schedule. */
  async run(input: RunInput): Promise<HarnessRun> {
    const faults = input.faults ?? noFaults;
    if (this.closed) throw new HarnessClosed();
    this.seed = input.seed ?? 0;
    await this.dynamodb.reset();
    this.dynamodb.clearProblems();
    this.downstream.beginRun(faults);
    let worker = await this.coldStart(input.exactMemory === true);
    const coldStarts = new Set(faults.invocations.filter((f) => f.kind === 'cold-start').map((f) => f.invocation));
    const duplicates = new Set(faults.invocations.filter((f) => f.kind === 'duplicate-delivery').map((f) => f.invocation));
    const deliveries = new Map<string, number>();
    const diagnostics = new Map<string, Pick<InvocationRecord, 'thrown' | 'output' | 'timersLeft'>>();
    const tables = new TablesKept(() => this.dynamodb.snapshot());
    const sourceTable = this.dynamodb.sourceTable === undefined ? undefined : new SourceTableTimeline(input.shards, input.itemsAfter);
    const invoke: Invoker = async (event, meta) => {
      // a harness closed mid-run (an abandoned check) starts nothing more
      if (this.closed) throw new HarnessClosed();
      if (!worker.usable || (coldStarts.has(meta.index) && meta.index > 0)) {
        this.warm = worker;
        worker = await this.coldStart();
      }
      if (sourceTable) await this.dynamodb.applySource(sourceTable.until(newestArrival(event)));
      // the downstream counts the invocation's calls once the work the previous one left has had its answers
      const begin = () => this.downstream.beginInvocation(meta.index, meta.at);
      const outcome = await worker.invoke({ event, requestId: meta.requestId, at: meta.at, functionTimeoutMs: meta.functionTimeoutMs, invocation: meta.index, index: randomStream(event, meta.shardId, deliveries, meta.skippedBefore), seed: this.seed }, begin);
      this.downstream.invocationEnded();
      diagnostics.set(meta.requestId, diagnosticsOf(outcome));
      // a call the harness cannot answer (an undeclared service) ends the run at once: the setup is wrong
      if (this.downstream.stopped !== undefined) throw new SimulationStopped(this.downstream.stopped);
      // the model may skip identical retries only when nothing downstream changed and no fault is still to come
      // (a handler reading the source table sees it change only with newer records, which end a skip like any delivery)
      const quiet = outcome.kind !== 'crash' && !faults.invocations.some((f) => f.invocation > meta.index);
      const repeatable = quiet && (await tables.repeatable(this.downstream.invocationRepeatable()));
      return { ...handlerResult(outcome), repeatable };
    };
    try {
      const trace = await simulateWith(
        {
          ...(input.source !== undefined && { source: input.source }),
          ...(input.mapping !== undefined && { mapping: input.mapping }),
          ...(input.startTime !== undefined && { startTime: input.startTime }),
          shards: input.shards,
          functionTimeoutMs: this.options.functionTimeoutMs,
          knobs: { seed: this.seed, ...(this.options.fastForward === false && { fastForward: false }), ...input.knobs, duplicateAfter: (index) => duplicates.has(index) },
        },
        invoke,
      );
      for (const invocation of trace.invocations) Object.assign(invocation, diagnostics.get(invocation.requestId));
      const leftBehind = await worker.settle();
      const last = trace.invocations.at(-1);
      if (leftBehind && last) last.endedAfter = `${leftBehind.name}: ${leftBehind.message}`;
      markWorkLeft(trace, this.downstream.calls, new Set(this.downstream.frozenRequests.map((request) => request.invocation)));
      for (const [index, output] of this.downstream.leftOutput) {
        const invocation = trace.invocations[index];
        if (invocation !== undefined) invocation.outputAfter = output;
      }
      return {
        trace,
        calls: [...this.downstream.calls],
        outbox: [...this.downstream.outbox],
        tables: await this.dynamodb.snapshot(),
        search: this.downstream.searchSnapshot(),
        problems: [...this.downstream.problems],
        warnings: [...this.hangWarnings(), ...(leftBehind ? [endedAfterRunWarning(leftBehind)] : [])],
        sdk: this.sdkUsage(trace),
        ...(this.downstream.frozenRequests.length > 0 && { frozenRequests: [...this.downstream.frozenRequests] }),
      };
    } catch (error) {
      if (error instanceof SimulationStopped) throw new HarnessError(error.message, 'config');
      throw error;
    } finally {
      this.warm = worker;
    }
  }

  /**
   * A fresh execution environment: the warm worker with the handler's modules loaded afresh (a
   * few ms), or a new worker when the last one ended (timeout, crash, exit).
   */
  private async coldStart(exactMemory = false): Promise<HandlerWorker> {
    if (this.closed) throw new HarnessClosed();
    const warm = this.warm;
    this.warm = undefined;
    if (warm?.alive && !this.closed) {
      try {
        await warm.reset(exactMemory);
        if (!warm.worn) return warm;
        void this.retire(warm);
      } catch {
        void this.retire(warm);
      }
    } else if (warm) {
      void this.retire(warm);
    }
    return this.freshWorker();
  }

  private sdkUsage(trace: Trace): RunSdkUsage {
    return {
      calls: this.downstream.calls.length,
      completed: trace.invocations.filter((i) => i.outcome !== 'function-error' && i.outcome !== 'timeout').length,
      clientErrors: this.downstream.clientErrors.map(({ invocation, ...error }) => ({ ...error, swallowed: swallowedBy(trace.invocations[invocation]) })),
      refused: this.downstream.calls.filter(refusedAsItIs).map((call) => ({
        service: call.service,
        operation: call.operation,
        statusCode: call.statusCode!,
        error: call.error ?? '',
        swallowed: swallowedBy(trace.invocations[call.leftBy ?? call.invocation]),
      })),
    };
  }

  /** Hangs cut short in this run, said once in the report. */
  private hangWarnings(): string[] {
    const hung = this.hangs.warning(this.options.functionTimeoutMs);
    return hung === undefined ? [] : [hung];
  }

  /** Fresh workers taken so far (the first is the one `start` loaded). */
  private freshWorkers = 0;

  /**
   * A worker that has not run anything yet. Once a worker has had to be replaced (its thread was
   * lost: out of memory, terminated after a hang; worn by reloads; a reload that failed), the next
   * one starts loading at once, as a handler that did so once is likely to again. Until then no
   * spare is prepared: an environment the handler ended (an exit, a rejection, a timeout) is
   * reloaded in the same thread, so most handlers never need one, and a spare costs a whole
   * process loading the harness and the handler's libraries, beside the runs, for nothing.
   */
  private async freshWorker(): Promise<HandlerWorker> {
    const next = this.spare ?? this.startWorker();
    this.spare = undefined;
    if (this.freshWorkers++ > 0) {
      this.spare = this.startWorker();
      this.spare.catch(() => undefined);
    }
    return next;
  }

  private startWorker(): Promise<HandlerWorker> {
    if (this.closed) return Promise.reject(new HarnessClosed());
    return this.tracked(HandlerWorker.start(Harness.workerOptions(this.init, this.env, this.options.memoryLimitInMB, this.hangs, this.downstream)).then(async (worker) => {
      this.workers.add(worker);
      if (!this.closed) return worker;
      await worker.terminate();
      throw new HarnessClosed();
    }));
  }

  private retire(worker: HandlerWorker): Promise<void> {
    this.workers.delete(worker);
    return this.tracked(worker.terminate());
  }

  /** Workers starting or ending: `close` waits for them, so that nothing of the harness outlives it. */
  private readonly changing = new Set<Promise<unknown>>();

  private tracked<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(() => undefined, () => undefined);
    this.changing.add(settled);
    void settled.then(() => this.changing.delete(settled));
    return work;
  }

  private gateway: Promise<ListeningGateway> | undefined;

  /**
   * The URL of the AWS wire gateway on its loopback port (the handler's AWS_ENDPOINT_URL): a
   * process that uses it as its AWS endpoint has its calls answered, faulted and recorded like
   * the worker's own.
   */
  async listen(): Promise<string> {
    this.gateway ??= listenGateway(this.downstream);
    return (await this.gateway).url;
  }

  /** Ends every worker (spares still starting included), closes the gateway and the embedded DynamoDB. */
  close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  private closing: Promise<void> | undefined;

  private async release(): Promise<void> {
    this.closed = true;
    const spare = this.spare;
    this.spare = undefined;
    const gateway = this.gateway;
    this.gateway = undefined;
    await Promise.allSettled([gateway?.then((g) => g.close()), ...[...this.workers].map((w) => w.terminate()), spare?.then((w) => w.terminate()), ...this.changing]);
    await this.dynamodb.close();
  }
}

/**
 * The source table as the config declares it, indexes included; when the embedded DynamoDB cannot
 * make those (a template's index it refuses), the table with its key alone, as a handler that never
 * reads it must not be stopped by it, and one reading it by key still can.
 */
async function declareSourceTable(dynamodb: EmbeddedDynamoDB, table: Record<string, unknown>): Promise<void> {
  try {
    await dynamodb.declareSourceTable(table, 'table');
  } catch {
    const keySchema = (table.KeySchema ?? []) as { AttributeName?: unknown }[];
    const keyNames = new Set(keySchema.map((k) => k.AttributeName));
    const definitions = ((table.AttributeDefinitions ?? []) as { AttributeName?: unknown }[]).filter((d) => keyNames.has(d.AttributeName));
    await dynamodb.declareSourceTable({ TableName: table.TableName, KeySchema: keySchema, AttributeDefinitions: definitions }, 'table');
  }
}

/** The arrival time of the newest record an event delivers (0 for a window's final invocation, which carries none). */
function newestArrival(event: StreamEvent): number {
  const records = event.Records as { dynamodb?: { ApproximateCreationDateTime?: number } }[];
  return Math.max(0, ...records.map((r) => (r.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000));
}

/** The handler's console output and thrown error of one invocation, for the trace (the model never reads them). */
/** Each invocation that ended with work still to do: the downstream calls that work made, and whether a fault froze it (its operations, retries counted once). */
function markWorkLeft(trace: Trace, calls: readonly RecordedCall[], frozen: ReadonlySet<number>): void {
  const after = new Map<number, Set<number>>();
  for (const call of calls) {
    if (!call.afterReturn) continue;
    const by = call.leftBy ?? call.invocation;
    after.set(by, (after.get(by) ?? new Set()).add(call.call));
  }
  for (const [index, invocation] of trace.invocations.entries()) {
    const made = after.get(index)?.size ?? 0;
    if (made > 0 || frozen.has(index)) invocation.workLeft = { calls: made, ...(frozen.has(index) && { frozen: true as const }) };
  }
}

function diagnosticsOf(outcome: WorkerOutcome): Pick<InvocationRecord, 'thrown' | 'output' | 'timersLeft'> {
  return {
    ...('output' in outcome && outcome.output !== undefined && { output: outcome.output }),
    ...(outcome.timersLeft !== undefined && { timersLeft: outcome.timersLeft }),
    ...(outcome.kind === 'throw' && outcome.detail !== undefined && { thrown: outcome.detail }),
  };
}

function handlerResult(outcome: WorkerOutcome): HandlerResult {
  const waited = 'waitedMs' in outcome && outcome.waitedMs !== undefined && outcome.kind !== 'timeout' ? { durationMs: outcome.waitedMs } : {};
  return { ...completion(outcome), ...waited };
}

function completion(outcome: WorkerOutcome): HandlerResult {
  switch (outcome.kind) {
    case 'return':
      return { kind: 'return', value: outcome.json === undefined ? undefined : JSON.parse(outcome.json) };
    case 'unserializable':
      return { kind: 'throw', error: Object.assign(new Error(`the response cannot be serialized to JSON (${outcome.message})`), { name: 'Runtime.UnmarshalError' }) };
    case 'throw':
      return { kind: 'throw', error: outcome.nonError !== undefined ? parsedOrText(outcome.nonError) : Object.assign(new Error(outcome.message), { name: outcome.name }) };
    case 'crash':
      return { kind: 'throw', error: Object.assign(new Error(outcome.message), { name: outcome.name }) };
    case 'timeout':
      return { kind: 'timeout', reason: outcome.reason };
  }
}


function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Which random stream an invocation draws from: the batch and how many times this run has already
 * delivered it. The first delivery of a batch sees the same randomness in every run (so a reference
 * and an adversarial run agree), and a redelivery sees new randomness (as a real retry would).
 */
function randomStream(event: StreamEvent, shardId: string, deliveries: Map<string, number>, skipped: number): number {
  const records = event.Records as { dynamodb?: { SequenceNumber?: string }; kinesis?: { sequenceNumber?: string } }[];
  const seq = (r: (typeof records)[number] | undefined) => r?.dynamodb?.SequenceNumber ?? r?.kinesis?.sequenceNumber ?? '';
  // a window's final invocation carries no records: its window names it
  const batch = `${shardId}/${seq(records[0])}/${seq(records.at(-1))}${event.window ? `/${event.window.start}` : ''}`;
  const count = (deliveries.get(batch) ?? 0) + skipped; // attempts the model skipped were deliveries too
  deliveries.set(batch, count + 1);
  let hash = 0x811c9dc5;
  for (const ch of `${batch}#${count}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

/** An AWS_ENDPOINT_URL* the handler starts with is an AWS endpoint (one the user set may not be a URL: the SDK refuses it itself). */
function addEndpoint(downstream: Downstream, url: string): void {
  try {
    downstream.addAwsEndpoint(url);
  } catch {
    // not a URL
  }
}

/**
 * An AWS call the service refused as it was, nothing injected: a 4xx that is not a condition doing
 * its job (ConditionalCheckFailed, a transaction it cancelled) nor a throttle. HTTP and search
 * targets answer what the config declares, where a 404 may well be done.
 */
function refusedAsItIs(call: RecordedCall): boolean {
  if (call.fault !== undefined || call.outcome !== 'error' || call.service === 'http' || call.service === 'search') return false;
  if (call.statusCode === undefined || call.statusCode < 400 || call.statusCode >= 500 || call.statusCode === 429) return false;
  return !/ConditionalCheckFailed|TransactionCanceled|Throttl|ProvisionedThroughputExceeded|RequestLimitExceeded/.test(call.error ?? '');
}

/**
 * Whether an invocation hid a failure: it succeeded and named no failed record. A handler that
 * returned `batchItemFailures` did report it, even where the mapping, without
 * ReportBatchItemFailures, takes that response for success (mapping-config says so).
 */
function swallowedBy(invocation: Trace['invocations'][number] | undefined): boolean {
  if (invocation?.outcome !== 'success') return false;
  const failures = (invocation.response as { batchItemFailures?: unknown } | null | undefined)?.batchItemFailures;
  return !(Array.isArray(failures) && failures.length > 0);
}
