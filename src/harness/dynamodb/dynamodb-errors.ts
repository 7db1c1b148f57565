import { jsonResponse, RequestIds, type DynamoDBHttpResponse } from './http-response.js';

/**
 * DynamoDB error responses with the real wire shapes, so the SDK's deserializer builds the real
 * exception classes: `__type` is `<namespace>#<Name>`, the message member is `message` except for
 * the few shapes DynamoDB models with `Message`.
 */

const DYNAMODB_NAMESPACE = 'com.amazonaws.dynamodb.v20120810';

/** Ids for responses built outside a gateway (deterministic, like the gateway's own). */
const faultRequestIds = new RequestIds();

/** Error names served from another namespace than DynamoDB's own. */
const NAMESPACES: Record<string, string> = {
  ValidationException: 'com.amazon.coral.validate',
  SerializationException: 'com.amazon.coral.service',
  UnknownOperationException: 'com.amazon.coral.service',
  MissingAuthenticationTokenException: 'com.amazon.coral.service',
  IncompleteSignatureException: 'com.amazon.coral.service',
  InvalidSignatureException: 'com.amazon.coral.service',
  UnrecognizedClientException: 'com.amazon.coral.service',
  AccessDeniedException: 'com.amazon.coral.service',
  ThrottlingException: 'com.amazon.coral.availability',
};

/** Shapes whose message member is spelt `Message` in DynamoDB's model. */
const CAPITALIZED_MESSAGE = new Set([
  'TransactionCanceledException',
  'IdempotentParameterMismatchException',
  'TransactionInProgressException',
  'InvalidEndpointException',
]);

/** The faults the harness injects, with DynamoDB's status codes and messages. */
export const DYNAMODB_FAULTS = {
  ProvisionedThroughputExceededException: {
    status: 400,
    message:
      'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  },
  ThrottlingException: { status: 400, message: 'Rate of requests exceeds the allowed throughput.' },
  RequestLimitExceeded: {
    status: 400,
    message:
      'Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase',
  },
  InternalServerError: { status: 500, message: 'Internal server error' },
  ServiceUnavailable: { status: 503, message: 'Service Unavailable' },
} as const satisfies Record<string, { status: number; message: string }>;

export type DynamoDBFault = keyof typeof DYNAMODB_FAULTS;

/** The full `__type` of an error name (a name that already carries a namespace is kept). */
export function errorType(name: string): string {
  if (name.includes('#')) return name;
  return `${NAMESPACES[name] ?? DYNAMODB_NAMESPACE}#${name}`;
}

/** The JSON body DynamoDB sends for an error. */
export function errorBody(type: string, message?: string, extra?: Record<string, unknown>): Record<string, unknown> {
  const name = type.slice(type.indexOf('#') + 1);
  const body: Record<string, unknown> = { __type: errorType(type) };
  if (extra) Object.assign(body, extra);
  if (message !== undefined) body[CAPITALIZED_MESSAGE.has(name) ? 'Message' : 'message'] = message;
  return body;
}

/**
 * A DynamoDB error response: `dynamodbError(400, 'ConditionalCheckFailedException', 'The
 * conditional request failed')`. For the faults in `DYNAMODB_FAULTS` the message defaults to
 * DynamoDB's. `extra` adds members (`CancellationReasons`, `Item`, …).
 */
export function dynamodbError(
  status: number,
  type: string,
  message?: string,
  extra?: Record<string, unknown>,
  requestId: string = faultRequestIds.next(),
): DynamoDBHttpResponse {
  const text = message ?? (DYNAMODB_FAULTS as Record<string, { message: string }>)[type]?.message;
  return jsonResponse(status, errorBody(type, text, extra), requestId);
}

/** The response for one of the injectable faults, with DynamoDB's status and message. */
export function dynamodbFault(fault: DynamoDBFault, requestId?: string): DynamoDBHttpResponse {
  const { status, message } = DYNAMODB_FAULTS[fault];
  return dynamodbError(status, fault, message, undefined, requestId);
}

export const RESOURCE_NOT_FOUND_MESSAGE = 'Requested resource not found';

export function validationBody(message: string): Record<string, unknown> {
  return errorBody('ValidationException', message);
}

