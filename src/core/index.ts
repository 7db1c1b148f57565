// The shared vocabulary: what every stage may say. It imports no stage.
export { UserError } from './user-error.js';
export { canonical, leafValues, normalize, withoutFields } from './canonical.js';
export type { Difference } from './difference.js';
export { sequenceNumberOf, sourceKeyOf, type SourceKey } from './record-key.js';
export type { Source } from './source.js';
