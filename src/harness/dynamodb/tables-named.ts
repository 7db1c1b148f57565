/**
 * The table names a DynamoDB request refers to: `TableName`, the keys of `RequestItems` (batch
 * operations), and the `TableName` of every item of a transaction. Malformed shapes name nothing
 * here; validation reports them.
 */
export function tablesNamed(request: Record<string, unknown>): string[] {
  const names: string[] = [];
  if (typeof request.TableName === 'string') names.push(request.TableName);
  const requestItems = request.RequestItems;
  if (requestItems !== null && typeof requestItems === 'object' && !Array.isArray(requestItems)) {
    names.push(...Object.keys(requestItems));
  }
  const transactItems = request.TransactItems;
  if (Array.isArray(transactItems)) {
    for (const item of transactItems) {
      if (item === null || typeof item !== 'object') continue;
      for (const operation of Object.values(item as Record<string, unknown>)) {
        if (operation !== null && typeof operation === 'object') {
          const name = (operation as Record<string, unknown>).TableName;
          if (typeof name === 'string') names.push(name);
        }
      }
    }
  }
  return [...new Set(names)];
}
