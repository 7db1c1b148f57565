export { SearchStore, bulkSize, type SearchDocument, type SearchSnapshot, type SearchStoreOptions, type HandleOptions, type StoreResponse } from './store.js';
export type { SearchRequest, SearchResponse } from './http.js';
export type { EngineName } from './search-engine.js';
export { rejectedExecution, unavailable, errorBody } from './search-error.js';
export { toJson } from './long-numbers.js';
