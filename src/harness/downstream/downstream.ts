import { leafValues } from '../../judge/canonical.js';
import { Random } from '../../model/random.js';
import type { CallHandler } from '../handler-worker.js';
import type { CallFault, FaultSchedule } from '../faults.js';
import { noFaults } from '../faults.js';
import { isAwsServiceHost, isLoopback } from '../hosts.js';
import type { CallAnswer, FetchAnswer, FetchRequest, SdkRequest, SdkResponse } from '../protocol.js';
import { bodyText, errorResponse, header, resetRequestIds, type RequestShape, type Service, shapeOf } from './aws-protocol.js';
import { answerOutbox, batchSize, resetOutboxIds, unsupported, type OutboxMessage } from './outbox.js';
import { serviceError } from './service-errors.js';

/** The embedded DynamoDB as the router needs it. */
export interface DynamoDBGateway {
  handle(operation: string, body: string): Promise<SdkResponse>;
  /** Problems found while answering (undeclared tables), drained by the router. */
  takeProblems?(): string[];
}

export interface HttpTarget {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
}

/** One downstream call as the trace shows it: an attempt of an operation, and what came of it. */
export interface RecordedCall {
  /** The operation's index in the run (an SDK send and its retries share it). */
  call: number;
  attempt: number;
  invocation: number;
  at: number;
  service: Service | 'http' | 'unknown';
  operation: string;
  input: unknown;
  statusCode: number | undefined;
  outcome: 'ok' | 'error' | 'partial' | 'network-error' | 'refused';
  fault?: string;
}

export interface DownstreamOptions {
  dynamodb: DynamoDBGateway | undefined;
  http: Record<string, HttpTarget>;
}

/**
 * Where every call the handler makes ends up: faults from the schedule first, then the embedded
 * DynamoDB or the outbox of emulated sinks. Records each call; picks the completion order of
 * concurrent calls (in issue order, or adversarial when the schedule says so).
 */
export class Downstream implements CallHandler {
  readonly calls: RecordedCall[] = [];
  readonly outbox: OutboxMessage[] = [];
  readonly problems = new Set<string>();
  private schedule: FaultSchedule = noFaults;
  private operations = new Map<string, number>();
  private nextOperation = 0;
  private order = new Random(0);
  private invocation = { index: -1, at: 0, calls: 0, limit: Infinity, shuffled: false };

  constructor(private readonly options: DownstreamOptions) {}

  beginRun(schedule: FaultSchedule = noFaults): void {
    this.schedule = schedule;
    this.calls.length = 0;
    this.outbox.length = 0;
    this.operations.clear();
    this.nextOperation = 0;
    this.order = new Random(schedule.seed);
    resetRequestIds();
    resetOutboxIds();
  }

  beginInvocation(index: number, at: number): void {
    const timeout = this.schedule.invocations.find((f) => f.kind === 'timeout-after-calls' && f.invocation === index);
    this.invocation = { index, at, calls: 0, limit: timeout?.kind === 'timeout-after-calls' ? timeout.calls : Infinity, shuffled: false };
  }

  /**
   * Whether running the current invocation again would leave everything as it is: none of its
   * calls took effect (each failed, was refused, or only read), no completion order was drawn for
   * it, and no fault aimed at a call index is still ahead (a skipped attempt's calls would have
   * taken those indexes). Faults that match a call by its content (poison) repeat by themselves.
   */
  invocationRepeatable(): boolean {
    if (this.invocation.shuffled) return false;
    if (this.schedule.calls.some((f) => f.kind !== 'poison' && f.call >= this.nextOperation)) return false;
    for (let i = this.calls.length - 1; i >= 0 && this.calls[i]!.invocation === this.invocation.index; i--) {
      const { outcome, operation } = this.calls[i]!;
      if (outcome === 'partial' || (outcome === 'ok' && !readOnly.has(operation))) return false;
    }
    return true;
  }

  async answerBurst(burst: { id: number; request: SdkRequest }[], answer: (id: number, answer: CallAnswer) => void): Promise<'ok' | { abort: string }> {
    const ordered = this.schedule.reorder ? this.shuffle(burst) : burst;
    for (const { id, request } of ordered) {
      if (this.isNewOperation(request) && this.invocation.calls >= this.invocation.limit) {
        return { abort: `fault: the invocation timed out after ${this.invocation.limit} downstream call(s)` };
      }
      answer(id, await this.call(request));
    }
    return 'ok';
  }

  async fetch(request: FetchRequest): Promise<FetchAnswer> {
    const url = new URL(request.url);
    const target = this.options.http[url.origin] ?? this.options.http[url.host] ?? this.options.http[request.url];
    const base = { call: this.calls.length, attempt: 1, invocation: this.invocation.index, at: this.invocation.at, service: 'http' as const, operation: request.method, input: { url: request.url, body: request.body } };
    if (target === undefined) {
      const message = `the handler called fetch(${url.origin}), which is not declared: add "${url.origin}" to downstream.http in conformance.config to capture it`;
      this.problems.add(message);
      this.calls.push({ ...base, statusCode: undefined, outcome: 'refused' });
      return { kind: 'refused', message };
    }
    const status = target.status ?? 200;
    this.calls.push({ ...base, statusCode: status, outcome: status < 400 ? 'ok' : 'error' });
    if (status < 400) this.deliver({ service: 'http', operation: request.method, target: request.url, body: request.body ?? '' });
    return { kind: 'response', status, headers: target.headers ?? { 'content-type': 'application/json' }, body: target.body ?? '{}' };
  }

  problem(message: string): void {
    this.problems.add(message);
  }

  private async call(request: SdkRequest): Promise<CallAnswer> {
    const shape = shapeOf(request);
    if (request.input === undefined && shape.service === 'dynamodb') request.input = JSON.parse(bodyText(request) || '{}');
    const { call, attempt } = this.operationOf(request);
    const record = (statusCode: number | undefined, outcome: RecordedCall['outcome'], fault?: string) => {
      this.calls.push({
        call, attempt, invocation: this.invocation.index, at: this.invocation.at, service: shape.service ?? 'unknown',
        operation: shape.operation, input: request.input, statusCode, outcome, ...(fault !== undefined && { fault }),
      });
    };
    if (!isLoopback(request.hostname) && !isAwsServiceHost(request.hostname)) {
      const message = `the handler's ${request.clientName} sent ${shape.operation} to ${request.hostname}: stream-conformance never contacts real endpoints; remove the explicit endpoint from the client`;
      this.problems.add(message);
      record(undefined, 'refused');
      return { kind: 'refused', message };
    }
    const fault = this.faultFor(call, attempt, request);
    if (fault?.kind === 'error' && shape.service !== undefined) {
      if (fault.error === 'network-reset') {
        record(undefined, 'network-error', 'network-reset');
        return { kind: 'network-error', code: 'ECONNRESET', message: 'socket hang up' };
      }
      const [status, code, message] = serviceError(shape.service, fault.error);
      record(status, 'error', fault.error);
      return { kind: 'response', response: errorResponse(shape, status, code, message) };
    }
    // a partial failure only exists for batch APIs, and only for entries the batch has
    const failed = fault?.kind === 'partial-batch' && attempt === 1 ? clip(new Set(fault.failed), entriesOf(shape, request)) : new Set<number>();
    const response = await this.answer(shape, request, failed);
    const partial = failed.size > 0 && response.statusCode < 300;
    record(response.statusCode, response.statusCode >= 400 ? 'error' : partial ? 'partial' : 'ok', partial ? 'partial-batch' : undefined);
    return { kind: 'response', response };
  }

  private async answer(shape: RequestShape, request: SdkRequest, failed: Set<number>): Promise<SdkResponse> {
    if (shape.service === 'dynamodb') return this.dynamodb(shape, request, failed);
    const outbox = answerOutbox(shape, request, failed);
    if (outbox === undefined) {
      this.problems.add(`the handler called ${shape.service ?? request.clientName} ${shape.operation}, which stream-conformance does not emulate: it was answered with an error`);
      return unsupported(shape);
    }
    for (const message of outbox.delivered) this.deliver(message);
    return outbox.response;
  }

  private async dynamodb(shape: RequestShape, request: SdkRequest, failed: Set<number>): Promise<SdkResponse> {
    const gateway = this.options.dynamodb;
    if (gateway === undefined) {
      this.problems.add(`the handler called DynamoDB ${shape.operation} but no downstream tables are declared: add them to downstream.dynamodb.tables in conformance.config`);
      return errorResponse(shape, 400, 'ResourceNotFoundException', 'Requested resource not found');
    }
    const body = bodyText(request);
    if (shape.operation !== 'BatchWriteItem' || failed.size === 0) return this.fromGateway(gateway, shape.operation, body);
    return this.batchWriteWithUnprocessed(gateway, body, failed);
  }

  /** BatchWriteItem with some write requests left unprocessed: only the others are applied. */
  private async batchWriteWithUnprocessed(gateway: DynamoDBGateway, body: string, failed: Set<number>): Promise<SdkResponse> {
    const request = JSON.parse(body) as { RequestItems: Record<string, unknown[]> };
    const processed: Record<string, unknown[]> = {};
    const unprocessed: Record<string, unknown[]> = {};
    let index = 0;
    for (const [table, writes] of Object.entries(request.RequestItems)) {
      for (const write of writes) {
        const into = failed.has(index++) ? unprocessed : processed;
        (into[table] ??= []).push(write);
      }
    }
    if (Object.keys(processed).length === 0) {
      return { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ UnprocessedItems: unprocessed }) };
    }
    const response = await this.fromGateway(gateway, 'BatchWriteItem', JSON.stringify({ ...request, RequestItems: processed }));
    if (response.statusCode >= 300) return response;
    const output = JSON.parse(response.body) as Record<string, unknown>;
    return { ...response, body: JSON.stringify({ ...output, UnprocessedItems: unprocessed }) };
  }

  private async fromGateway(gateway: DynamoDBGateway, operation: string, body: string): Promise<SdkResponse> {
    const response = await gateway.handle(operation, body);
    for (const problem of gateway.takeProblems?.() ?? []) this.problems.add(problem);
    return response;
  }

  private deliver(message: Omit<OutboxMessage, 'invocation' | 'at'>): void {
    this.outbox.push({ ...message, invocation: this.invocation.index, at: this.invocation.at });
  }

  private faultFor(call: number, attempt: number, request: SdkRequest): CallFault | undefined {
    for (const fault of this.schedule.calls) {
      if (fault.kind === 'poison') {
        const leaves = leafValues(request.input);
        if (fault.values.every((v) => leaves.has(v))) return { kind: 'error', call, error: 'server-error', attempts: Infinity };
      } else if (fault.call === call && (fault.kind !== 'error' || attempt <= fault.attempts)) {
        return fault;
      }
    }
    return undefined;
  }

  /** The SDK marks every attempt of one operation with the same invocation id, and numbers the attempts. */
  private operationOf(request: SdkRequest): { call: number; attempt: number } {
    const id = header(request, 'amz-sdk-invocation-id');
    const attempt = Number(/attempt=(\d+)/.exec(header(request, 'amz-sdk-request') ?? '')?.[1] ?? 1);
    if (id !== undefined && this.operations.has(id)) return { call: this.operations.get(id)!, attempt };
    const call = this.nextOperation++;
    if (id !== undefined) this.operations.set(id, call);
    this.invocation.calls++;
    return { call, attempt };
  }

  private isNewOperation(request: SdkRequest): boolean {
    const id = header(request, 'amz-sdk-invocation-id');
    return id === undefined || !this.operations.has(id);
  }

  private shuffle<T>(items: T[]): T[] {
    if (items.length > 1) this.invocation.shuffled = true;
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.order.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** Operations that change nothing downstream, whatever they answer. */
const readOnly = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'DescribeTable', 'ListTables', 'GetRecords', 'DescribeStream', 'GetObject', 'HeadObject', 'GetQueueUrl', 'GetQueueAttributes']);

function entriesOf(shape: RequestShape, request: SdkRequest): number {
  if (shape.service !== 'dynamodb') return batchSize(shape, (request.input ?? {}) as Record<string, unknown>);
  if (shape.operation !== 'BatchWriteItem') return 0;
  const { RequestItems = {} } = JSON.parse(bodyText(request) || '{}') as { RequestItems?: Record<string, unknown[]> };
  return Object.values(RequestItems).reduce((n, writes) => n + writes.length, 0);
}

function clip(failed: Set<number>, size: number): Set<number> {
  return new Set([...failed].filter((i) => i < size));
}
