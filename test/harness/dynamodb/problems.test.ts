import { describe, expect, it } from 'vitest';
import { internalError, ProblemLog, undeclaredTable, unsupportedOperation } from '../../../src/harness/dynamodb/problems.js';

describe('DynamoDB problems', () => {
  it('tell the user what to declare, what dynalite lacks, and what failed inside', () => {
    expect(undeclaredTable('PutItem', 'audit')).toEqual({
      kind: 'undeclared-table',
      table: 'audit',
      operation: 'PutItem',
      message:
        'The handler called PutItem on table "audit", which is not declared: add it to downstream.dynamodb.tables in conformance.config (a CreateTable input or AWS::DynamoDB::Table properties)',
    });
    expect(unsupportedOperation('ExecuteStatement').message).toBe(
      'The handler called DynamoDB ExecuteStatement, which the embedded DynamoDB (dynalite) does not implement; it was answered with UnknownOperationException',
    );
    expect(internalError('Query', new Error('disk on fire')).message).toBe('The embedded DynamoDB failed on Query (answered with InternalServerError): disk on fire');
    expect(internalError('Query', 'plain').message).toContain('): plain');
  });

  it('a name near a declared table asks whether that was meant, before saying how to declare another', () => {
    expect(undeclaredTable('UpdateItem', 'customer_stats', false, ['orders', 'customer-stats']).message).toBe(
      'The handler called UpdateItem on table "customer_stats", which is not declared; did you mean "customer-stats"? (check where the handler takes the name from, such as function.Environment); if not, add it to downstream.dynamodb.tables in conformance.config (a CreateTable input or AWS::DynamoDB::Table properties)',
    );
    expect(undeclaredTable('UpdateItem', 'audit', false, ['orders', 'customer-stats']).message).toMatch(/which is not declared: add it to/);
  });

  it('keeps each distinct problem once until taken', () => {
    const log = new ProblemLog();
    log.record(undeclaredTable('PutItem', 'audit'));
    log.record(undeclaredTable('PutItem', 'audit'));
    log.record(undeclaredTable('GetItem', 'audit'));
    expect(log.all.map((p) => p.operation)).toEqual(['PutItem', 'GetItem']);
    expect(log.take()).toHaveLength(2);
    expect(log.all).toEqual([]);
    log.record(undeclaredTable('PutItem', 'audit'));
    expect(log.all).toHaveLength(1);
  });
});
