// Strict, hand-written reading of the dates in dossier lists: `dd/MM/yyyy`, `dd/MM/yyyy HH:mm[:ss]`
// (also ISO `yyyy-MM-dd[ HH:mm[:ss]]`) and Excel date cells. A date is reduced to its calendar day
// in local time (Asia/Ho_Chi_Minh): counting a month only compares calendar dates. No regex and no
// Date parsing of strings: 31/02/2023 is an error, never 3 March, and it runs a million times a file.

/** Returned for an empty cell. */
export const DATE_BLANK = -1;
/** Returned for text that is not a valid date. */
export const DATE_INVALID = -2;

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (no validation).
 * @example dayNumber(2023, 9, 1) // 19601
 */
export function dayNumber(year: number, month: number, day: number): number {
  // Howard Hinnant's days_from_civil.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Number of days in a month of a year. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A day number written as `dd/MM/yyyy`, for messages.
 * @example formatDay(19601) // '01/09/2023'
 */
export function formatDay(day: number): string {
  const date = new Date(day * 86_400_000);
  const d = date.getUTCDate();
  const m = date.getUTCMonth() + 1;
  return `${d < 10 ? '0' : ''}${d}/${m < 10 ? '0' : ''}${m}/${date.getUTCFullYear()}`;
}

const MIN_YEAR = 1970;
const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const MAX_YEAR = 2199;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Reads the calendar day of a date written in bytes [start, end): a day number, DATE_BLANK or DATE_INVALID.
 * @example parseLocalDay(Buffer.from('05/09/2023 14:30'), 0, 16) // 19605
 */
export function parseLocalDay(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && (bytes[start] === 0x20 || bytes[start] === 0x09)) start++;
  while (end > start && (bytes[end - 1] === 0x20 || bytes[end - 1] === 0x09)) end--;
  if (start === end) return DATE_BLANK;
  let i = start;
  let year: number;
  let month: number;
  let day: number;
  if (end - start >= 10 && bytes[start + 4] === 0x2d) {
    // ISO yyyy-MM-dd
    for (const k of ISO_DIGITS) if (!isDigit(bytes[start + k]!)) return DATE_INVALID;
    if (bytes[start + 7] !== 0x2d) return DATE_INVALID;
    year = (bytes[start]! - 48) * 1000 + (bytes[start + 1]! - 48) * 100 + (bytes[start + 2]! - 48) * 10 + (bytes[start + 3]! - 48);
    month = (bytes[start + 5]! - 48) * 10 + (bytes[start + 6]! - 48);
    day = (bytes[start + 8]! - 48) * 10 + (bytes[start + 9]! - 48);
    i = start + 10;
    if (i < end && bytes[i] === 0x54) i++; // 'T' separator
    else if (i < end && bytes[i] !== 0x20) return DATE_INVALID;
  } else {
    // d/M/yyyy with one or two digits for day and month
    if (!isDigit(bytes[i]!)) return DATE_INVALID;
    day = bytes[i++]! - 48;
    if (i < end && isDigit(bytes[i]!)) day = day * 10 + (bytes[i++]! - 48);
    if (bytes[i] !== 0x2f) return DATE_INVALID;
    i++;
    if (i >= end || !isDigit(bytes[i]!)) return DATE_INVALID;
    month = bytes[i++]! - 48;
    if (i < end && isDigit(bytes[i]!)) month = month * 10 + (bytes[i++]! - 48);
    if (bytes[i] !== 0x2f) return DATE_INVALID;
    i++;
    if (end - i < 4) return DATE_INVALID;
    for (let k = 0; k < 4; k++) if (!isDigit(bytes[i + k]!)) return DATE_INVALID;
    year = (bytes[i]! - 48) * 1000 + (bytes[i + 1]! - 48) * 100 + (bytes[i + 2]! - 48) * 10 + (bytes[i + 3]! - 48);
    i += 4;
    if (i < end && bytes[i] !== 0x20) return DATE_INVALID;
  }
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return DATE_INVALID;
  if (i < end && !validTime(bytes, i, end)) return DATE_INVALID;
  return dayNumber(year, month, day);
}

/** Validates ` HH:mm[:ss]` (leading spaces already at `i`); the time itself is not needed. */
function validTime(bytes: Uint8Array, i: number, end: number): boolean {
  while (i < end && bytes[i] === 0x20) i++;
  const parts: number[] = [];
  while (i < end) {
    if (!isDigit(bytes[i]!)) return false;
    let value = bytes[i++]! - 48;
    if (i < end && isDigit(bytes[i]!)) value = value * 10 + (bytes[i++]! - 48);
    parts.push(value);
    if (i === end) break;
    if (bytes[i] !== 0x3a || parts.length === 3) return false;
    i++;
    if (i === end) return false;
  }
  if (parts.length < 2) return false;
  return parts[0]! <= 23 && parts[1]! <= 59 && (parts.length === 2 || parts[2]! <= 59);
}

/**
 * Reads the calendar day of a spreadsheet cell: a Date (exceljs gives Excel's wall clock in the
 * UTC fields, so no time-zone shift applies), a date serial number, or date text.
 * @example localDayOfCell(new Date(Date.UTC(2023, 8, 5, 23, 30))) // 19605 (5 September 2023)
 */
export function localDayOfCell(value: unknown): number {
  if (value === null || value === undefined) return DATE_BLANK;
  if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return DATE_INVALID;
    const day = Math.floor(time / 86_400_000);
    const year = value.getUTCFullYear();
    return year < MIN_YEAR || year > MAX_YEAR ? DATE_INVALID : day;
  }
  if (typeof value === 'number') {
    // An Excel serial (days since 1899-12-30) in a cell without a date format.
    if (!Number.isFinite(value) || value < 25569 || value >= 109575) return DATE_INVALID;
    return Math.floor(value) - 25569;
  }
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return parseLocalDay(bytes, 0, bytes.length);
  }
  if (typeof value === 'object') {
    const cell = value as { result?: unknown; richText?: { text: string }[]; text?: unknown };
    if ('result' in cell) return localDayOfCell(cell.result);
    if (Array.isArray(cell.richText)) return localDayOfCell(cell.richText.map((part) => part.text).join(''));
    if (typeof cell.text === 'string') return localDayOfCell(cell.text);
  }
  return DATE_INVALID;
}
