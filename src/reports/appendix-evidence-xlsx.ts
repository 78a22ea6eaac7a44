// The evidence behind the appendix, as workbook sheets: one per indicator group with each unit's
// numerator, denominator, ratio and points per indicator (the same values as the JSON report), and a
// provenance sheet saying which capture or file supplied each value, when, with its sha256.
import type ExcelJS from 'exceljs';
import { roundHalfAway } from '../core/rounding.js';
import { periodLabel, type Period } from '../core/period.js';
import type { Framework, Indicator } from '../frameworks/framework.js';
import { metricVocabulary, type MetricVocabulary } from '../core/metric-vocabulary.js';
import type { IndicatorScore } from '../scoring/score-framework.js';
import type { Snapshot, snapshotInputs } from '../snapshots/snapshot-store.js';
import { indicatorColumnLabel, indicatorShortLabel } from './appendix-layout.js';

/** One provenance row, as snapshotInputs() returns it. */
export type ProvenanceRow = Awaited<ReturnType<typeof snapshotInputs>>[number];

export const PROVENANCE_SHEET = 'Nguồn số liệu';

export const STATUS_LABELS: Record<IndicatorScore['status'], string> = {
  measured: 'có số liệu',
  empty: 'mẫu số bằng 0',
  missing: 'thiếu số liệu',
};

/** The columns each indicator takes on a group sheet, in order. */
export const EVIDENCE_COLUMNS = ['Tử số', 'Mẫu số', 'Tỷ lệ', 'Điểm', 'Nguồn', 'Trạng thái'] as const;

const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

/**
 * A sheet name Excel accepts: at most 31 characters, none of : \ / ? * [ ], unique in the workbook.
 * @example sheetName(workbook, 'Nhóm số hoá hồ sơ') // 'Nhóm số hoá hồ sơ'
 */
export function sheetName(workbook: ExcelJS.Workbook, wanted: string): string {
  const base = wanted.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; workbook.getWorksheet(name); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  return name;
}

function ruleText(indicator: Indicator): string {
  const rule = indicator.rule.type === 'linear' ? `điểm = ${indicator.max} × tỷ lệ` : `điểm = ${indicator.max} × min(1, tỷ lệ / ${roundHalfAway(indicator.rule.target * 100, 1)}%)`;
  const empty = indicator.empty === 'max' ? 'tối đa' : indicator.empty === 'zero' ? '0 điểm' : 'không tính';
  return `${rule}; mẫu số bằng 0: ${empty}`;
}

function headerCell(sheet: ExcelJS.Worksheet, row: number, col: number, value: string): void {
  const cell = sheet.getCell(row, col);
  cell.value = value;
  cell.font = { bold: true };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  cell.border = border;
}

/**
 * Adds one sheet per indicator group (rows in rank order, from row 6).
 * @example addGroupSheets(workbook, framework, snapshot).map((s) => s.name) // ['Tiến độ, KQ giải quyết', …]
 */
export function addGroupSheets(workbook: ExcelJS.Workbook, framework: Framework, snapshot: Snapshot, vocabulary: MetricVocabulary = metricVocabulary()): ExcelJS.Worksheet[] {
  return framework.groups.map((group) => {
    const indicators = framework.indicators.filter((i) => i.group === group.key);
    const sheet = workbook.addWorksheet(sheetName(workbook, group.label), { pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    const width = 3 + indicators.length * EVIDENCE_COLUMNS.length;
    sheet.mergeCells(1, 1, 1, width);
    Object.assign(sheet.getCell(1, 1), {
      value: `${group.label.toUpperCase()} (${group.max} điểm): SỐ LIỆU VÀ ĐIỂM TỪNG CHỈ SỐ ${periodLabel(snapshot.period as Period).toUpperCase()}`,
      font: { bold: true, size: 13 },
      alignment: { horizontal: 'center', vertical: 'middle', wrapText: true },
    });
    sheet.mergeCells(2, 1, 2, width);
    Object.assign(sheet.getCell(2, 1), {
      value: `(Bộ chỉ số ${framework.key}; phiên bản ${snapshot.revision}; điểm làm tròn như Phụ lục, tỷ lệ giữ đủ độ chính xác)`,
      font: { italic: true },
      alignment: { horizontal: 'center' },
    });
    const top = 4;
    sheet.mergeCells(top, 1, top + 1, 1);
    headerCell(sheet, top, 1, 'STT');
    sheet.mergeCells(top, 2, top + 1, 2);
    headerCell(sheet, top, 2, 'Mã đơn vị');
    sheet.mergeCells(top, 3, top + 1, 3);
    headerCell(sheet, top, 3, 'Tên đơn vị');
    indicators.forEach((indicator, i) => {
      const first = 4 + i * EVIDENCE_COLUMNS.length;
      sheet.mergeCells(top, first, top, first + EVIDENCE_COLUMNS.length - 1);
      headerCell(sheet, top, first, `${indicatorColumnLabel(indicator)}: ${indicator.label}`);
      EVIDENCE_COLUMNS.forEach((label, j) => headerCell(sheet, top + 1, first + j, label));
    });
    snapshot.rows.forEach((row, r) => {
      const excelRow = sheet.getRow(top + 2 + r);
      excelRow.getCell(1).value = row.rank;
      excelRow.getCell(2).value = row.unitCode;
      excelRow.getCell(3).value = row.unitName;
      indicators.forEach((indicator, i) => {
        const s = row.indicators[indicator.key];
        const first = 4 + i * EVIDENCE_COLUMNS.length;
        const values: (number | string | null)[] = [
          s?.numerator ?? null,
          s?.denominator ?? null,
          s?.ratio ?? null,
          s?.points === null || s?.points === undefined ? null : roundHalfAway(s.points, framework.rounding.points),
          s?.source ?? null,
          STATUS_LABELS[s?.status ?? 'missing'],
        ];
        values.forEach((value, j) => {
          const cell = excelRow.getCell(first + j);
          cell.value = value;
          if (j === 2) cell.numFmt = '0.00%';
          if (j === 3) cell.numFmt = framework.rounding.points === 0 ? '0' : `0.${'0'.repeat(framework.rounding.points)}`;
        });
      });
      for (let c = 1; c <= width; c++) excelRow.getCell(c).border = border;
    });
    // How each indicator is computed, under the table: the metric labels of numerator and denominator.
    let line = top + 3 + snapshot.rows.length;
    sheet.getCell(line++, 1).value = 'Cách tính:';
    sheet.getCell(line - 1, 1).font = { bold: true };
    for (const indicator of indicators) {
      const labels = (keys: readonly string[]) => keys.map((k) => `${vocabulary.get(k)?.label ?? k} [${k}]`).join(' + ');
      sheet.getCell(line++, 2).value = `${indicatorShortLabel(indicator)} (${indicator.key}): tỷ lệ = (${labels(indicator.numerator)}) / (${labels(indicator.denominator)}); ${ruleText(indicator)}`;
    }
    sheet.getColumn(1).width = 5;
    sheet.getColumn(2).width = 9;
    sheet.getColumn(3).width = 28;
    for (let c = 4; c <= width; c++) sheet.getColumn(c).width = (c - 4) % EVIDENCE_COLUMNS.length >= 4 ? 13 : 9;
    sheet.views = [{ state: 'frozen', ySplit: top + 1, xSplit: 3 }];
    return sheet;
  });
}

/** Vietnam local time (UTC+7, no daylight saving) as dd/MM/yyyy HH:mm:ss. */
function vietnamTime(value: Date | string | null): string | null {
  if (value === null) return null;
  const local = new Date(new Date(value).getTime() + 7 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`;
}

/** The provenance sheet's column headers, in order. */
export const PROVENANCE_COLUMNS = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Chỉ tiêu',
  'Tên chỉ tiêu',
  'Giá trị',
  'Nguồn',
  'Dùng cho chỉ số',
  'Mã bản thu',
  'Tệp',
  'Thời điểm thu (giờ Việt Nam)',
  'SHA-256',
] as const;

/**
 * Adds the provenance sheet: one row per input value of the snapshot, with the indicators it fed.
 * @example addProvenanceSheet(workbook, framework, snapshot, await snapshotInputs(db, snapshot.id))
 */
export function addProvenanceSheet(
  workbook: ExcelJS.Workbook,
  framework: Framework,
  snapshot: Snapshot,
  provenance: readonly ProvenanceRow[],
  vocabulary: MetricVocabulary = metricVocabulary(),
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sheetName(workbook, PROVENANCE_SHEET));
  const names = new Map(snapshot.rows.map((r) => [r.unitCode, r]));
  sheet.addRow([...PROVENANCE_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  for (const p of provenance) {
    const row = names.get(p.unit_code);
    // An input feeds an indicator when that indicator reads the metric and its winning source is this one.
    const used = framework.indicators
      .filter((ind) => (ind.numerator.includes(p.metric) || ind.denominator.includes(p.metric)) && row?.indicators[ind.key]?.source === p.source)
      .map((ind) => ind.key)
      .join(', ');
    sheet.addRow([
      p.unit_code,
      row?.unitName ?? null,
      p.metric,
      vocabulary.get(p.metric)?.label ?? null,
      p.value,
      p.source,
      used || null,
      p.capture_id,
      p.file_name,
      vietnamTime(p.captured_at as Date | string | null),
      p.sha256,
    ]);
  }
  [10, 26, 26, 44, 9, 12, 18, 10, 28, 22, 66].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: PROVENANCE_COLUMNS.length } };
  return sheet;
}
