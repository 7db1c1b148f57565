export { SearchStore, bulkSize, type SearchDocument, type SearchSnapshot, type SearchStoreOptions, type HandleOptions, type StoreResponse } from './store.js';
export type { SearchRequest, SearchResponse } from './http.js';
export type { EngineName } from './engine.js';
export { rejectedExecution, unavailable, errorBody } from './errors.js';
export { toJson } from './json.js';
