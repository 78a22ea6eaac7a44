// Reading spreadsheet cells as exceljs gives them (plain values, rich text, formulas with a cached
// result, hyperlinks) and naming columns the way operators see them in Excel.

/**
 * The text shown by a spreadsheet cell value (exceljs shapes or plain values), trimmed.
 * @example cellText({ richText: [{ text: 'Tên ' }, { text: 'đơn vị' }] }) // 'Tên đơn vị'
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((part) => part.text).join('').trim();
    if ('result' in cell) return cellText(cell.result);
    if (typeof cell.text === 'string') return cell.text.trim();
    if (typeof cell.error === 'string') return cell.error;
  }
  return '';
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
