// Reading numbers typed by people into spreadsheets: decimal commas ("9,8"), thousands dots
// ("1.234"), numbers stored as text, stray spaces, "-" or blank for "nothing entered".

export type CellNumber =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'blank' }
  | { readonly kind: 'invalid'; readonly found: string; readonly expected: string };

const BLANKS = new Set(['', '-', '–', '—', 'x', 'n/a']);

/**
 * Reads one cell as a number. With `integer` (counts of dossiers), a fractional value is invalid
 * and a separator followed by exactly three digits is read as a thousands separator.
 * @example parseCellNumber('1.234', { integer: true }) // { kind: 'number', value: 1234 }
 * @example parseCellNumber('9,8') // { kind: 'number', value: 9.8 }
 */
export function parseCellNumber(raw: unknown, options: { integer?: boolean } = {}): CellNumber {
  const integer = options.integer ?? false;
  const expected = integer ? 'một số nguyên không âm (số hồ sơ)' : 'một số';
  if (raw === null || raw === undefined) return { kind: 'blank' };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { kind: 'invalid', found: String(raw), expected };
    if (integer && (!Number.isInteger(raw) || raw < 0)) return { kind: 'invalid', found: String(raw), expected };
    return { kind: 'number', value: raw };
  }
  if (typeof raw === 'object') {
    // exceljs formula cells: { formula, result }; rich text: { richText: [{ text }] }.
    const cell = raw as { result?: unknown; richText?: { text: string }[]; text?: unknown };
    if ('result' in cell) return parseCellNumber(cell.result, options);
    if (Array.isArray(cell.richText)) return parseCellNumber(cell.richText.map((r) => r.text).join(''), options);
    if (typeof cell.text === 'string') return parseCellNumber(cell.text, options);
    return { kind: 'invalid', found: JSON.stringify(raw), expected };
  }
  const text = String(raw).replace(/[\s\u00a0\u202f]+/g, '');
  if (BLANKS.has(text.toLowerCase())) return { kind: 'blank' };
  const value = readNumberText(text, integer);
  if (value === null || (integer && (!Number.isInteger(value) || value < 0))) {
    return { kind: 'invalid', found: String(raw), expected };
  }
  return { kind: 'number', value };
}

function readNumberText(text: string, integer: boolean): number | null {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let normalised: string;
  if (/^\d+$/.test(body)) normalised = body;
  else if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(body)) normalised = body.replace(/\./g, '').replace(',', '.'); // 1.234.567,5
  else if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(body) && (integer || body.includes('.'))) normalised = body.replace(/,/g, ''); // 1,234,567.5
  else if (/^\d+,\d+$/.test(body)) normalised = body.replace(',', '.'); // 9,8
  else if (/^\d+\.\d+$/.test(body)) normalised = body; // 9.8 (not three digits after the dot)
  else return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? (negative ? -value : value) : null;
}
