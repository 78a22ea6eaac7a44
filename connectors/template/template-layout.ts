// The manual input template's layout, shared by the writer and the reader: sheet names, the
// hidden 'meta' sheet, and how a column header names its metric ("Label [metric_key]").

/** The sheet the offices type into. */
export const DATA_SHEET_NAME = 'Số liệu';
/** Hidden sheet holding what import checks: the period and the framework the template was made for. */
export const META_SHEET_NAME = 'meta';
export const META_PERIOD_KEY = 'period';
export const META_FRAMEWORK_KEY = 'framework';

export const SEQUENCE_HEADER = 'STT';
export const UNIT_CODE_HEADER = 'Mã đơn vị';
export const UNIT_NAME_HEADER = 'Tên đơn vị';

/** The header that makes a CSV a long template (one value per line). */
export const LONG_COLUMNS = ['period', 'unit_code', 'unit_name', 'metric', 'value'] as const;

/**
 * The header of a metric column: the Vietnamese label for people, the key in brackets for import.
 * @example metricHeader('Hồ sơ từ kỳ trước chuyển qua', 'carried_over') // 'Hồ sơ từ kỳ trước chuyển qua [carried_over]'
 */
export function metricHeader(label: string, key: string): string {
  return `${label} [${key}]`;
}

/**
 * Splits a metric header into the bracketed key (when present) and the label before it.
 * @example splitMetricHeader('Hồ sơ ... [carried_over] ') // { label: 'Hồ sơ ...', key: 'carried_over' }
 */
export function splitMetricHeader(header: string): { label: string; key: string | null } {
  const text = header.normalize('NFC').replace(/[\s\u00a0]+/g, ' ').trim();
  const match = /^(.*?)\s*\[\s*([A-Za-z][A-Za-z0-9_]*)\s*\]$/.exec(text);
  return match ? { label: match[1]!, key: match[2]!.toLowerCase() } : { label: text, key: null };
}

/**
 * Folds a header or label for comparison: NFC, lower case, no whitespace at all (people break
 * long headers over lines and add or drop spaces), trailing ':' removed.
 * @example headerKey('Tên  đơn vị:') === headerKey('tên đơn vị') // true
 */
export function headerKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[\s\u00a0\u202f]+/g, '').replace(/[:.]+$/, '');
}

const UNIT_CODE_KEYS = new Set(['mã đơn vị', 'mã đvhc', 'mã đơn vị hành chính', 'mã định danh'].map(headerKey));
const UNIT_NAME_KEYS = new Set(['tên đơn vị', 'đơn vị', 'tên đvhc', 'đơn vị hành chính'].map(headerKey));
/** Columns people add that carry no metric and are not worth a warning. */
const IGNORED_KEYS = new Set(['stt', 'tt', 'số tt', 'số thứ tự', 'ghi chú'].map(headerKey));

export type HeaderRole = 'unit-code' | 'unit-name' | 'ignored' | 'other';

/** What a non-metric header is: the unit code, the unit name, a known column to skip, or something else. */
export function headerRole(header: string): HeaderRole {
  const key = headerKey(header);
  if (UNIT_CODE_KEYS.has(key)) return 'unit-code';
  if (UNIT_NAME_KEYS.has(key)) return 'unit-name';
  if (IGNORED_KEYS.has(key)) return 'ignored';
  return 'other';
}

/**
 * Spreadsheet column letters for a 1-based column number.
 * @example columnLetter(28) // 'AB'
 */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
