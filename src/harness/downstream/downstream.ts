import { canonical, holdsValues, leafValues } from '../../core/canonical.js';
import { Random } from '../../model/random.js';
import type { CallHandler } from '../handler-worker.js';
import type { CallFault, FaultSchedule } from '../faults.js';
import { noFaults } from '../faults.js';
import { isAwsServiceHost, isLoopback } from '../hosts.js';
import type { AnswerVerdict, CallAnswer, ClientSideError, HandlerOutput, HttpAnswer, HttpRequest, SdkRequest, SdkResponse } from '../protocol.js';
import { bodyText, errorCodeOf, errorResponse, header, resetRequestIds, type RequestShape, type Service, shapeOf } from './aws-protocol.js';
import { declaredResponse, type DeclaredOperation, findDeclaration, inputOf, type ServiceDeclarations, undeclaredMessage } from './declared-services.js';
import { answerOutbox, batchEntries, batchSize, emulatesOutbox, resetOutboxIds, unsupported, type OutboxMessage } from './outbox.js';
import { serviceError } from './service-errors.js';
import { carriesValues, searchErrorType, searchFault, SearchTargets, shapeOfSearch } from './search-targets.js';
import type { SearchSnapshot, SearchStore } from './search/index.js';
import { crc32 } from '../dynamodb/http-response.js';
import { capturedRequest, declarationFor, declaredTarget, httpFault, respond, type HttpTarget } from './http-targets.js';
import { sdkRequestOf } from './wire-request.js';

export type { HttpTarget } from './http-targets.js';

/** The embedded DynamoDB as the router needs it. */
export interface DynamoDBGateway {
  handle(operation: string, body: string): Promise<SdkResponse>;
  /** Problems found while answering (undeclared tables), drained by the router. */
  takeProblems?(): string[];
}

/** One downstream call as the trace shows it: an attempt of an operation, and what came of it. */
export interface RecordedCall {
  /** The operation's index in the run (an SDK send and its retries share it). */
  call: number;
  attempt: number;
  invocation: number;
  at: number;
  /** An emulated service, `http`, `search`, or a service declared in `downstream.services` (by its name). */
  service: Service | 'http' | 'search' | (string & {});
  operation: string;
  input: unknown;
  statusCode: number | undefined;
  outcome: 'ok' | 'error' | 'partial' | 'network-error' | 'refused';
  /** The error code of an error response (`ValidationException`, `version_conflict_engine_exception`). */
  error?: string;
  fault?: string;
  /** Search writes the engine refused with 409 version_conflict_engine_exception (the request, or `_bulk` items): a version guard, not a failure. */
  conflicts?: number;
  /** The entries of a batch call a partial-batch fault reported failed, in order (indexes into the request's entries). */
  failedEntries?: number[];
  /** Answered within a burst of concurrent calls that the schedule completed in another order than they were issued. */
  reordered?: true;
  /**
   * Made by work an earlier invocation (this index) left on a timer when it returned, which ran
   * only when the environment was invoked again. Known for SDK v3 calls (made in the middleware,
   * in the caller's async context).
   */
  leftBy?: number;
  /**
   * Made after its invocation had ended (returned, or failed), by work the handler did not await
   * (an async callback of forEach, a promise never awaited), which ran on until the next
   * invocation, as in an environment Lambda thaws again; `leftBy` names the invocation when the
   * call came during the next one.
   */
  afterReturn?: true;
}

export interface DownstreamOptions {
  dynamodb: DynamoDBGateway | undefined;
  http: Record<string, HttpTarget>;
  /** Services and operations the harness does not emulate, answered as declared. */
  services?: ServiceDeclarations;
  /** The embedded search stores of `downstream.search`, by endpoint. */
  search?: SearchTargets;
  /** Origins that are AWS endpoints although not *.amazonaws.com: the AWS_ENDPOINT_URL* targets, a listening gateway. */
  awsEndpoints?: string[];
}

/** Where an AWS call goes: an emulated service, a declared one, or nowhere (the run ends). */
type CallRoute = { kind: 'dynamodb' | 'outbox' | 'undeclared' } | { kind: 'declared'; declaration: DeclaredOperation };

/** Where a request that did not come through the SDK v3 middleware goes (see `Downstream.fetch`). */
type Route = { kind: 'http'; target: HttpTarget } | { kind: 'aws' } | { kind: 'refused' };

/**
 * Where every call the handler makes ends up: faults from the schedule first, then the embedded
 * DynamoDB or the outbox of emulated sinks. Records each call; picks the completion order of
 * concurrent calls (in issue order, or adversarial when the schedule says so).
 */
export class Downstream implements CallHandler {
  readonly calls: RecordedCall[] = [];
  /** Requests of work an invocation left running after it ended that a timeout-after-calls fault stopped (see cut): never answered, never applied. */
  readonly frozenRequests: { invocation: number; input: unknown }[] = [];
  readonly outbox: OutboxMessage[] = [];
  readonly problems = new Set<string>();
  /** SDK calls that failed in the client before any request was sent, with the invocation they happened in. */
  readonly clientErrors: (ClientSideError & { invocation: number })[] = [];
  /** Set by a call the run cannot go on after (an undeclared service): the harness ends the run. */
  stopped: string | undefined;
  private schedule: FaultSchedule = noFaults;
  private operations = new Map<string, number>();
  private nextOperation = 0;
  private order = new Random(0);
  private invocation = { index: -1, at: 0, calls: 0, limit: Infinity, shuffled: false, firstOperation: 0, searchState: '', afterLeftWork: false };
  /** How many calls were recorded when the last invocation ended (see invocationEnded). */
  private callsAtEnd = 0;
  private lastSearch: { input: string; invocation: number; call: number; attempt: number } | undefined;

  private readonly awsEndpoints: Set<string>;

  constructor(private readonly options: DownstreamOptions) {
    this.awsEndpoints = new Set((options.awsEndpoints ?? []).map((origin) => new URL(origin).origin));
  }

  beginRun(schedule: FaultSchedule = noFaults): void {
    this.schedule = schedule;
    this.calls.length = 0;
    this.callsAtEnd = 0;
    this.frozenRequests.length = 0;
    this.leftOutput.clear();
    this.outbox.length = 0;
    this.clientErrors.length = 0;
    this.stopped = undefined;
    this.operations.clear();
    this.nextOperation = 0;
    this.lastSearch = undefined;
    this.order = new Random(schedule.seed);
    this.options.search?.reset();
    resetRequestIds();
    resetOutboxIds();
  }

  beginInvocation(index: number, at: number): void {
    const timeout = this.schedule.invocations.find((f) => f.kind === 'timeout-after-calls' && f.invocation === index);
    this.invocation = {
      index, at, calls: 0, limit: timeout?.kind === 'timeout-after-calls' ? timeout.calls : Infinity, shuffled: false, firstOperation: this.nextOperation,
      searchState: this.searchState(), afterLeftWork: this.calls.length > this.callsAtEnd,
    };
  }

  /** The invocation under way has given its result; calls recorded from now until the next one begins are work it left running. */
  invocationEnded(): void {
    this.callsAtEnd = this.calls.length;
  }

  /**
   * Whether running the current invocation again would leave everything as it is: none of its
   * calls took effect (each failed, was refused, or only read), no completion order was drawn for
   * it, and, when it made calls, no fault aimed at a call index is still ahead (a skipped attempt's
   * calls would have taken those indexes; an attempt that made none, like a handler throwing on
   * its event, takes no index when repeated). Faults that match a call by its content (poison)
   * repeat by themselves. Search calls changed nothing when the search stores are as the
   * invocation found them (every write refused as a version conflict, say) and no remembered
   * delete can expire and let a refused write through. When the only calls that took effect are
   * DynamoDB item writes, it depends on the tables: an attempt that wrote what they already held
   * changed nothing (the caller compares them).
   */
  invocationRepeatable(): 'yes' | 'if-tables-kept' | 'no' {
    // work the previous invocation left running changed things after it was judged, and may again
    if (this.invocation.shuffled || this.invocation.afterLeftWork) return 'no';
    const madeCalls = this.nextOperation > this.invocation.firstOperation;
    if (madeCalls && this.schedule.calls.some((f) => f.kind !== 'poison' && f.call >= this.nextOperation)) return 'no';
    let wrote = false;
    let searched = false;
    for (let i = this.calls.length - 1; i >= 0 && this.calls[i]!.invocation === this.invocation.index; i--) {
      const { outcome, operation, service } = this.calls[i]!;
      if (outcome === 'partial') return 'no';
      if (service === 'search') searched = true;
      else if (outcome !== 'ok' || readOnly.has(operation)) continue;
      else if (service !== 'dynamodb' || !itemWrites.has(operation)) return 'no';
      else wrote = true;
    }
    if (searched && (this.searchState() !== this.invocation.searchState || this.options.search!.changesWithTime())) return 'no';
    return wrote ? 'if-tables-kept' : 'yes';
  }

  /** Changes whenever a search store does ('' without one). */
  private searchState(): string {
    return this.options.search !== undefined && this.options.search.size > 0 ? this.options.search.stateKey() : '';
  }

  answerBurst(burst: { id: number; request: SdkRequest }[], answer: (id: number, answer: CallAnswer) => void): Promise<AnswerVerdict> {
    return this.inOrder(burst, async ({ id, request }) => {
      if (this.isNewOperation(request) && this.invocation.calls >= this.invocation.limit) {
        return this.cut(request);
      }
      answer(id, await this.call(request));
      return this.stopped !== undefined ? { abort: this.stopped } : 'ok';
    });
  }

  /**
   * Answers a burst of concurrent calls one at a time, in issue order or in the adversarial order
   * the schedule draws; calls recorded meanwhile carry `reordered` when that order is another one.
   */
  private async inOrder<T extends { request: SdkRequest | HttpRequest }>(burst: T[], answerOne: (item: T) => Promise<AnswerVerdict>): Promise<AnswerVerdict> {
    const ordered = this.schedule.reorder ? this.shuffle(burst) : burst;
    this.burstReordered = ordered.some((item, i) => item !== burst[i]);
    try {
      for (const [index, item] of ordered.entries()) {
        const verdict = await answerOne(item);
        if (verdict === 'ok') continue;
        // the rest of the burst is never answered: when the environment froze, that work is stopped too
        if (verdict.frozen) for (const rest of ordered.slice(index + 1)) this.frozenRequests.push({ invocation: this.invocation.index, input: requestInput(rest.request) });
        return verdict;
      }
      return 'ok';
    } finally {
      this.burstReordered = false;
    }
  }

  private burstReordered = false;

  private record(call: RecordedCall): void {
    this.calls.push(this.burstReordered ? { ...call, reordered: true } : call);
  }

  /**
   * A burst of concurrent requests from the handler's worker, whatever the client (SDK v2,
   * axios, undici, fetch, …): answered one at a time like an SDK v3 burst, in issue order or in
   * the adversarial order the schedule draws, so a `Promise.all` over any client is judged alike.
   */
  answerRequests(requests: { id: number; request: HttpRequest }[], answer: (id: number, answer: HttpAnswer) => void): Promise<AnswerVerdict> {
    const done = this.answering.then(() => this.answerInOrder(requests, answer));
    this.answering = done.then(() => undefined, () => undefined);
    return done;
  }

  private answerInOrder(requests: { id: number; request: HttpRequest }[], answer: (id: number, answer: HttpAnswer) => void): Promise<AnswerVerdict> {
    return this.inOrder(requests, async ({ id, request }) => {
      const reply = await this.route(request);
      if (reply.kind === 'abort') return { abort: reply.reason, ...(reply.frozen && { frozen: true }) };
      answer(id, reply);
      return this.stopped !== undefined ? { abort: this.stopped } : 'ok';
    });
  }

  /**
   * A single request that did not come through the SDK v3 middleware (a listening gateway's, a
   * test's), answered after the requests before it.
   */
  fetch(request: HttpRequest): Promise<HttpAnswer> {
    // one at a time, in the order they came: concurrent requests then record, and reach the
    // embedded DynamoDB, in the same order on every run (the SDK v3 path answers its bursts so too)
    const answer = this.answering.then(() => this.route(request));
    this.answering = answer.then(() => undefined, () => undefined);
    return answer;
  }

  private answering: Promise<void> = Promise.resolve();

  private async route(request: HttpRequest): Promise<HttpAnswer> {
    const url = new URL(request.url);
    const store = this.options.search?.storeFor(request.url);
    if (store !== undefined) return this.searchCall(request, store);
    const route = this.routeOf(url);
    switch (route.kind) {
      case 'http':
        return this.httpTarget(route.target, request);
      case 'aws':
        return this.awsGateway(request);
      case 'refused': {
        const message = looksLikeSearch(url)
          ? undeclaredSearch(request.method, url)
          : `stream-conformance refused the handler's ${request.method} ${url.origin}${url.pathname}: ${url.host} is not declared, and the suite never contacts real services; to capture it add to conformance.config: ${declarationFor(url.origin, request.method, url.pathname)}`;
        this.problems.add(message);
        this.record({
          call: this.nextOperation++, attempt: 1, invocation: this.invocation.index, at: this.invocation.at, service: 'http',
          operation: `${request.method} ${url.host}${url.pathname}`, input: { url: request.url }, statusCode: undefined, outcome: 'refused', ...this.afterReturn(request),
        });
        return { kind: 'refused', message };
      }
    }
  }

  /**
   * The routing order, in one place: a declared HTTP target wins over everything (an Amazon
   * OpenSearch domain is a *.es.amazonaws.com host); then AWS endpoints, answered by the emulated
   * services; anything else is refused.
   */
  private routeOf(url: URL): Route {
    const target = declaredTarget(this.options.http, url);
    if (target !== undefined) return { kind: 'http', target };
    if (isAwsServiceHost(url.hostname) || this.awsEndpoints.has(url.origin)) return { kind: 'aws' };
    return { kind: 'refused' };
  }

  /** Requests to `origin` are AWS requests (a gateway listening there, an endpoint override). */
  addAwsEndpoint(origin: string): void {
    this.awsEndpoints.add(new URL(origin).origin);
  }

  /** An AWS request on the wire: the same services, faults and records as an SDK v3 call. */
  private async awsGateway(request: HttpRequest): Promise<HttpAnswer> {
    const sdk: SdkRequest = { ...sdkRequestOf(request), ...(request.afterReturn !== undefined && { afterReturn: request.afterReturn }) };
    if (this.isNewOperation(sdk) && this.invocation.calls >= this.invocation.limit) return this.cutRequest(request);
    if (shapeOf(sdk).service === undefined) return this.unknownAwsService(request);
    const answer = await this.call(sdk);
    switch (answer.kind) {
      case 'response':
        return { kind: 'response', status: answer.response.statusCode, headers: answer.response.headers, body: answer.response.body };
      case 'network-error':
        return { kind: 'network-error', code: answer.code === 'ETIMEDOUT' ? 'ETIMEDOUT' : 'ECONNRESET', message: answer.message };
      case 'refused':
        return answer;
    }
  }

  /** An AWS host of a service the gateway does not emulate (an OpenSearch domain, Step Functions, …): refused, with what to declare. */
  private unknownAwsService(request: HttpRequest): HttpAnswer {
    const url = new URL(request.url);
    const message = looksLikeSearch(url)
      ? undeclaredSearch(request.method, url)
      : `stream-conformance refused the handler's ${request.method} ${url.origin}${url.pathname}: ${url.host} is an AWS service the suite does not emulate; to answer it add to conformance.config: ${declarationFor(url.origin, request.method, url.pathname)}`;
    this.problems.add(message);
    this.record({
      call: this.nextOperation++, attempt: 1, invocation: this.invocation.index, at: this.invocation.at, service: 'unknown',
      operation: `${request.method} ${url.host}${url.pathname}`, input: { url: request.url }, statusCode: undefined, outcome: 'refused', ...this.afterReturn(request),
    });
    return { kind: 'refused', message };
  }

  /** A declared HTTP target: faults from the schedule as HTTP shows them, else the declared answer; a success is an outbox effect. */
  private async httpTarget(target: HttpTarget, request: HttpRequest): Promise<HttpAnswer> {
    if (this.invocation.calls >= this.invocation.limit) return this.cutRequest(request);
    const captured = capturedRequest(request);
    const url = new URL(request.url);
    const call = this.nextOperation++;
    this.invocation.calls++;
    const input = { method: captured.method, url: request.url, body: parsedBody(captured.body) };
    const record = (statusCode: number | undefined, outcome: RecordedCall['outcome'], fault?: string) => this.record({
      call, attempt: 1, invocation: this.invocation.index, at: this.invocation.at, service: 'http', operation: `${captured.method} ${url.host}${url.pathname}`,
      input, statusCode, outcome, ...(fault !== undefined && { fault }), ...this.afterReturn(request),
    });
    const fault = this.faultFor(call, 1, input, { service: undefined, operation: captured.method });
    if (fault?.kind === 'error') {
      const answer = httpFault(fault.error);
      record(answer.kind === 'response' ? answer.status : undefined, answer.kind === 'response' ? 'error' : 'network-error', fault.error);
      return answer;
    }
    let response: Awaited<ReturnType<typeof respond>>;
    try {
      response = await respond(target, captured);
    } catch (error) {
      this.problems.add(`the downstream.http responder for ${url.origin} threw: ${error instanceof Error ? error.message : String(error)}; the request was answered 500`);
      response = { status: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal Server Error"}' };
    }
    record(response.status, response.status < 400 ? 'ok' : 'error');
    // reads (GET, HEAD, OPTIONS: safe methods, RFC 9110 §9.2.1) change nothing downstream
    if (response.status < 400 && !safeMethods.has(captured.method)) this.deliver({ service: 'http', operation: captured.method, target: `${captured.method} ${url.origin}${url.pathname}${url.search}`, body: captured.body });
    return { kind: 'response', ...response };
  }

  /**
   * A timeout-after-calls fault stops the invocation's work at this request. When the invocation
   * had already ended, the fault stands for an environment Lambda froze and never invoked again:
   * the work the handler left running stops there, and the invocation keeps its result (`frozen`).
   */
  private cut(request: SdkRequest | HttpRequest): { abort: string; frozen?: true } {
    const abort = `fault: the invocation timed out after ${this.invocation.limit} downstream call(s)`;
    if (request.afterReturn !== this.invocation.index) return { abort };
    this.frozenRequests.push({ invocation: this.invocation.index, input: requestInput(request) });
    return { abort, frozen: true };
  }

  private cutRequest(request: HttpRequest): HttpAnswer {
    const { abort, frozen } = this.cut(request);
    return { kind: 'abort', reason: abort, ...(frozen && { frozen }) };
  }

  /**
   * A request's mark of work an invocation left running when it ended, for its recorded call; made
   * while the next invocation was under way (the main thread had begun it), it names its invocation.
   */
  private afterReturn(request: { afterReturn?: number }): Pick<RecordedCall, 'afterReturn' | 'leftBy'> {
    const by = request.afterReturn;
    if (by === undefined) return {};
    return { afterReturn: true, ...(by !== this.invocation.index && { leftBy: by }) };
  }

  /** A request to a declared search endpoint: faults from the schedule, then the embedded store. */
  private searchCall(request: HttpRequest, store: SearchStore): HttpAnswer {
    if (!this.isSearchRetry(request) && this.invocation.calls >= this.invocation.limit) {
      return this.cutRequest(request);
    }
    const shape = shapeOfSearch({ ...request, body: textOf(request.body) });
    const { call, attempt } = this.searchOperation(request);
    const record = (answer: HttpAnswer, outcome: RecordedCall['outcome'], fault?: string, conflicts = 0, failedEntries?: Set<number>) => {
      const statusCode = answer.kind === 'response' ? answer.status : undefined;
      const error = searchErrorType(answer);
      this.record({
        call, attempt, invocation: this.invocation.index, at: this.invocation.at, service: 'search', operation: shape.operation,
        input: shape.input, statusCode, outcome, ...(error !== undefined && { error }), ...(fault !== undefined && { fault }), ...(conflicts > 0 && { conflicts }),
        ...(failedEntries !== undefined && { failedEntries: inOrder(failedEntries) }), ...this.afterReturn(request),
      });
    };
    const fault = this.searchFaultFor(call, attempt, shape.input);
    if (fault?.kind === 'error') {
      const answer = searchFault(fault.error, store, shape.input);
      record(answer, answer.kind === 'response' ? 'error' : 'network-error', fault.error);
      return answer;
    }
    const rejectItems = fault?.kind === 'partial-batch' && attempt === 1 ? clip(new Set(fault.failed), shape.items) : new Set<number>();
    const response = store.handle({ method: request.method, url: request.url, headers: request.headers, body: textOf(request.body) }, { rejectItems });
    if (response.unsupported !== undefined) {
      this.problems.add(`the handler called ${response.unsupported} on ${new URL(request.url).origin}, which stream-conformance's search store does not emulate (it answers index, create, get, mget, update, delete, _bulk, _search, _count and index creation)`);
    }
    const items = shape.items > 0 && response.status === 200 ? bulkItemOutcomes(response.body) : [];
    const failedItems = items.filter((item) => item === 'failed').length;
    const conflicts = response.status === 409 ? 1 : items.filter((item) => item === 'conflict').length;
    const outcome = response.status >= 400 ? 'error' : failedItems > 0 ? 'partial' : 'ok';
    const answer: HttpAnswer = { kind: 'response', status: response.status, headers: response.headers, body: response.body };
    if (rejectItems.size > 0) record(answer, outcome, 'partial-batch', conflicts, rejectItems);
    else record(answer, outcome, undefined, conflicts);
    return answer;
  }

  /** A client's retry repeats the request that just failed: the same operation, one attempt later. */
  private searchOperation(request: HttpRequest): { call: number; attempt: number } {
    const last = this.lastSearch;
    if (last !== undefined && this.isSearchRetry(request)) {
      last.attempt++;
      return { call: last.call, attempt: last.attempt };
    }
    const input = searchInput(request);
    const call = this.nextOperation++;
    this.invocation.calls++;
    this.lastSearch = { input, invocation: this.invocation.index, call, attempt: 1 };
    return { call, attempt: 1 };
  }

  private isSearchRetry(request: HttpRequest): boolean {
    const last = this.lastSearch;
    if (last === undefined || last.input !== searchInput(request) || last.invocation !== this.invocation.index) return false;
    return this.calls.at(-1)?.call === last.call && this.calls.at(-1)?.outcome !== 'ok';
  }

  private searchFaultFor(call: number, attempt: number, input: unknown): CallFault | undefined {
    for (const fault of this.schedule.calls) {
      if (fault.kind === 'poison') {
        if (carriesValues(input, fault.values)) return { kind: 'error', call, error: 'server-error', attempts: Infinity };
      } else if (fault.call === call && (fault.kind !== 'error' || attempt <= fault.attempts)) {
        return fault;
      }
    }
    return undefined;
  }

  searchSnapshot(): SearchSnapshot {
    return this.options.search?.snapshot() ?? {};
  }

  /** The virtual time of the current invocation (epoch ms): the search stores' clock. */
  now(): number {
    return this.invocation.at;
  }

  problem(message: string): void {
    this.problems.add(message);
  }

  /** What work each invocation left running wrote to the console after it ended, by invocation. */
  readonly leftOutput = new Map<number, HandlerOutput>();

  outputAfter(invocation: number, output: HandlerOutput): void {
    this.leftOutput.set(invocation, output);
  }

  clientError(error: ClientSideError): void {
    this.clientErrors.push({ ...error, invocation: this.invocation.index });
  }

  private async call(request: SdkRequest): Promise<CallAnswer> {
    const shape = shapeOf(request);
    if (request.input === undefined && shape.service === 'dynamodb') request.input = JSON.parse(bodyText(request) || '{}');
    const { call, attempt } = this.operationOf(request);
    const record = (statusCode: number | undefined, outcome: RecordedCall['outcome'], fault?: string, error?: string, failedEntries?: Set<number>) => {
      this.record({
        call, attempt, invocation: this.invocation.index, at: this.invocation.at, service: shape.service ?? shape.name,
        operation: shape.operation, input: request.input, statusCode, outcome, ...(error !== undefined && { error }), ...(fault !== undefined && { fault }),
        ...(failedEntries !== undefined && { failedEntries: inOrder(failedEntries) }),
        ...(request.leftBy !== undefined && { leftBy: request.leftBy }), ...this.afterReturn(request),
      });
    };
    if (!isLoopback(request.hostname) && !isAwsServiceHost(request.hostname)) {
      const message = `the handler's ${request.clientName} sent ${shape.operation} to ${request.hostname}: stream-conformance never contacts real endpoints; remove the explicit endpoint from the client`;
      this.problems.add(message);
      record(undefined, 'refused');
      return { kind: 'refused', message };
    }
    const route = this.callRoute(shape);
    if (route.kind === 'undeclared') {
      const message = undeclaredMessage(shape, shape.service !== undefined);
      this.stop(message);
      record(undefined, 'refused');
      return { kind: 'refused', message };
    }
    const fault = this.faultFor(call, attempt, request.input, shape);
    if (fault?.kind === 'error') {
      if (fault.error === 'network-reset') {
        record(undefined, 'network-error', 'network-reset');
        return { kind: 'network-error', code: 'ECONNRESET', message: 'socket hang up' };
      }
      if (fault.error === 'timeout') {
        record(undefined, 'network-error', 'timeout');
        return { kind: 'network-error', code: 'ETIMEDOUT', message: 'read ETIMEDOUT' };
      }
      const [status, code, message] = serviceError(shape.service, fault.error);
      record(status, 'error', fault.error, code);
      return { kind: 'response', response: errorResponse(shape, status, code, message) };
    }
    // a partial failure only exists for batch APIs, and only for entries the batch has
    const failed = fault?.kind === 'partial-batch' && (attempt === 1 || fault.every) && route.kind !== 'declared' ? clip(new Set(fault.failed), entriesOf(shape, request)) : new Set<number>();
    const response = route.kind === 'declared' ? await this.declared(shape, request, route.declaration) : await this.answer(shape, request, failed);
    if (response === undefined) {
      record(undefined, 'refused');
      return { kind: 'refused', message: this.stopped! };
    }
    const partial = failed.size > 0 && response.statusCode < 300;
    if (partial) record(response.statusCode, 'partial', 'partial-batch', errorCodeOf(response), failed);
    else record(response.statusCode, response.statusCode >= 400 ? 'error' : 'ok', undefined, errorCodeOf(response));
    return { kind: 'response', response };
  }

  /** Emulated services first; then what `downstream.services` declares; the rest ends the run. */
  private callRoute(shape: RequestShape): CallRoute {
    if (shape.service === 'dynamodb') return { kind: 'dynamodb' };
    if (emulatesOutbox(shape)) return { kind: 'outbox' };
    const declaration = findDeclaration(this.options.services ?? {}, shape);
    return declaration === undefined ? { kind: 'undeclared' } : { kind: 'declared', declaration };
  }

  /** A declared operation: answered with its declared output, recorded as an effect unless it is a read. */
  private async declared(shape: RequestShape, request: SdkRequest, declaration: DeclaredOperation): Promise<SdkResponse | undefined> {
    const input = inputOf(request);
    let output: unknown = declaration.response;
    if (typeof declaration.response === 'function') {
      try {
        output = await declaration.response(input);
      } catch (error) {
        this.stop(`downstream.services.${shape.name}.${shape.operation}.response threw for the handler's call: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }
    if (declaration.effect !== false) this.deliver({ service: shape.name, operation: shape.operation, target: shape.operation, body: canonical(input) });
    return declaredResponse(shape, request, output);
  }

  private stop(message: string): void {
    this.problems.add(message);
    this.stopped ??= message;
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
    if (failed.size === 0) return this.fromGateway(gateway, shape.operation, body);
    if (shape.operation === 'BatchGetItem') return this.batchGetWithUnprocessed(gateway, body, failed);
    return this.batchWriteWithUnprocessed(gateway, body, failed);
  }

  /**
   * BatchGetItem with some keys left unprocessed, as DynamoDB answers when it throttles a batch read
   * (UnprocessedKeys has the shape of RequestItems, each table's read settings kept:
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
   */
  private async batchGetWithUnprocessed(gateway: DynamoDBGateway, body: string, failed: Set<number>): Promise<SdkResponse> {
    const request = JSON.parse(body) as { RequestItems: Record<string, { Keys: unknown[] }> };
    const processed: Record<string, { Keys: unknown[] }> = {};
    const unprocessed: Record<string, { Keys: unknown[] }> = {};
    let index = 0;
    for (const [table, read] of Object.entries(request.RequestItems)) {
      for (const key of read.Keys) {
        const into = failed.has(index++) ? unprocessed : processed;
        (into[table] ??= { ...read, Keys: [] }).Keys.push(key);
      }
    }
    if (Object.keys(processed).length === 0) {
      const answer = JSON.stringify({ Responses: Object.fromEntries(Object.keys(request.RequestItems).map((table) => [table, []])), UnprocessedKeys: unprocessed });
      return { statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-crc32': String(crc32(answer)) }, body: answer };
    }
    const response = await this.fromGateway(gateway, 'BatchGetItem', JSON.stringify({ ...request, RequestItems: processed }));
    if (response.statusCode >= 300) return response;
    const answer = JSON.stringify({ ...(JSON.parse(response.body) as Record<string, unknown>), UnprocessedKeys: unprocessed });
    return { ...response, headers: { ...response.headers, 'x-amz-crc32': String(crc32(answer)) }, body: answer };
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
    const answer = JSON.stringify({ ...output, UnprocessedItems: unprocessed });
    // DynamoDB sends its body's CRC32, which SDK v2 checks (and retries on a mismatch)
    return { ...response, headers: { ...response.headers, 'x-amz-crc32': String(crc32(answer)) }, body: answer };
  }

  private async fromGateway(gateway: DynamoDBGateway, operation: string, body: string): Promise<SdkResponse> {
    const response = await gateway.handle(operation, body);
    for (const problem of gateway.takeProblems?.() ?? []) this.problems.add(problem);
    return response;
  }

  private deliver(message: Omit<OutboxMessage, 'invocation' | 'at'>): void {
    this.outbox.push({ ...message, invocation: this.invocation.index, at: this.invocation.at });
  }

  private faultFor(call: number, attempt: number, input: unknown, shape: Pick<RequestShape, 'service' | 'operation'>): CallFault | undefined {
    for (const fault of this.schedule.calls) {
      if (fault.kind === 'poison') {
        // a service that takes a batch's entries one by one refuses the poison's alone, as it would a malformed entry
        const entries = batchEntries(shape, (input ?? {}) as Record<string, unknown>);
        const poisoned = entries.flatMap((entry, i) => (holdsValues(leafValues(entry), fault.values) ? [i] : []));
        if (poisoned.length > 0) return { kind: 'partial-batch', call, failed: poisoned, every: true };
        if (holdsValues(leafValues(input), fault.values)) return { kind: 'error', call, error: 'server-error', attempts: Infinity };
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
/** Writes whose whole effect is on items of the tables (no idempotency token, no table change). */
const itemWrites = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const readOnly = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems', 'DescribeTable', 'ListTables', 'GetRecords', 'DescribeStream', 'GetObject', 'HeadObject', 'GetQueueUrl', 'GetQueueAttributes']);

function entriesOf(shape: RequestShape, request: SdkRequest): number {
  if (shape.service !== 'dynamodb') return batchSize(shape, (request.input ?? {}) as Record<string, unknown>);
  if (shape.operation === 'BatchGetItem') {
    const { RequestItems = {} } = JSON.parse(bodyText(request) || '{}') as { RequestItems?: Record<string, { Keys?: unknown[] }> };
    return Object.values(RequestItems).reduce((n, read) => n + (read.Keys?.length ?? 0), 0);
  }
  if (shape.operation !== 'BatchWriteItem') return 0;
  const { RequestItems = {} } = JSON.parse(bodyText(request) || '{}') as { RequestItems?: Record<string, unknown[]> };
  return Object.values(RequestItems).reduce((n, writes) => n + writes.length, 0);
}

function searchInput(request: HttpRequest): string {
  return canonical({ method: request.method, url: request.url, body: textOf(request.body) ?? '' });
}

function textOf(body: string | Uint8Array | undefined): string | undefined {
  return body === undefined || typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
}

/**
 * How each item of a `_bulk` response ended, in order: a 409 is a version guard doing its job, and
 * an item without `error` succeeded (a delete's `not_found` is a 404 without one).
 */
function bulkItemOutcomes(body: string): ('done' | 'conflict' | 'failed')[] {
  const { items = [] } = JSON.parse(body) as { items?: Record<string, { status?: number; error?: unknown }>[] };
  return items.map((item) => {
    const result = Object.values(item)[0];
    if (result?.error === undefined) return 'done';
    return result.status === 409 ? 'conflict' : 'failed';
  });
}

function undeclaredSearch(method: string, url: URL): string {
  return `stream-conformance refused the handler's ${method} ${url.origin}${url.pathname}: ${url.host} is a search endpoint that is not declared; add { "endpoint": "${url.origin}", "engine": "opensearch" } (or "elasticsearch") to downstream.search in conformance.config`;
}

/** A host or path that only a search engine has: the message points at downstream.search. */
function looksLikeSearch(url: URL): boolean {
  return /\.(es|aoss)\.amazonaws\.com$/.test(url.hostname) || /\/(_bulk|_doc|_update|_create|_search|_mget)(\/|$)/.test(url.pathname);
}

const inOrder = (entries: Set<number>) => [...entries].sort((a, b) => a - b);

function clip(failed: Set<number>, size: number): Set<number> {
  return new Set([...failed].filter((i) => i < size));
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function parsedBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

/** What a request carries, for telling which records it was made for: an SDK call's input, or an HTTP request's URL and body. */
function requestInput(request: SdkRequest | HttpRequest): unknown {
  if ('clientName' in request) return inputOf(request);
  return { url: request.url, body: parsedBody(textOf(request.body) ?? '') };
}
