export { EmbeddedDynamoDB } from './embedded-dynamodb.js';
export type { AttributeValueJson, DeclareTablesOptions, DynamoDBSnapshot, EmbeddedDynamoDBOptions, ItemJson } from './embedded-dynamodb.js';
export { dynamodbError, dynamodbFault, errorBody, errorType, DYNAMODB_FAULTS } from './dynamodb-errors.js';
export type { DynamoDBFault } from './dynamodb-errors.js';
export type { DynamoDBHttpResponse } from './http-response.js';
export type { DynamoDBProblem } from './problems.js';
export { TableDeclarationError, readTableDeclarations, DEFAULT_TABLES_PATH } from './table-declarations.js';
export type { TableDeclaration, KeySchemaElement, AttributeDefinition } from './table-declarations.js';
export { TOKEN_WINDOW_MS } from './idempotency-tokens.js';
