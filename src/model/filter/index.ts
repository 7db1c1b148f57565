export { compileFilterCriteria, MAX_FILTERS, withoutField, type FilterCriteriaInput, type RecordFilter } from './compile.js';
export { MAX_PATTERN_LENGTH } from './parse-pattern.js';
export type { Bound, PatternNode, Scalar, ValueMatcher } from './pattern.js';
