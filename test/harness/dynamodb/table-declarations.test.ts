import { describe, expect, it } from 'vitest';
import { createStore } from '../../../src/harness/dynamodb/dynalite-internals.js';
import { readTableDeclarations, TableDeclarationError } from '../../../src/harness/dynamodb/table-declarations.js';

const store = createStore({});
const keys = {
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
};

function refusal(tables: unknown, basePath?: string): string {
  try {
    readTableDeclarations(tables, store, basePath);
  } catch (err) {
    expect(err).toBeInstanceOf(TableDeclarationError);
    return (err as Error).message;
  }
  throw new Error('the declaration was accepted');
}

describe('readTableDeclarations', () => {
  it('reads a CreateTable input: on-demand when no billing is given', () => {
    const [table] = readTableDeclarations([{ TableName: 'orders', ...keys }], store);
    expect(table).toMatchObject({ TableName: 'orders', ...keys });
    expect(table!.createTableInput).toMatchObject({ BillingMode: 'PAY_PER_REQUEST' });
    expect(table!.createTableInput).not.toHaveProperty('ProvisionedThroughput');
  });

  it('reads a whole AWS::DynamoDB::Table resource, ignoring what an in-memory table has no use for', () => {
    const [table] = readTableDeclarations(
      [{ Type: 'AWS::DynamoDB::Table', Properties: { TableName: 'orders', ...keys, StreamSpecification: { StreamViewType: 'NEW_IMAGE' }, Tags: [] } }],
      store,
    );
    expect(Object.keys(table!.createTableInput).sort()).toEqual(['AttributeDefinitions', 'BillingMode', 'KeySchema', 'TableName']);
  });

  it('turns template habits into a valid CreateTable input: numbers as strings, throughput left on an on-demand table', () => {
    const [provisioned] = readTableDeclarations([{ TableName: 'orders', ...keys, ProvisionedThroughput: { ReadCapacityUnits: '5', WriteCapacityUnits: '7' } }], store);
    expect(provisioned!.createTableInput.ProvisionedThroughput).toEqual({ ReadCapacityUnits: 5, WriteCapacityUnits: 7 });
    const [onDemand] = readTableDeclarations(
      [
        {
          TableName: 'orders',
          ...keys,
          BillingMode: 'PAY_PER_REQUEST',
          ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
          GlobalSecondaryIndexes: [
            {
              IndexName: 'by-id',
              KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
              Projection: { ProjectionType: 'ALL' },
              ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
            },
          ],
        },
      ],
      store,
    );
    expect(onDemand!.createTableInput).not.toHaveProperty('ProvisionedThroughput');
    expect((onDemand!.createTableInput.GlobalSecondaryIndexes as object[])[0]).not.toHaveProperty('ProvisionedThroughput');
  });

  it('gives the same fingerprint to the same table only', () => {
    const [a] = readTableDeclarations([{ TableName: 'orders', ...keys }], store);
    const [b] = readTableDeclarations([{ TableName: 'orders', ...keys, Tags: [{ Key: 'k', Value: 'v' }] }], store);
    const [c] = readTableDeclarations([{ TableName: 'orders', ...keys, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 } }], store);
    expect(a!.fingerprint).toBe(b!.fingerprint);
    expect(c!.fingerprint).not.toBe(a!.fingerprint);
  });

  it.each([
    [[7], 'downstream.dynamodb.tables[0]: must be an object (a CreateTable input or AWS::DynamoDB::Table properties)'],
    [[{ Type: 'AWS::DynamoDB::Table', Properties: [] }], 'downstream.dynamodb.tables[0].Properties: must be an object'],
    [[{ TableName: '', ...keys }], 'downstream.dynamodb.tables[0].TableName: must be a non-empty string'],
    [[{ TableName: 'orders', KeySchema: {}, AttributeDefinitions: [] }], 'downstream.dynamodb.tables[0].KeySchema: must be a list'],
    [[{ TableName: 'orders', ...keys, StreamViewType: 'NEW_IMAGE' }], 'downstream.dynamodb.tables[0].StreamViewType: unknown key (expected CreateTable input or AWS::DynamoDB::Table property names)'],
    [[{ TableName: 'orders', ...keys, BillingMode: 'FREE' }], "downstream.dynamodb.tables[0]: 1 validation error detected: Value 'FREE' at 'billingMode'"],
  ])('names the key path of a bad declaration (%#)', (tables, message) => {
    expect(refusal(tables)).toContain(message);
  });

  it('says where a table was first declared, under the path given', () => {
    expect(refusal([{ TableName: 'orders', ...keys }, { TableName: 'orders', ...keys }], 'replicas')).toBe(
      'replicas[1].TableName: table "orders" is already declared at replicas[0]',
    );
  });
});
