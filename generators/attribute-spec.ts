import fc from 'fast-check';
import { attributeValue, type AttributeType, type NativeValue } from './attribute-value.js';

/** What the user says about one attribute of the items (config `items.attributes`). */
export interface AttributeSpec {
  /** Always present (otherwise present or absent). */
  required?: boolean;
  /** The values it takes. */
  samples?: readonly NativeValue[];
  /** Its DynamoDB type. */
  type?: AttributeType;
  /** Strings matching this regular expression. */
  pattern?: string;
  /** Numbers from min to max (integers when both bounds are). */
  range?: readonly [number, number];
  /** Its values, as an arbitrary (TS/JS configs). */
  arbitrary?: fc.Arbitrary<NativeValue>;
  /** A per-key version that increases with every write of the key (deletes and re-creates included). */
  version?: boolean;
}

/** The values an attribute takes, from its spec; `seen` are its values in `items.samples`, if any. */
export function attributeSpecValues(spec: AttributeSpec, seen: readonly NativeValue[] = []): fc.Arbitrary<NativeValue> {
  if (spec.arbitrary) return spec.arbitrary;
  if (spec.samples && spec.samples.length > 0) return fc.constantFrom(...spec.samples);
  if (spec.pattern !== undefined) return fc.stringMatching(new RegExp(spec.pattern));
  if (spec.range) return rangeValues(spec.range);
  if (spec.type) return attributeValue({ types: [spec.type], maxDepth: 2 });
  if (seen.length > 0) return fc.constantFrom(...seen);
  return attributeValue();
}

function rangeValues([min, max]: readonly [number, number]): fc.Arbitrary<NativeValue> {
  if (Number.isInteger(min) && Number.isInteger(max) && Number.isSafeInteger(min) && Number.isSafeInteger(max)) return fc.integer({ min, max });
  // a few decimals: a DynamoDB number, never a denormal double it could not store
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => Math.min(max, Math.max(min, Math.round(v * 1e6) / 1e6)));
}

/** Names of the attributes declared as per-key versions. */
export function versionNames(specs: Readonly<Record<string, AttributeSpec>> | undefined): string[] {
  return Object.entries(specs ?? {}).filter(([, spec]) => spec.version === true).map(([name]) => name);
}
