// the aggregator that forgets to return state, under the same source, mapping, downstream and per-window expectation as windowed-totals
export { default } from '../windowed-totals/conformance.config.ts';
