// The drop folder where operators put a month's exports: `<dir>/<YYYY-MM>/*.xlsx|xls|csv`. Each file
// is classified by its header (not its name) as a one-door summary or a dossier list, reading only
// the first rows.
import { readdir, stat } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { basename, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Period } from '../../src/core/period.js';
import { CsvRecordSplitter, detectCsvDelimiter, type CsvRecord } from '../dossier-list/csv-record-splitter.js';
import { looksLikeDossierHeader } from '../dossier-list/dossier-list-layout.js';
import { findOneDoorHeader } from './one-door-layout.js';
import { cellText } from './sheet-cell.js';
import type { GridRow } from './sheet-grid.js';
import { firstBytes, spreadsheetFormat, type SpreadsheetFormat } from './spreadsheet-format.js';
import { csvAsUtf8 } from '../csv-text-encoding.js';
import { assertXlsxWithinLimits } from '../xlsx-inspection.js';

export type DropFileKind = 'one-door' | 'dossier-list' | 'unknown';

export interface DropFolderFile {
  readonly path: string;
  readonly fileName: string;
  readonly format: SpreadsheetFormat;
  readonly kind: DropFileKind;
  /** Why a file is 'unknown'. */
  readonly reason?: string;
}

const EXTENSIONS = new Set(['.xlsx', '.xls', '.csv']);
const SNIFF_ROWS = 30;
const SNIFF_CSV_BYTES = 256 * 1024;

/**
 * Lists and classifies the files dropped for a month; a month without a folder has none.
 * @example await scanDropFolder('/srv/one-door', parsePeriod('2023-09')) // [{ fileName: 'bieu-ii06a.xlsx', kind: 'one-door', ... }]
 */
export async function scanDropFolder(dir: string, period: Period): Promise<DropFolderFile[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`Thư mục nhận tệp ${dir} không tồn tại hoặc không phải thư mục`);
  const monthDir = join(dir, period);
  const names = await readdir(monthDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw error;
  });
  const files: DropFolderFile[] = [];
  for (const fileName of names.sort()) {
    // "~$bieu.xlsx" is Excel's lock file of an open workbook, not an export.
    if (fileName.startsWith('~$') || !EXTENSIONS.has(extname(fileName).toLowerCase())) continue;
    const path = join(monthDir, fileName);
    if (!(await stat(path)).isFile()) continue;
    files.push(await classifyDroppedFile(path, fileName));
  }
  return files;
}

/**
 * Classifies one file by its header rows.
 * @example (await classifyDroppedFile('/srv/2023-09/ds.csv', 'ds.csv')).kind // 'dossier-list'
 */
export async function classifyDroppedFile(path: string, fileName: string): Promise<DropFolderFile> {
  const format = await spreadsheetFormat({ kind: 'file', path }, fileName);
  if (format === 'xls') return { path, fileName, format, kind: 'unknown', reason: 'định dạng Excel 97-2003 (.xls): hãy lưu lại thành .xlsx hoặc .csv' };
  try {
    const kind = format === 'csv' ? kindOfRows(await sniffCsv(path)) : await sniffXlsx(path);
    if (kind !== 'unknown') return { path, fileName, format, kind };
    return { path, fileName, format, kind: 'unknown', reason: `không nhận ra dòng tiêu đề trong ${SNIFF_ROWS} dòng đầu của trang nào` };
  } catch (error) {
    return { path, fileName, format, kind: 'unknown', reason: `không đọc được: ${(error as Error).message}` };
  }
}

function kindOfRows(rows: readonly GridRow[]): DropFileKind {
  if (rows.some((row) => looksLikeDossierHeader(row.cells.map(cellText)))) return 'dossier-list';
  const header = findOneDoorHeader(rows);
  return header.kind === 'summary' || header.kind === 'follow-up' || header.kind === 'missing-columns' ? 'one-door' : 'unknown';
}

async function sniffCsv(path: string): Promise<GridRow[]> {
  const rows: GridRow[] = [];
  const onRecord = (record: CsvRecord): void => {
    if (rows.length < SNIFF_ROWS) rows.push({ number: record.line, cells: Array.from({ length: record.fieldCount }, (_, i) => record.text(i)) });
  };
  const sample = await firstBytes({ kind: 'file', path }, SNIFF_CSV_BYTES);
  const whole = sample.length < SNIFF_CSV_BYTES || (await stat(path)).size <= SNIFF_CSV_BYTES;
  // Windows-1258 or UTF-16 are read as UTF-8; TCVN3/VNI are refused here with the fix.
  const bytes = csvAsUtf8(sample, basename(path), whole);
  const splitter = new CsvRecordSplitter(undefined, detectCsvDelimiter(bytes));
  splitter.push(bytes, onRecord);
  // The last line of a small file may lack its newline; a cut-off sample's last line is dropped.
  if (whole) splitter.finish(onRecord);
  return rows;
}

async function sniffXlsx(path: string): Promise<DropFileKind> {
  await assertXlsxWithinLimits({ kind: 'file', path }, basename(path), undefined, { inMemory: false });
  const stream = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  try {
    for await (const worksheet of reader) {
      const rows: GridRow[] = [];
      for await (const row of worksheet) {
        // A long sheet that is no list and no summary: stop here rather than inflate it all to reach
        // the next sheet (a workbook whose list is not its first long sheet needs --source).
        if (rows.length === SNIFF_ROWS) return kindOfRows(rows);
        rows.push({ number: row.number, cells: (row.values as unknown[]).slice(1) });
        if (rows.length === SNIFF_ROWS && kindOfRows(rows) !== 'unknown') return kindOfRows(rows);
      }
      const kind = kindOfRows(rows);
      if (kind !== 'unknown') return kind;
    }
    return 'unknown';
  } finally {
    stream.destroy();
  }
}
