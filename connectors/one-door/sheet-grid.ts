// Loading a summary export (small: one row per unit) as grids of cell values, one per sheet.
// XLSX through exceljs's in-memory reader, so merged header cells read their master's value;
// CSV through the same splitter as dossier lists (one grid, no sheet name).
import ExcelJS from 'exceljs';
import { openContent, readContent, UnreadableSourceError, type CaptureContent } from '../../src/core/connector-contract.js';
import { csvAsUtf8 } from '../csv-text-encoding.js';
import { assertXlsxWithinLimits } from '../xlsx-inspection.js';
import type { InputLimits } from '../../src/core/input-limits.js';
import { CsvFormatError, CsvRecordSplitter, detectCsvDelimiter, type CsvRecord } from '../dossier-list/csv-record-splitter.js';

export interface GridRow {
  /** Row number as the operator sees it (XLSX row; CSV physical line where the record starts). */
  readonly number: number;
  /** Cell values by 0-based column. */
  readonly cells: readonly unknown[];
}

export interface SheetGrid {
  /** Sheet name; null for CSV. */
  readonly name: string | null;
  readonly rows: readonly GridRow[];
}

/** More rows than any summary of units has: a file this long is a dossier list, not a summary. */
const MAX_SUMMARY_ROWS = 50_000;

/**
 * Reads every sheet of an XLSX workbook as a grid.
 * @example const grids = await readWorkbookGrids({ kind: 'file', path: 'bieu-ii06a.xlsx' }, 'bieu-ii06a.xlsx')
 */
export async function readWorkbookGrids(content: CaptureContent, file: string, limits?: InputLimits): Promise<SheetGrid[]> {
  // Loaded whole: a sheet that inflates past the in-memory limit is refused before it is opened.
  await assertXlsxWithinLimits(content, file, limits, { inMemory: true });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.read(openContent(content));
  } catch (error) {
    throw new UnreadableSourceError(`Tệp ${file} không mở được như bảng tính Excel (.xlsx): ${(error as Error).message}`, { file });
  }
  return workbook.worksheets.map((worksheet) => {
    if (worksheet.rowCount > MAX_SUMMARY_ROWS) {
      throw new UnreadableSourceError(
        `Tệp ${file}, trang '${worksheet.name}': ${worksheet.rowCount} dòng, quá nhiều cho một bảng tổng hợp theo đơn vị; danh sách từng hồ sơ hãy nạp bằng nguồn 'dossier-list'`,
        { file, sheet: worksheet.name },
      );
    }
    const rows: GridRow[] = [];
    const width = worksheet.columnCount;
    for (let r = 1; r <= worksheet.rowCount; r++) {
      const cells: unknown[] = [];
      // getCell on a merged slave returns the master's value: merged group headers repeat across.
      for (let c = 1; c <= width; c++) cells.push(worksheet.getCell(r, c).value);
      rows.push({ number: r, cells });
    }
    return { name: worksheet.name, rows };
  });
}

/**
 * Reads a CSV export as one grid of strings.
 * @example const [grid] = await readCsvGrid({ kind: 'file', path: 'bieu.csv' }, 'bieu.csv')
 */
export async function readCsvGrid(content: CaptureContent, file: string): Promise<SheetGrid[]> {
  const rows: GridRow[] = [];
  const bytes = csvAsUtf8(await readContent(content), file);
  const splitter = new CsvRecordSplitter(undefined, detectCsvDelimiter(bytes));
  const onRecord = (record: CsvRecord): void => {
    if (rows.length >= MAX_SUMMARY_ROWS) {
      throw new UnreadableSourceError(`Tệp ${file}: quá nhiều dòng cho một bảng tổng hợp theo đơn vị; danh sách từng hồ sơ hãy nạp bằng nguồn 'dossier-list'`, { file });
    }
    rows.push({ number: record.line, cells: Array.from({ length: record.fieldCount }, (_, i) => record.text(i)) });
  };
  try {
    splitter.push(bytes, onRecord);
    splitter.finish(onRecord);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new UnreadableSourceError(`Tệp ${file}: ${error.message}`, { file, row: error.line });
    throw error;
  }
  return [{ name: null, rows }];
}
