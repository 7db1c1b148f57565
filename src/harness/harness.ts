import { resolve } from 'node:path';
import type { Knobs } from '../model/knobs.js';
import type { MappingInput } from '../model/mapping.js';
import type { HandlerResult, InvocationRecord, Invoker, Shard, Source, StreamEvent, Trace } from '../model/types.js';
import { simulateWith } from '../simulate.js';
import { listenGateway, type ListeningGateway } from './downstream/gateway-server.js';
import { Downstream, type HttpTarget, type RecordedCall } from './downstream/downstream.js';
import type { OutboxMessage } from './downstream/outbox.js';
import { EmbeddedDynamoDB, type DynamoDBSnapshot } from './dynamodb/index.js';
import { safeEnvironment } from './environment.js';
import { type FaultSchedule, noFaults } from './faults.js';
import { HandlerLoadFailure, HandlerWorker, type WorkerOutcome } from './handler-worker.js';
import { parseHandlerRef } from './load/index.js';
import { projectDependsOnSdk } from './project.js';
import type { WorkerInit } from './protocol.js';

export interface HarnessOptions {
  /** `path[#export]`, relative to `cwd`. */
  handler: string;
  cwd?: string;
  region?: string;
  /** Downstream tables: CreateTable inputs or AWS::DynamoDB::Table properties. */
  tables?: unknown[];
  /** fetch targets to capture, by origin (`https://hooks.example.com`). */
  http?: Record<string, HttpTarget>;
  /** function.Timeout in ms: the virtual timeout, and the real-time watchdog unless `watchdogMs` is given. */
  functionTimeoutMs?: number;
  watchdogMs?: number;
  memoryLimitInMB?: number;
  /** function.Environment.Variables, set before the handler is imported. */
  environment?: Record<string, string>;
  functionName?: string;
}

export interface RunInput {
  source?: Source;
  mapping?: MappingInput;
  shards: Shard[];
  faults?: FaultSchedule;
  knobs?: Partial<Knobs>;
  /** Seeds Math.random and crypto in the handler, and the model. */
  seed?: number;
  startTime?: number;
}

export interface HarnessRun {
  trace: Trace;
  calls: RecordedCall[];
  outbox: OutboxMessage[];
  /** The downstream tables after the run. */
  tables: DynamoDBSnapshot;
  problems: string[];
  /** Things worth a look that do not fail the run. */
  warnings: string[];
}

/** Raised when the run cannot be made (exit code 2): bad handler, bad tables. */
export class HarnessError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
    this.name = 'HarnessError';
  }
}

/**
 * Runs a real, unmodified handler through the model: in a worker thread (isolated, restartable),
 * with a safe environment, its SDK calls answered by the embedded DynamoDB and the outbox, and
 * faults injected at the SDK's HTTP layer. Each run starts from empty tables and a fresh
 * execution environment; a spare one is prepared while a run goes on.
 */
export class Harness {
  private spare: Promise<HandlerWorker> | undefined;
  private warm: HandlerWorker | undefined;
  private readonly workers = new Set<HandlerWorker>();
  private seed = 0;

  private constructor(
    private readonly options: Required<Pick<HarnessOptions, 'functionTimeoutMs' | 'watchdogMs' | 'memoryLimitInMB'>> & HarnessOptions,
    private readonly dynamodb: EmbeddedDynamoDB,
    private readonly downstream: Downstream,
    private readonly env: Record<string, string>,
    private readonly init: Omit<WorkerInit, 'seed'>,
    readonly exportPath: string,
    private readonly dependsOnSdk: boolean,
  ) {}

  static async start(options: HarnessOptions): Promise<Harness> {
    const cwd = options.cwd ?? process.cwd();
    const ref = parseHandlerRef(options.handler, cwd);
    const functionTimeoutMs = options.functionTimeoutMs ?? 3000;
    const settings = { ...options, functionTimeoutMs, watchdogMs: options.watchdogMs ?? functionTimeoutMs, memoryLimitInMB: options.memoryLimitInMB ?? 1024 };
    const dynamodb = await EmbeddedDynamoDB.start();
    try {
      await dynamodb.declareTables(options.tables ?? []);
    } catch (error) {
      throw new HarnessError(error instanceof Error ? error.message : String(error), 'config');
    }
    const region = options.region ?? 'us-east-1';
    const functionName = options.functionName ?? 'stream-consumer';
    const env = safeEnvironment(process.env, {
      region, endpoint: dynamodb.endpoint, functionName, memoryLimitInMB: settings.memoryLimitInMB, functionTimeoutMs,
      handlerRef: options.handler, variables: options.environment ?? {},
    });
    const downstream = new Downstream({
      dynamodb: { handle: (op, body) => dynamodb.handle(op, body), takeProblems: () => dynamodb.takeProblems().map((p) => p.message) },
      http: options.http ?? {},
      awsEndpoints: Object.entries(env).filter(([name]) => /^AWS_ENDPOINT_URL(_|$)/.test(name)).map(([, url]) => url),
    });
    const init = {
      handlerFile: resolve(ref.file), exportName: ref.exportName, cwd, functionName,
      functionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`, memoryLimitInMB: settings.memoryLimitInMB,
      httpHosts: Object.keys(options.http ?? {}),
    };
    const first = await HandlerWorker.start({ init: { ...init, seed: 0 }, env, memoryLimitInMB: settings.memoryLimitInMB, watchdogMs: settings.watchdogMs, calls: downstream }).catch((error: unknown) => {
      if (error instanceof HandlerLoadFailure) throw new HarnessError(error.message, error.kind);
      throw error;
    });
    const harness = new Harness(settings, dynamodb, downstream, env, init, first.exportPath, projectDependsOnSdk(init.handlerFile));
    harness.workers.add(first);
    harness.spare = Promise.resolve(first);
    return harness;
  }

  /** One run: the model delivers the shards to the handler under the fault schedule. */
  async run(input: RunInput): Promise<HarnessRun> {
    const faults = input.faults ?? noFaults;
    this.seed = input.seed ?? 0;
    // one embedded DynamoDB per process: another harness may have declared other tables since
    await this.dynamodb.declareTables(this.options.tables ?? []);
    await this.dynamodb.reset();
    this.dynamodb.clearProblems();
    this.downstream.beginRun(faults);
    let worker = await this.coldStart();
    const coldStarts = new Set(faults.invocations.filter((f) => f.kind === 'cold-start').map((f) => f.invocation));
    const duplicates = new Set(faults.invocations.filter((f) => f.kind === 'duplicate-delivery').map((f) => f.invocation));
    const deliveries = new Map<string, number>();
    const diagnostics = new Map<string, Pick<InvocationRecord, 'thrown' | 'output'>>();
    const invoke: Invoker = async (event, meta) => {
      if (!worker.alive || (coldStarts.has(meta.index) && meta.index > 0)) {
        this.warm = worker;
        worker = await this.coldStart();
      }
      this.downstream.beginInvocation(meta.index, meta.at);
      const outcome = await worker.invoke({ event, requestId: meta.requestId, at: meta.at, functionTimeoutMs: meta.functionTimeoutMs, index: randomStream(event, meta.shardId, deliveries), seed: this.seed });
      diagnostics.set(meta.requestId, diagnosticsOf(outcome));
      return handlerResult(outcome);
    };
    try {
      const trace = await simulateWith(
        {
          ...(input.source !== undefined && { source: input.source }),
          ...(input.mapping !== undefined && { mapping: input.mapping }),
          ...(input.startTime !== undefined && { startTime: input.startTime }),
          shards: input.shards,
          functionTimeoutMs: this.options.functionTimeoutMs,
          knobs: { seed: this.seed, ...input.knobs, duplicateAfter: (index) => duplicates.has(index) },
        },
        invoke,
      );
      for (const invocation of trace.invocations) Object.assign(invocation, diagnostics.get(invocation.requestId));
      return {
        trace,
        calls: [...this.downstream.calls],
        outbox: [...this.downstream.outbox],
        tables: await this.dynamodb.snapshot(),
        problems: [...this.downstream.problems],
        warnings: this.warnings(trace),
      };
    } finally {
      this.warm = worker.alive ? worker : undefined;
    }
  }

  /**
   * A fresh execution environment: the warm worker with the handler's modules loaded afresh (a
   * few ms), or a new worker when the last one ended (timeout, crash, exit).
   */
  private async coldStart(): Promise<HandlerWorker> {
    const warm = this.warm;
    this.warm = undefined;
    if (warm?.alive) {
      try {
        await warm.reset();
        return warm;
      } catch {
        void this.retire(warm);
      }
    } else if (warm) {
      void this.retire(warm);
    }
    return this.freshWorker();
  }

  private warnings(trace: Trace): string[] {
    if (!this.dependsOnSdk || this.downstream.calls.length > 0 || trace.invocations.length === 0) return [];
    return [
      "the handler's project depends on the AWS SDK, but this run recorded no SDK call: if the handler writes downstream, those writes were not seen (a client stream-conformance does not intercept?)",
    ];
  }

  /** A worker that has not run anything yet; the next one starts loading at once. */
  private async freshWorker(): Promise<HandlerWorker> {
    const next = this.spare ?? this.startWorker();
    this.spare = this.startWorker();
    this.spare.catch(() => undefined);
    return next;
  }

  private async startWorker(): Promise<HandlerWorker> {
    const worker = await HandlerWorker.start({
      init: { ...this.init, seed: 0 },
      env: this.env,
      memoryLimitInMB: this.options.memoryLimitInMB,
      watchdogMs: this.options.watchdogMs,
      calls: this.downstream,
    });
    this.workers.add(worker);
    return worker;
  }

  private async retire(worker: HandlerWorker): Promise<void> {
    this.workers.delete(worker);
    await worker.terminate();
  }

  private gateway: Promise<ListeningGateway> | undefined;

  /**
   * Opens the AWS wire gateway on a loopback port (once) and returns its URL: set it as
   * AWS_ENDPOINT_URL for a handler in another process, and its calls are answered, faulted and
   * recorded like the worker's own.
   */
  async listen(): Promise<string> {
    this.gateway ??= listenGateway(this.downstream);
    return (await this.gateway).url;
  }

  async close(): Promise<void> {
    const spare = this.spare;
    this.spare = undefined;
    const gateway = this.gateway;
    this.gateway = undefined;
    await Promise.allSettled([gateway?.then((g) => g.close()), ...[...this.workers].map((w) => w.terminate()), spare?.then((w) => w.terminate())]);
  }
}

/** The handler's console output and thrown error of one invocation, for the trace (the model never reads them). */
function diagnosticsOf(outcome: WorkerOutcome): Pick<InvocationRecord, 'thrown' | 'output'> {
  return {
    ...('output' in outcome && outcome.output !== undefined && { output: outcome.output }),
    ...(outcome.kind === 'throw' && outcome.detail !== undefined && { thrown: outcome.detail }),
  };
}

function handlerResult(outcome: WorkerOutcome): HandlerResult {
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
function randomStream(event: StreamEvent, shardId: string, deliveries: Map<string, number>): number {
  const records = event.Records as { dynamodb?: { SequenceNumber?: string }; kinesis?: { sequenceNumber?: string } }[];
  const seq = (r: (typeof records)[number] | undefined) => r?.dynamodb?.SequenceNumber ?? r?.kinesis?.sequenceNumber ?? '';
  // a window's final invocation carries no records: its window names it
  const batch = `${shardId}/${seq(records[0])}/${seq(records.at(-1))}${event.window ? `/${event.window.start}` : ''}`;
  const count = deliveries.get(batch) ?? 0;
  deliveries.set(batch, count + 1);
  let hash = 0x811c9dc5;
  for (const ch of `${batch}#${count}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}
