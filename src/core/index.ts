// The shared vocabulary: what every stage may say. It imports no stage.
export { UserError } from './user-error.js';
export { canonical, holdsValues, leafValues, normalize, withoutFields } from './canonical.js';
export type { Difference } from './difference.js';
export { sequenceNumberOf, sourceKeyOf, sourceRecords, type ReadableRecord, type SourceKey, type SourceRecords } from './record-key.js';
export { plainItem } from './plain-item.js';
export type { Source } from './source.js';
