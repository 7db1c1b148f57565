/**
 * DynamoDB numbers as decimals: a sign, significant digits and the power of ten of the leading
 * digit. DynamoDB stores and returns them normalised (no exponent, no leading or trailing zeros),
 * which is what `formatDecimal` renders.
 */
export interface Decimal {
  negative: boolean;
  /** Significant digits without leading or trailing zeros; '' for zero. */
  digits: string;
  /** Power of ten of the leading digit (1.5 → 0, 150 → 2, 0.015 → -2). */
  exponent: number;
}

export const MAX_SIGNIFICANT_DIGITS = 38;
export const MIN_EXPONENT = -130;
export const MAX_EXPONENT = 125;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

export function parseDecimal(text: string): Decimal {
  const match = DECIMAL.exec(text.trim());
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new Error(`Not a decimal number: ${text}`);
  }
  const whole = match[2] ?? '';
  const all = whole + (match[3] ?? '');
  const leadingZeros = all.length - all.replace(/^0+/, '').length;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (digits === '') return { negative: false, digits: '', exponent: 0 };
  return {
    negative: match[1] === '-',
    digits,
    exponent: whole.length - 1 - leadingZeros + Number(match[4] ?? '0'),
  };
}

/** Plain notation, the way DynamoDB returns numbers. */
export function formatDecimal({ negative, digits, exponent }: Decimal): string {
  if (digits === '') return '0';
  const sign = negative ? '-' : '';
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const wholeLength = exponent + 1;
  if (digits.length <= wholeLength) return sign + digits.padEnd(wholeLength, '0');
  return `${sign}${digits.slice(0, wholeLength)}.${digits.slice(wholeLength)}`;
}

export function canonicalNumber(text: string): string {
  return formatDecimal(parseDecimal(text));
}

/** Whether DynamoDB accepts the number: ≤ 38 significant digits, magnitude within 1E-130..9.99E+125. */
export function isValidDynamoDBNumber(text: string): boolean {
  const { digits, exponent } = parseDecimal(text);
  if (digits === '') return true;
  return digits.length <= MAX_SIGNIFICANT_DIGITS && exponent >= MIN_EXPONENT && exponent <= MAX_EXPONENT;
}
