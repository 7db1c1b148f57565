/** Sequence numbers are decimal strings of 21–40 (DynamoDB) or up to 129 (Kinesis) digits: only BigInt compares them right. */
const digits = /^(0|[1-9][0-9]*)$/;

export function isSequenceNumber(value: unknown): value is string {
  return typeof value === 'string' && digits.test(value);
}

export function compareSequenceNumbers(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Left-pads to a fixed width so that string order equals numeric order (the form to store as a version). */
export function paddedSequenceNumber(sequenceNumber: string, width = 40): string {
  return sequenceNumber.padStart(width, '0');
}
