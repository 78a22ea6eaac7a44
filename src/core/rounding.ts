// Display rounding for points and totals: half away from zero on the decimal value, so that
// 1.005 rounds to 1.01 even though the binary double is 1.00499999999999989...

/**
 * Rounds to `digits` decimals, half away from zero, on the value's shortest decimal form
 * (15 significant digits, which also absorbs float noise such as 71.50499999999999).
 * @example roundHalfAway(1.005, 2) // 1.01
 */
export function roundHalfAway(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const decimal = Number(Math.abs(value).toPrecision(15));
  const text = String(decimal);
  if (text.includes('e')) {
    // Very large or very small magnitudes: scaling by powers of ten is exact enough here.
    const factor = 10 ** digits;
    return (sign * Math.floor(decimal * factor + 0.5)) / factor;
  }
  const shifted = Number(`${text}e${digits}`);
  const rounded = Math.floor(shifted + 0.5);
  return sign * Number(`${rounded}e-${digits}`);
}

/**
 * Formats a number with a fixed count of decimals and a Vietnamese decimal comma.
 * @example formatDecimal(9.8, 1) // '9,8'
 */
export function formatDecimal(value: number, digits: number, decimalSeparator = ','): string {
  return roundHalfAway(value, digits).toFixed(digits).replace('.', decimalSeparator);
}
