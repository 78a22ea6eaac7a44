// Writes the blank XLSX template an office fills in by hand: one row per unit, one column per metric
// the framework reads. The period and framework travel in a hidden 'meta' sheet so that import can
// refuse a September template submitted as October's.
import ExcelJS from 'exceljs';
import type { Period } from '../../src/core/period.js';
import { periodLabel } from '../../src/core/period.js';
import { metricVocabulary, type MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import {
  DATA_SHEET_NAME,
  META_FRAMEWORK_KEY,
  META_PERIOD_KEY,
  META_SHEET_NAME,
  SEQUENCE_HEADER,
  UNIT_CODE_HEADER,
  UNIT_NAME_HEADER,
  metricHeader,
} from './template-layout.js';

export interface TemplateUnit {
  readonly code: string;
  readonly displayName: string;
}

/** The framework as the template names it (a loaded Framework fits). */
export interface TemplateFramework {
  readonly key: string;
  readonly title: string;
  readonly hash: string;
}

export interface WriteTemplateOptions {
  readonly framework: TemplateFramework;
  /** The metric keys the framework reads, one column each in this order (frameworkMetrics). */
  readonly metrics: readonly string[];
  readonly period: Period;
  readonly units: readonly TemplateUnit[];
  /** Path of the .xlsx file to write (overwritten). */
  readonly out: string;
  readonly vocabulary?: MetricVocabulary;
}

/** Where things landed in the written template (1-based rows and columns), for callers and tests. */
export interface WrittenTemplate {
  readonly path: string;
  readonly sheet: string;
  readonly headerRow: number;
  readonly metrics: readonly { readonly key: string; readonly column: number; readonly header: string }[];
  readonly units: readonly { readonly code: string; readonly row: number }[];
}

const TITLE_ROW = 1;
const NOTE_ROW = 2;
const HEADER_ROW = 3;
const FIRST_METRIC_COLUMN = 4;
const NOTE =
  'Nhập số hồ sơ (số nguyên không âm) vào các ô. Để trống ô chưa có số liệu; ghi 0 khi số liệu bằng 0. ' +
  'Không sửa tiêu đề cột: khóa trong dấu [ ] dùng để nhập số liệu vào hệ thống.';

/**
 * Writes the input template for one framework and month.
 * @example await writeTemplate({ framework, metrics: frameworkMetrics(framework), period, units, out: 'mau-2023-09.xlsx' })
 */
export async function writeTemplate(options: WriteTemplateOptions): Promise<WrittenTemplate> {
  const { framework, period, units, out } = options;
  const vocabulary = options.vocabulary ?? metricVocabulary();
  const seen = new Set<string>();
  for (const unit of units) {
    if (seen.has(unit.code)) throw new Error(`Mẫu nhập số liệu: đơn vị mã ${unit.code} xuất hiện hai lần trong danh sách đơn vị`);
    seen.add(unit.code);
  }
  const metrics = options.metrics.map((key, i) => {
    const definition = vocabulary.get(key);
    if (!definition) throw new Error(`Bộ chỉ số ${framework.key} dùng chỉ tiêu '${key}' không có trong schema/metrics.json`);
    return { key, column: FIRST_METRIC_COLUMN + i, header: metricHeader(definition.label, key) };
  });
  const lastColumn = FIRST_METRIC_COLUMN + metrics.length - 1;

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'dvc-sync';
  const sheet = workbook.addWorksheet(DATA_SHEET_NAME, {
    views: [{ state: 'frozen', xSplit: FIRST_METRIC_COLUMN - 1, ySplit: HEADER_ROW }],
  });

  sheet.getCell(TITLE_ROW, 1).value = `Mẫu nhập số liệu chấm điểm — ${framework.title} — ${periodLabel(period)}`;
  sheet.getCell(TITLE_ROW, 1).font = { bold: true, size: 14 };
  sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, lastColumn);
  sheet.getCell(NOTE_ROW, 1).value = NOTE;
  sheet.getCell(NOTE_ROW, 1).font = { italic: true };
  sheet.getCell(NOTE_ROW, 1).alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(NOTE_ROW, 1, NOTE_ROW, lastColumn);
  sheet.getRow(NOTE_ROW).height = 32;

  const header = sheet.getRow(HEADER_ROW);
  [SEQUENCE_HEADER, UNIT_CODE_HEADER, UNIT_NAME_HEADER, ...metrics.map((m) => m.header)].forEach((text, i) => {
    const cell = header.getCell(i + 1);
    cell.value = text;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = thinBorder;
  });
  header.height = 90;
  sheet.getColumn(1).width = 6;
  sheet.getColumn(2).width = 11;
  sheet.getColumn(3).width = 30;
  for (const metric of metrics) sheet.getColumn(metric.column).width = 20;

  const written = units.map((unit, i) => {
    const rowNumber = HEADER_ROW + 1 + i;
    const row = sheet.getRow(rowNumber);
    row.getCell(1).value = i + 1;
    // Codes keep their leading zero ('03124'): stored as text, formatted as text.
    row.getCell(2).value = unit.code;
    row.getCell(2).numFmt = '@';
    row.getCell(3).value = unit.displayName;
    for (let column = 1; column <= lastColumn; column++) row.getCell(column).border = thinBorder;
    for (const metric of metrics) {
      const cell = row.getCell(metric.column);
      cell.numFmt = '#,##0';
      cell.dataValidation = {
        type: 'whole',
        operator: 'greaterThanOrEqual',
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: 'Số liệu không hợp lệ',
        error: 'Nhập số hồ sơ là số nguyên không âm, hoặc để trống nếu chưa có số liệu.',
      };
    }
    return { code: unit.code, row: rowNumber };
  });

  const meta = workbook.addWorksheet(META_SHEET_NAME, { state: 'hidden' });
  meta.addRow(['Khóa', 'Giá trị']);
  meta.addRow([META_PERIOD_KEY, period]);
  meta.addRow([META_FRAMEWORK_KEY, framework.key]);
  meta.addRow(['framework_hash', framework.hash]);
  meta.getColumn(1).width = 16;
  meta.getColumn(2).width = 40;

  await workbook.xlsx.writeFile(out);
  return { path: out, sheet: DATA_SHEET_NAME, headerRow: HEADER_ROW, metrics, units: written };
}

const thinBorder: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
