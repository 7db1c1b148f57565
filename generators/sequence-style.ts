import fc from 'fast-check';

/**
 * How one shard's sequence numbers run. Numbers sit around 10^digits; the first
 * `crossPermille`‰ of the run stay below it (the last of them is 99…9) and the rest are above,
 * so most runs change digit count in the middle and break string comparison.
 */
export interface SequenceStyle {
  digits: number;
  /** 0: the whole run is above 10^digits; 1000: the whole run is below. */
  crossPermille: number;
  /** Where a run that stays above 10^digits starts, in ‰ of the way to 10^(digits+1). */
  offsetPermille: number;
  /** Gaps between consecutive numbers are 1..step+1. */
  step: bigint;
  /** Varies the gaps. */
  jitter: number;
}

export interface SequenceOptions {
  /** Fewest digits of a sequence number (default 21, DynamoDB's minimum). */
  minDigits?: number;
  /** Most digits of a sequence number (default 40, DynamoDB's maximum). */
  maxDigits?: number;
}

export const DYNAMODB_SEQUENCE_DIGITS = { minDigits: 21, maxDigits: 40 } as const;
/** Kinesis allows up to 129 digits; real ones have 56. */
export const KINESIS_SEQUENCE_DIGITS = { minDigits: 21, maxDigits: 129, typicalDigits: 56 } as const;

export function sequenceStyle(options: SequenceOptions = {}): fc.Arbitrary<SequenceStyle> {
  const minDigits = options.minDigits ?? DYNAMODB_SEQUENCE_DIGITS.minDigits;
  const maxDigits = options.maxDigits ?? DYNAMODB_SEQUENCE_DIGITS.maxDigits;
  const crossing = maxDigits > minDigits;
  return fc.record({
    digits: crossing ? fc.integer({ min: minDigits, max: maxDigits - 1 }) : fc.constant(minDigits - 1),
    crossPermille: crossing
      ? fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 1000 }) })
      : fc.constant(0),
    offsetPermille: fc.integer({ min: 0, max: 990 }),
    step: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    jitter: fc.nat({ max: 999 }),
  });
}

/** Mostly 56-digit runs like real Kinesis, sometimes any length up to 129 digits. */
export function kinesisSequenceStyle(options: { shardCount?: number } = {}): fc.Arbitrary<SequenceStyle> {
  const { minDigits, typicalDigits } = KINESIS_SEQUENCE_DIGITS;
  const shardCount = options.shardCount ?? 1;
  // room for the stream-wide scaling by the shard count (see kinesis-record.ts)
  const maxDigits = KINESIS_SEQUENCE_DIGITS.maxDigits - (shardCount > 1 ? String(shardCount).length : 0);
  return fc.oneof(
    { weight: 3, arbitrary: sequenceStyle({ minDigits: typicalDigits, maxDigits: typicalDigits }) },
    { weight: 1, arbitrary: sequenceStyle({ minDigits, maxDigits }) },
  );
}

function gap(style: SequenceStyle, index: number): bigint {
  const spread = BigInt((style.jitter * 31 + index * 7919) % 1000);
  return 1n + (style.step * spread) / 1000n;
}

/** `count` strictly increasing sequence numbers as decimal strings. */
export function renderSequence(style: SequenceStyle, count: number): string[] {
  const offsets: bigint[] = [];
  let offset = 0n;
  for (let i = 0; i < count; i++) {
    if (i > 0) offset += gap(style, i);
    offsets.push(offset);
  }
  const boundary = 10n ** BigInt(style.digits);
  const below = Math.floor((style.crossPermille * count) / 1000);
  const start =
    below === 0
      ? boundary + (9n * boundary * BigInt(style.offsetPermille)) / 1000n
      : boundary - 1n - (offsets[below - 1] ?? 0n);
  return offsets.map((o) => String(start + o));
}

/** Arbitrary of `count` strictly increasing DynamoDB sequence numbers (21–40 digits). */
export function sequenceNumbers(count: number, options: SequenceOptions = {}): fc.Arbitrary<string[]> {
  return sequenceStyle(options).map((style) => renderSequence(style, count));
}

/** Arbitrary of `count` strictly increasing Kinesis sequence numbers (typically 56 digits). */
export function kinesisSequenceNumbers(count: number): fc.Arbitrary<string[]> {
  return kinesisSequenceStyle().map((style) => renderSequence(style, count));
}
