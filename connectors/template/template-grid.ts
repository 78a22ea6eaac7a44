// Reads a filled template (XLSX or CSV) into plain grids of cell values, so that the wide and the
// long readers work the same on both formats. Templates are small: whole-file reads are fine.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { UnreadableSourceError } from '../../src/core/connector-contract.js';
import { csvText } from '../csv-text-encoding.js';
import { assertXlsxWithinLimits } from '../xlsx-inspection.js';
import type { InputLimits } from '../../src/core/input-limits.js';

/** A cell as the readers see it: text, a number, or nothing. */
export type GridCell = string | number | null;

export interface GridRow {
  /** 1-based row (XLSX) or line (CSV) number, as the operator sees it. */
  readonly number: number;
  /** Index 0 is column A. */
  readonly cells: readonly GridCell[];
}

export interface SheetGrid {
  readonly format: TemplateFormat;
  /** Sheet name; null for CSV. */
  readonly sheet: string | null;
  /** The CSV delimiter found by sniffing; null for XLSX. */
  readonly delimiter: string | null;
  readonly hidden: boolean;
  readonly rows: readonly GridRow[];
}

export type TemplateFormat = 'xlsx' | 'csv';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** Excel 97-2003 files are OLE2 compound documents. */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

/** Recognises an XLSX (a zip) by its first bytes, whatever the file is called. */
export function looksLikeXlsx(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * Reads an XLSX or CSV file's bytes into grids (one per sheet).
 * @example (await readTemplateGrids(bytes, 'so-lieu.csv'))[0].rows[0].cells // ['Mã đơn vị', ...]
 */
export async function readTemplateGrids(bytes: Uint8Array, file: string, limits?: InputLimits): Promise<SheetGrid[]> {
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new UnreadableSourceError(
      `Tệp ${file} là tệp Excel 97-2003 (.xls), chưa đọc được. Hãy mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook).`,
      { file },
    );
  }
  if (looksLikeXlsx(bytes)) {
    // Loaded whole: a sheet that inflates past the in-memory limit is refused before it is opened.
    await assertXlsxWithinLimits({ kind: 'bytes', bytes }, file, limits, { inMemory: true });
    return readXlsxGrids(bytes, file);
  }
  return [readCsvGrid(bytes, file)];
}

/**
 * The non-empty fields a CSV row has beyond its header's width, or null. In a CSV they mean the
 * row is split wrongly (typically an unquoted decimal comma, "9,8"), so every value after the
 * split sits in the wrong column: the row must not be read. XLSX cells cannot shift that way.
 * @example csvOverflow(grid, { number: 5, cells: ['03124', 'Noong Bua', '9', '8'] }, 3) // '8'
 */
export function csvOverflow(grid: SheetGrid, row: GridRow, width: number): string | null {
  if (grid.format !== 'csv') return null;
  const extra = row.cells.slice(width).filter((cell) => cell !== null && String(cell).trim() !== '');
  return extra.length > 0 ? extra.join(grid.delimiter ?? ',') : null;
}

/** Number of columns up to the last non-empty header cell. */
export function headerWidth(row: GridRow): number {
  let width = row.cells.length;
  while (width > 0 && (row.cells[width - 1] === null || String(row.cells[width - 1]).trim() === '')) width--;
  return width;
}

async function readXlsxGrids(bytes: Uint8Array, file: string): Promise<SheetGrid[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs's typings want its own Buffer flavour; a Node Buffer is what it reads.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new UnreadableSourceError(
      `Không đọc được tệp Excel ${file}: ${(error as Error).message}. Cần tệp .xlsx (Excel 2007 trở lên); hãy mở và lưu lại bằng Excel.`,
      { file },
    );
  }
  return workbook.worksheets.map((worksheet) => {
    const rows: GridRow[] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: GridCell[] = [];
      row.eachCell({ includeEmpty: false }, (cell, column) => {
        cells[column - 1] = excelCellValue(cell.value);
      });
      for (let i = 0; i < cells.length; i++) cells[i] ??= null;
      rows.push({ number: rowNumber, cells });
    });
    return { format: 'xlsx', sheet: worksheet.name, delimiter: null, hidden: worksheet.state !== 'visible', rows };
  });
}

/** Flattens exceljs's value shapes (formula, rich text, hyperlink, error, date) to text or number. */
function excelCellValue(value: ExcelJS.CellValue | undefined): GridCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: ExcelJS.CellValue }).result;
    // A formula saved without its computed value (written by a program, never opened in Excel):
    // show the formula so the operator knows why the cell is not a number.
    if (result === undefined || result === null) {
      const formula = 'formula' in value ? value.formula : (value as { sharedFormula: string }).sharedFormula;
      return `=${formula}`;
    }
    return excelCellValue(result);
  }
  if ('text' in value) {
    const text = (value as { text: unknown }).text;
    return typeof text === 'string' ? text : excelCellValue(text as ExcelJS.CellValue);
  }
  return JSON.stringify(value);
}

function readCsvGrid(bytes: Uint8Array, file: string): SheetGrid {
  const text = csvText(bytes, file);
  const delimiter = sniffDelimiter(text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, csv-parse returns { record, info } objects; its typings only know plain records.
    records = parseCsv(text, { delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as unknown as typeof records;
  } catch (error) {
    throw new UnreadableSourceError(`Không đọc được tệp CSV ${file}: ${(error as Error).message}`, { file });
  }
  const rows: GridRow[] = [];
  let previousEnd = 0;
  for (const { record, info } of records) {
    // A quoted field may span lines: the record starts right after the previous one ended.
    rows.push({ number: previousEnd + 1, cells: record.map((cell) => (cell === '' ? null : cell)) });
    previousEnd = info.lines;
  }
  return { format: 'csv', sheet: null, delimiter, hidden: false, rows };
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Picks the delimiter that splits some line of the first twenty into the most fields (outside
 * quotes): title rows above the header may contain commas, but the header row decides.
 */
function sniffDelimiter(text: string): string {
  const lines = text.split(/\r\n|\n|\r/).filter((line) => line.trim() !== '').slice(0, 20);
  let best: string = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = Math.max(0, ...lines.map((line) => countOutsideQuotes(line, delimiter)));
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count++;
  }
  return count;
}
