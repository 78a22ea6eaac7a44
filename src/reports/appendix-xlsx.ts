// The appendix as an Excel workbook: the seed's title, three header levels with merged cells,
// units in rank order, numbers stored as numbers with 0.0 / 0.00 formats; then the evidence sheets.
import ExcelJS from 'exceljs';
import { periodLabel, type Period } from '../core/period.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import { addGroupSheets, addProvenanceSheet, type ProvenanceRow } from './appendix-evidence-xlsx.js';
import { appendixGroups, appendixRows, APPENDIX_TITLE, indicatorColumnLabel } from './appendix-layout.js';

export const APPENDIX_SHEET = 'Phụ lục';

const numberFormat = (digits: number) => (digits === 0 ? '0' : `0.${'0'.repeat(digits)}`);

/**
 * Adds the appendix sheet to a workbook (other report sheets may be added by the caller).
 * @example const wb = new ExcelJS.Workbook(); addAppendixSheet(wb, framework, snapshot, 'UBND thành phố Điện Biên Phủ')
 */
export function addAppendixSheet(workbook: ExcelJS.Workbook, framework: Framework, snapshot: Snapshot, authority?: string): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(APPENDIX_SHEET, { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const groups = appendixGroups(framework);
  const indicatorCount = framework.indicators.length;
  const lastColumn = 2 + indicatorCount + 3;
  const border: Partial<ExcelJS.Borders> = {
    top: { style: 'thin' },
    left: { style: 'thin' },
    bottom: { style: 'thin' },
    right: { style: 'thin' },
  };

  const title = `${APPENDIX_TITLE}${authority ? ` CỦA ${authority.toUpperCase()}` : ''} ${periodLabel(snapshot.period as Period).toUpperCase()}`;
  sheet.mergeCells(1, 1, 1, lastColumn);
  Object.assign(sheet.getCell(1, 1), { value: title, font: { bold: true, size: 13 }, alignment: { horizontal: 'center', vertical: 'middle', wrapText: true } });
  sheet.getRow(1).height = 48;
  sheet.mergeCells(2, 1, 2, lastColumn);
  Object.assign(sheet.getCell(2, 1), {
    value: `(Bộ chỉ số ${framework.key}; phiên bản ${snapshot.revision}, lập lúc ${snapshot.createdAt.toISOString()})`,
    font: { italic: true },
    alignment: { horizontal: 'center' },
  });

  // Header rows 4–6: level 1 (STT, name, single-indicator groups, "Điểm các chỉ số", totals),
  // level 2 (group labels), level 3 (indicator labels).
  const top = 4;
  const headerCell = (row: number, col: number, value: string) => {
    const cell = sheet.getCell(row, col);
    cell.value = value;
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
  };
  const merge = (r1: number, c1: number, r2: number, c2: number, value: string) => {
    if (r1 !== r2 || c1 !== c2) sheet.mergeCells(r1, c1, r2, c2);
    headerCell(r1, c1, value);
    for (let r = r1; r <= r2; r++) for (let c = c1; c <= c2; c++) sheet.getCell(r, c).border = border;
  };
  merge(top, 1, top + 2, 1, 'STT');
  merge(top, 2, top + 2, 2, 'Tên đơn vị');
  let col = 3;
  // "Điểm các chỉ số" spans each run of consecutive multi-indicator groups (qd766-2022 has two runs,
  // split by its single-indicator groups).
  let run: number | null = null;
  const closeRun = (end: number) => {
    if (run !== null) merge(top, run, top, end, 'Điểm các chỉ số');
    run = null;
  };
  for (const group of groups) {
    if (group.indicators.length === 1) {
      closeRun(col - 1);
      merge(top, col, top + 2, col, indicatorColumnLabel(group.indicators[0]!));
    } else {
      run ??= col;
      merge(top + 1, col, top + 1, col + group.indicators.length - 1, group.label);
      group.indicators.forEach((ind, i) => merge(top + 2, col + i, top + 2, col + i, indicatorColumnLabel(ind)));
    }
    col += group.indicators.length;
  }
  closeRun(col - 1);
  merge(top, col, top + 2, col, 'Điểm được');
  merge(top, col + 1, top + 2, col + 1, 'Tổng điểm quy đổi');
  merge(top, col + 2, top + 2, col + 2, 'Xếp loại');

  const orderedIndicators = groups.flatMap((g) => g.indicators);
  let rowIndex = top + 3;
  for (const r of appendixRows(framework, snapshot)) {
    const row = sheet.getRow(rowIndex++);
    row.getCell(1).value = r.rank;
    row.getCell(2).value = r.name;
    orderedIndicators.forEach((ind, i) => {
      const cell = row.getCell(3 + i);
      cell.value = r.points[ind.key] ?? null;
      cell.numFmt = numberFormat(framework.rounding.points);
    });
    const totalCell = row.getCell(3 + indicatorCount);
    totalCell.value = r.total;
    totalCell.numFmt = numberFormat(framework.rounding.total);
    const convertedCell = row.getCell(4 + indicatorCount);
    convertedCell.value = r.converted;
    convertedCell.numFmt = numberFormat(framework.rounding.converted);
    row.getCell(5 + indicatorCount).value = r.classificationShort;
    for (let c = 1; c <= lastColumn; c++) row.getCell(c).border = border;
  }
  sheet.getColumn(1).width = 5;
  sheet.getColumn(2).width = 30;
  for (let c = 3; c <= lastColumn; c++) sheet.getColumn(c).width = 11;
  sheet.views = [{ state: 'frozen', ySplit: top + 2, xSplit: 2 }];
  return sheet;
}

export interface AppendixWorkbookOptions {
  /** "UBND thành phố Điện Biên Phủ": completes the appendix title. */
  readonly authority?: string;
  /** The snapshot's inputs with their captures (snapshotInputs); adds the provenance sheet. */
  readonly provenance?: readonly ProvenanceRow[];
}

/**
 * Writes the appendix workbook to a file: 'Phụ lục', one evidence sheet per indicator group, and
 * the provenance sheet when `provenance` is given.
 * @example await writeAppendixXlsx(framework, snapshot, 'phu-luc-2023-09.xlsx', { provenance: await snapshotInputs(db, snapshot.id) })
 */
export async function writeAppendixXlsx(framework: Framework, snapshot: Snapshot, out: string, options: AppendixWorkbookOptions = {}): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dvc-sync';
  addAppendixSheet(workbook, framework, snapshot, options.authority);
  addGroupSheets(workbook, framework, snapshot);
  if (options.provenance) addProvenanceSheet(workbook, framework, snapshot, options.provenance);
  await workbook.xlsx.writeFile(out);
}
