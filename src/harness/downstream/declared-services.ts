import type { SdkRequest, SdkResponse } from '../protocol.js';
import { bodyText, buildXml, header, jsonResponse, requestId, type RequestShape, xmlResponse } from './aws-protocol.js';

/** How the harness answers one operation of a service it does not emulate (`downstream.services`). */
export interface DeclaredOperation {
  /** The operation's output as the SDK returns it, or a function of the request's input (TS configs). */
  response?: Record<string, unknown> | ((input: unknown) => unknown);
  /** `false` for reads: the call is recorded and takes faults, but is not part of the downstream state. */
  effect?: boolean;
}

/** `{ scheduler: { CreateSchedule: { response: { ScheduleArn: "…" } } } }`. */
export type ServiceDeclarations = Record<string, Record<string, DeclaredOperation>>;

/** Service names compare without case, dashes or dots: `secrets-manager`, `SecretsManager` and `secretsmanager` are one. */
function normalized(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The declaration for a request's service and operation, if the config has one. */
export function findDeclaration(declarations: ServiceDeclarations, shape: RequestShape): DeclaredOperation | undefined {
  const names = new Set(shape.aliases.map(normalized));
  for (const [service, operations] of Object.entries(declarations)) {
    if (!names.has(normalized(service))) continue;
    const match = Object.keys(operations).find((op) => op.toLowerCase() === shape.operation.toLowerCase());
    if (match !== undefined) return operations[match];
  }
  return undefined;
}

/** The one line that says how to declare a call the harness cannot answer. */
export function undeclaredMessage(shape: RequestShape, emulated: boolean): string {
  const what = emulated ? `${shape.name} ${shape.operation}, an operation stream-conformance does not emulate` : `${shape.name} ${shape.operation}, a service stream-conformance does not emulate`;
  return `the handler called ${what}: declare its answer in conformance.config, e.g. "downstream": { "services": { "${shape.name}": { "${shape.operation}": { "response": {} } } } } (response: the operation's output as the SDK returns it; add "effect": false for a read)`;
}

/** The request's input as the client gave it (SDK v3), or what its body says. */
export function inputOf(request: SdkRequest): unknown {
  if (request.input !== undefined) return request.input;
  const text = bodyText(request);
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return Object.fromEntries(new URLSearchParams(text));
  }
}

/** The declared output in the request's wire protocol, so the SDK's own deserializer reads it. */
export function declaredResponse(shape: RequestShape, request: SdkRequest, output: unknown): SdkResponse {
  const data = output ?? {};
  switch (shape.protocol) {
    case 'json': {
      const version = /x-amz-json-(1\.[01])/.exec(header(request, 'content-type') ?? '')?.[1] as '1.0' | '1.1' | undefined;
      return jsonResponse(data, version ?? '1.0');
    }
    case 'rest-json':
      return { statusCode: 200, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId() }, body: JSON.stringify(data) };
    case 'query':
      return xmlResponse(shape.operation, withMembers(data) as Record<string, unknown>, `https://${shape.name}.amazonaws.com/doc/`);
    case 'rest-xml':
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId() },
        body: `<?xml version="1.0" encoding="UTF-8"?>${buildXml({ [`${shape.operation}Result`]: withMembers(data) })}`,
      };
  }
}

/** Lists as `<member>` entries (the query protocol's default list form); the rest as it is. */
function withMembers(value: unknown): unknown {
  if (Array.isArray(value)) return { member: value.map(withMembers) };
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withMembers(v)]));
  return value;
}
