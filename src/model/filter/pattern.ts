/** A JSON value a pattern leaf can compare with: what EventBridge calls a leaf of the event. */
export type Scalar = string | number | boolean | null;

/** One bound of a numeric range. */
export interface Bound {
  value: number;
  inclusive: boolean;
}

/** One entry of a leaf list, validated. */
export type ValueMatcher =
  | { kind: 'equals'; value: Scalar }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'suffix'; suffix: string }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'anything-but'; values: Scalar[] }
  | { kind: 'anything-but-prefix'; prefix: string }
  | { kind: 'anything-but-suffix'; suffix: string }
  | { kind: 'numeric'; lower?: Bound; upper?: Bound }
  | { kind: 'exists'; exists: boolean };

/** A validated pattern: objects AND their fields, leaves OR their matchers. */
export type PatternNode =
  | { kind: 'object'; fields: [name: string, node: PatternNode][] }
  | { kind: 'leaf'; matchers: ValueMatcher[] };

export type PatternObject = Extract<PatternNode, { kind: 'object' }>;
