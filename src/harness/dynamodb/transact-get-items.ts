import { dynaliteDb, getItem, type DynaliteOutcome, type DynaliteStore } from './dynalite-internals.js';
import { locateItems, transactItemsOf } from './transaction-items.js';

/**
 * TransactGetItems over dynalite: every item read at once (the gateway runs it alone, so no write
 * falls in between), each projected by its own ProjectionExpression; a missing item is `{}`.
 */
export async function transactGetItems(store: DynaliteStore, request: Record<string, unknown>): Promise<DynaliteOutcome> {
  const items = transactItemsOf(request);
  if (!Array.isArray(items)) return items;
  const located = await locateItems(store, items, ['Get'], 'TransactItems can only contain Get');
  if (!Array.isArray(located)) return located;
  const found = await Promise.all(located.map((item) => getItem(store, item.data.TableName as string, item.key)));
  const Responses = located.map((item, index) => {
    const stored = found[index];
    if (!stored) return {};
    const projection = item.data._projection as { paths?: unknown } | undefined;
    return { Item: projection?.paths ? dynaliteDb.mapPaths(projection.paths, stored) : stored };
  });
  const data: Record<string, unknown> = { Responses };
  if (request.ReturnConsumedCapacity === 'TOTAL' || request.ReturnConsumedCapacity === 'INDEXES') {
    const units = new Map<string, number>();
    for (const item of located) {
      const table = item.data.TableName as string;
      units.set(table, (units.get(table) ?? 0) + 2);
    }
    data.ConsumedCapacity = [...units].map(([TableName, CapacityUnits]) => ({
      TableName,
      CapacityUnits,
      ReadCapacityUnits: CapacityUnits,
    }));
  }
  return { ok: true, data };
}
