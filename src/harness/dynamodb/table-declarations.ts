import { UserError } from '../../core/user-error.js';
import { dynaliteValidations, dynaliteOperation, type DynaliteError, type DynaliteStore } from './dynalite-internals.js';

/**
 * Tables declared in `downstream.dynamodb.tables`: CreateTable inputs or `AWS::DynamoDB::Table`
 * properties (optionally the whole resource, `{ Type, Properties }`), pasted from templates. Keys
 * either shape allows but that an in-memory table has no use for are accepted and ignored.
 */

export interface KeySchemaElement {
  AttributeName: string;
  KeyType: 'HASH' | 'RANGE';
}

export interface AttributeDefinition {
  AttributeName: string;
  AttributeType: 'S' | 'N' | 'B';
}

/** A table as the embedded DynamoDB creates it. */
export interface TableDeclaration {
  TableName: string;
  KeySchema: KeySchemaElement[];
  AttributeDefinitions: AttributeDefinition[];
  /** The CreateTable input handed to dynalite (checked by dynalite's own validation). */
  createTableInput: Record<string, unknown>;
  /** Equal fingerprints mean the same table: re-declaring it changes nothing. */
  fingerprint: string;
}

/** A declaration that cannot be turned into a table; the message starts with the key path. */
export class TableDeclarationError extends UserError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'TableDeclarationError';
  }
}

/** Keys handed to dynalite. */
export const CREATE_TABLE_KEYS = [
  'TableName', 'KeySchema', 'AttributeDefinitions', 'BillingMode', 'ProvisionedThroughput',
  'LocalSecondaryIndexes', 'GlobalSecondaryIndexes',
] as const;

/** Keys of CreateTable inputs and of AWS::DynamoDB::Table properties that are accepted and ignored. */
const IGNORED_KEYS = new Set([
  'StreamSpecification', 'SSESpecification', 'Tags', 'TableClass', 'DeletionProtectionEnabled', 'WarmThroughput',
  'ResourcePolicy', 'OnDemandThroughput', 'TimeToLiveSpecification', 'PointInTimeRecoverySpecification',
  'ContributorInsightsSpecification', 'KinesisStreamSpecification', 'ImportSourceSpecification',
]);

const KNOWN_KEYS = new Set<string>([...CREATE_TABLE_KEYS, ...IGNORED_KEYS]);

export const DEFAULT_TABLES_PATH = 'downstream.dynamodb.tables';

/**
 * Reads and checks the declarations. Every problem is a `TableDeclarationError` naming the key
 * path (`downstream.dynamodb.tables[0].KeySchema: required`).
 */
export function readTableDeclarations(
  tables: unknown,
  store: DynaliteStore,
  basePath: string = DEFAULT_TABLES_PATH,
): TableDeclaration[] {
  if (!Array.isArray(tables)) throw new TableDeclarationError(basePath, 'must be a list of tables');
  const seen = new Map<string, number>();
  return tables.map((entry: unknown, index) => {
    const declaration = readTableDeclaration(entry, store, `${basePath}[${index}]`);
    const first = seen.get(declaration.TableName);
    if (first !== undefined) {
      throw new TableDeclarationError(
        `${basePath}[${index}].TableName`,
        `table "${declaration.TableName}" is already declared at ${basePath}[${first}]`,
      );
    }
    seen.set(declaration.TableName, index);
    return declaration;
  });
}

function readTableDeclaration(entry: unknown, store: DynaliteStore, path: string): TableDeclaration {
  if (!isPlainObject(entry)) {
    throw new TableDeclarationError(path, 'must be an object (a CreateTable input or AWS::DynamoDB::Table properties)');
  }
  let properties = entry;
  if (entry.Type === 'AWS::DynamoDB::Table' && 'Properties' in entry) {
    path = `${path}.Properties`;
    if (!isPlainObject(entry.Properties)) throw new TableDeclarationError(path, 'must be an object');
    properties = entry.Properties;
  }
  for (const key of Object.keys(properties)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new TableDeclarationError(
        `${path}.${key}`,
        'unknown key (expected CreateTable input or AWS::DynamoDB::Table property names)',
      );
    }
  }
  if (properties.TableName === undefined) throw new TableDeclarationError(`${path}.TableName`, 'required');
  if (typeof properties.TableName !== 'string' || properties.TableName === '') {
    throw new TableDeclarationError(`${path}.TableName`, 'must be a non-empty string');
  }
  for (const key of ['KeySchema', 'AttributeDefinitions'] as const) {
    if (properties[key] === undefined) throw new TableDeclarationError(`${path}.${key}`, 'required');
    if (!Array.isArray(properties[key])) throw new TableDeclarationError(`${path}.${key}`, 'must be a list');
  }

  const input = createTableInput(properties);
  const fingerprint = JSON.stringify(input);
  const { validation } = dynaliteOperation('CreateTable');
  let checked: Record<string, unknown>;
  try {
    checked = dynaliteValidations.checkTypes(structuredClone(input), validation.types);
    dynaliteValidations.checkValidations(checked, validation.types, validation.custom, store);
  } catch (err) {
    const failure = err as DynaliteError;
    if (failure.statusCode) throw new TableDeclarationError(path, failure.message);
    throw err;
  }
  return {
    TableName: properties.TableName,
    KeySchema: checked.KeySchema as KeySchemaElement[],
    AttributeDefinitions: checked.AttributeDefinitions as AttributeDefinition[],
    createTableInput: checked,
    fingerprint,
  };
}

/**
 * The CreateTable input for dynalite. Template habits are smoothed over: numbers given as strings
 * become numbers; no BillingMode and no ProvisionedThroughput means on-demand; an on-demand table
 * drops any throughput (CloudFormation tolerates leftovers that CreateTable refuses).
 */
function createTableInput(properties: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of CREATE_TABLE_KEYS) {
    if (properties[key] !== undefined) input[key] = structuredClone(properties[key]);
  }
  if (input.BillingMode === undefined && input.ProvisionedThroughput === undefined) input.BillingMode = 'PAY_PER_REQUEST';
  const onDemand = input.BillingMode === 'PAY_PER_REQUEST';
  if (onDemand) delete input.ProvisionedThroughput;
  else input.ProvisionedThroughput = numericThroughput(input.ProvisionedThroughput);
  for (const key of ['GlobalSecondaryIndexes', 'LocalSecondaryIndexes'] as const) {
    const indexes = input[key];
    if (!Array.isArray(indexes)) continue;
    for (const index of indexes) {
      if (!isPlainObject(index)) continue;
      if (onDemand || key === 'LocalSecondaryIndexes') delete index.ProvisionedThroughput;
      else if (index.ProvisionedThroughput !== undefined) index.ProvisionedThroughput = numericThroughput(index.ProvisionedThroughput);
    }
  }
  return input;
}

function numericThroughput(throughput: unknown): unknown {
  if (!isPlainObject(throughput)) return throughput;
  const out: Record<string, unknown> = { ...throughput };
  for (const key of ['ReadCapacityUnits', 'WriteCapacityUnits']) {
    const value = out[key];
    if (typeof value === 'string' && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
