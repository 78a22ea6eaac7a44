// Parsing a one-door summary export (XLSX or CSV): every sheet is examined; Biểu II.06a sheets give
// the eight progress metrics, 766 follow-up sheets give digitisation and online-payment counts.
//
// Decisions (also in the report to the lead):
// - "Tiếp nhận: Tổng số" may or may not include "Từ kỳ trước" depending on the vendor. Per sheet,
//   the reading that more rows satisfy wins (a tie, e.g. every carried-over count 0, means the
//   statutory reading: total = online + direct/postal + carried over); rows that satisfy neither
//   are problems.
// - A row whose own totals disagree with its parts is quarantined whole: none of its metrics is
//   emitted, because we cannot tell whether the parts or the total were mistyped.
// - A row with any unreadable number is quarantined whole too (one problem per bad cell).
// - A blank cell is unknown: the metric is emitted with value null, never 0.
// - The same (unit, metric) twice in a file: the first row wins, later ones are problems.
// - Rows whose unit is not in the registry and whose numbers are all blank are section headings
//   ("I. Cấp xã") and are skipped; with numbers they are problems naming the closest units.
import { basename } from 'node:path';
import { parseCellNumber } from '../cell-number.js';
import { UnreadableSourceError, type ArchivedCapture, type MetricRow, type ParseContext, type ParseEvent, type ParseProblem, type RawCapture } from '../../src/core/connector-contract.js';
import { periodLabel, type Period } from '../../src/core/period.js';
import { foldHeader } from './header-text.js';
import { findOneDoorHeader, ONE_DOOR_COLUMN_LABELS, type OneDoorColumn, type OneDoorHeader } from './one-door-layout.js';
import { statedPeriod } from './report-period-title.js';
import { cellText, columnLetter } from './sheet-cell.js';
import { readCsvGrid, readWorkbookGrids, type GridRow, type SheetGrid } from './sheet-grid.js';
import { spreadsheetFormat } from './spreadsheet-format.js';
import type { SourceLocation } from '../../src/core/source.js';
import { UnknownUnitError } from '../../src/core/unit-registry.js';

export type UnknownColumnPolicy = 'report' | 'ignore';

export interface OneDoorParseOptions {
  /** 'report' (default): one problem per unrecognised column; 'ignore': say nothing. */
  readonly unknownColumns?: UnknownColumnPolicy;
}

/** Which metrics each column feeds (totals feed none: they only check the parts). */
const METRICS_OF: Record<OneDoorColumn, readonly string[]> = {
  received_total: [],
  received_in_period: [],
  received_online: ['received_online'],
  received_offline: ['received_offline'],
  carried_over: ['carried_over'],
  resolved_total: [],
  resolved_early: ['resolved_early'],
  resolved_on_time: ['resolved_on_time'],
  resolved_late: ['resolved_late'],
  pending_total: [],
  pending_in_time: ['pending_in_time'],
  pending_late: ['pending_late'],
  received_base: ['components_digitized_base', 'reused_data_base'],
  components_digitized: ['components_digitized'],
  reused_data: ['reused_data'],
  resolved_base: ['result_digitized_base'],
  result_digitized: ['result_digitized'],
  fee_dossiers: ['fee_dossiers'],
  paid_online: ['paid_online'],
};

/** A data row with its numbers read: null = blank cell (unknown). */
interface ReadRow {
  readonly row: GridRow;
  readonly unitCode: string;
  readonly values: ReadonlyMap<OneDoorColumn, { readonly value: number | null; readonly column: number }>;
}

/**
 * Parses a one-door summary capture into metric rows and problems.
 * @example for await (const event of parseOneDoorExport(capture, { period, registry })) store(event);
 */
export async function* parseOneDoorExport(
  capture: RawCapture | ArchivedCapture,
  context: ParseContext,
  options: OneDoorParseOptions = {},
): AsyncGenerator<ParseEvent> {
  const file = capture.fileName ?? (capture.content.kind === 'file' ? basename(capture.content.path) : 'bieu-tong-hop');
  const format = await spreadsheetFormat(capture.content, capture.fileName, capture.mediaType);
  if (format === 'xls') {
    throw new UnreadableSourceError(`Tệp ${file} là định dạng Excel 97-2003 (.xls), không đọc được: hãy lưu lại thành .xlsx hoặc .csv`, { file });
  }
  const grids = format === 'csv' ? await readCsvGrid(capture.content, file) : await readWorkbookGrids(capture.content, file, context.limits);
  const policy = options.unknownColumns ?? 'report';
  const emitted = new Set<string>();
  const skipped: ParseProblem[] = [];
  let readable = 0;
  for (const grid of grids) {
    const located = (extra: SourceLocation = {}): SourceLocation => (grid.name === null ? { file, ...extra } : { file, sheet: grid.name, ...extra });
    const where = grid.name === null ? `Tệp ${file}` : `Tệp ${file}, trang '${grid.name}'`;
    const header = findOneDoorHeader(grid.rows);
    if (header.kind === 'no-header' || header.kind === 'no-metric-columns') {
      if (grid.rows.some((r) => r.cells.some((v) => cellText(v) !== ''))) {
        const found = header.kind === 'no-metric-columns' ? foundHeaders(header.labels) : null;
        skipped.push({
          location: located(header.kind === 'no-metric-columns' ? { row: grid.rows[header.headerIndex]!.number } : {}),
          found,
          expected: 'Biểu II.06a (Tiếp nhận, Đã giải quyết, Đang giải quyết) hoặc bảng theo dõi 766 (số hóa, thanh toán trực tuyến)',
          reason: `${where}: không có bảng số liệu nhận biết được nên được bỏ qua`,
        });
      }
      continue;
    }
    if (header.kind === 'no-unit-column' || header.kind === 'missing-columns') {
      const row = grid.rows[header.headerIndex]!.number;
      const missing = header.kind === 'no-unit-column' ? "'Tên đơn vị' (hoặc 'Đơn vị', 'Lĩnh vực, công việc giải quyết theo cấp')" : header.missing.map((k) => `'${ONE_DOOR_COLUMN_LABELS[k]}'`).join(', ');
      throw new UnreadableSourceError(`${where}: thiếu cột bắt buộc ${missing}; các cột tìm thấy ở dòng ${row}: ${foundHeaders(header.labels)}`, located({ row }));
    }
    readable++;
    checkTitlePeriod(grid, header, context.period, where, located);
    if (policy === 'report') {
      for (const { column, label } of header.unknown) {
        yield {
          kind: 'problem',
          problem: {
            location: located({ row: grid.rows[header.headerIndex]!.number, column: columnLetter(column + 1) }),
            found: label,
            expected: `một cột của ${header.kind === 'summary' ? 'Biểu II.06a' : 'bảng theo dõi 766'}`,
            reason: `${where}: cột '${label}' không được nhận biết nên bị bỏ qua`,
          },
        };
      }
    }
    yield* parseSheetRows(grid, header, context, located, emitted);
  }
  if (readable === 0) {
    const names = grids.map((g) => (g.name === null ? file : `'${g.name}'`)).join(', ');
    throw new UnreadableSourceError(
      `Tệp ${file}: không trang nào có Biểu II.06a hoặc bảng theo dõi 766 (cần cột 'Tên đơn vị' và các cột Tiếp nhận / Đã giải quyết / Đang giải quyết, hoặc số hóa / thanh toán trực tuyến); đã xem: ${names}`,
      { file },
    );
  }
  for (const problem of skipped) yield { kind: 'problem', problem };
}

function foundHeaders(labels: readonly string[]): string {
  const shown = labels.filter((l) => l.trim() !== '').map((l) => `'${l}'`);
  return shown.length ? shown.join(', ') : '(không có)';
}

/** A title above the header that states a period must state the requested month. */
function checkTitlePeriod(grid: SheetGrid, header: OneDoorHeader, period: Period, where: string, located: (extra?: SourceLocation) => SourceLocation): void {
  for (let i = 0; i < header.headerIndex; i++) {
    const row = grid.rows[i]!;
    for (let c = 0; c < row.cells.length; c++) {
      const text = cellText(row.cells[c]);
      if (text === '') continue;
      const stated = statedPeriod(text);
      if (stated === null) continue;
      const cell = `${columnLetter(c + 1)}${row.number}`;
      if (stated.kind === 'not-a-month') {
        throw new UnreadableSourceError(
          `${where}, ô ${cell}: tiêu đề '${text}' không nêu trọn một tháng (${stated.why}); cần số liệu ${periodLabel(period)}`,
          located({ row: row.number, column: columnLetter(c + 1) }),
        );
      }
      if (stated.period !== period) {
        throw new UnreadableSourceError(
          `${where}, ô ${cell}: tiêu đề ghi '${text}' (${stated.period}) nhưng kỳ cần nạp là ${periodLabel(period)} (${period})`,
          located({ row: row.number, column: columnLetter(c + 1) }),
        );
      }
      return; // merged title cells repeat the same text: the first statement decides
    }
  }
}

function* parseSheetRows(
  grid: SheetGrid,
  header: OneDoorHeader,
  context: ParseContext,
  located: (extra?: SourceLocation) => SourceLocation,
  emitted: Set<string>,
): Generator<ParseEvent> {
  const good: ReadRow[] = [];
  for (let i = header.dataStart; i < grid.rows.length; i++) {
    const row = grid.rows[i]!;
    const texts = row.cells.map(cellText);
    if (texts.every((t) => t === '')) continue; // spacer row
    const unitName = texts[header.unitColumn] ?? '';
    const code = header.codeColumn === null ? '' : (texts[header.codeColumn] ?? '');
    if (isTotalsRow(unitName, texts)) continue;

    const values = new Map<OneDoorColumn, { value: number | null; column: number }>();
    const problems: ParseProblem[] = [];
    for (const [column, key] of header.columns) {
      const read = parseCellNumber(row.cells[column], { integer: true });
      if (read.kind === 'invalid') {
        problems.push({
          location: located({ row: row.number, column: columnLetter(column + 1) }),
          found: read.found,
          expected: read.expected,
          reason: `Dòng ${row.number} (${unitName || 'không tên'}): ô cột '${header.labels[column]}' không phải số hồ sơ; cả dòng không được nạp`,
        });
      } else values.set(key, { value: read.kind === 'number' ? read.value : null, column });
    }
    const allBlank = problems.length === 0 && [...values.values()].every((v) => v.value === null);

    let unitCode: string;
    try {
      unitCode = context.registry.match({ code, name: unitName }, context.period).unit.code;
    } catch (error) {
      if (!(error instanceof UnknownUnitError)) throw error;
      if (allBlank) continue; // a section heading such as "I. Cấp xã"
      yield {
        kind: 'problem',
        problem: {
          location: located({ row: row.number, column: columnLetter(header.unitColumn + 1) }),
          found: unitName || code || null,
          expected: error.closest.length ? error.closest.join('; ') : 'một đơn vị trong danh mục',
          reason: `Dòng ${row.number}: ${error.message}; dòng không được nạp`,
        },
      };
      continue;
    }
    if (problems.length) {
      for (const problem of problems) yield { kind: 'problem', problem };
      continue;
    }
    good.push({ row, unitCode, values });
  }

  const includesCarried = header.kind === 'summary' ? receivedTotalIncludesCarried(good) : true;
  for (const read of good) {
    const mismatch = totalsMismatch(read, includesCarried, header);
    if (mismatch) {
      yield { kind: 'problem', problem: { ...mismatch, location: located(mismatch.location) } };
      continue;
    }
    for (const [key, { value, column }] of read.values) {
      for (const metric of METRICS_OF[key]) {
        const id = `${read.unitCode}|${metric}`;
        const location = located({ row: read.row.number, column: columnLetter(column + 1) });
        if (emitted.has(id)) {
          yield {
            kind: 'problem',
            problem: {
              location,
              found: value === null ? null : String(value),
              expected: 'mỗi đơn vị một dòng',
              reason: `Đơn vị ${read.unitCode} đã có số liệu '${metric}' ở dòng trước trong tệp; dòng ${read.row.number} bị bỏ qua cho chỉ tiêu này`,
            },
          };
          continue;
        }
        emitted.add(id);
        const metricRow: MetricRow = { period: context.period, unitCode: read.unitCode, metric, value, location };
        yield { kind: 'metric', row: metricRow };
      }
    }
  }
}

function isTotalsRow(unitName: string, texts: readonly string[]): boolean {
  const label = foldHeader(unitName || texts.find((t) => t !== '' && !/^\d+$/.test(t)) || '');
  return /^(tong cong|tong so|tong|cong|toan (tinh|huyen|thanh pho|thi xa|quan))\b/.test(label);
}

const numberOf = (read: ReadRow, key: OneDoorColumn): number | null => read.values.get(key)?.value ?? null;

/**
 * Whether "Tiếp nhận: Tổng số" counts carried-over dossiers, decided by the rows themselves
 * (ties go to the statutory form's definition, which includes them).
 */
function receivedTotalIncludesCarried(rows: readonly ReadRow[]): boolean {
  let including = 0;
  let excluding = 0;
  for (const read of rows) {
    const total = numberOf(read, 'received_total');
    const online = numberOf(read, 'received_online');
    const offline = numberOf(read, 'received_offline');
    const carried = numberOf(read, 'carried_over');
    if (total === null || online === null || offline === null || carried === null) continue;
    if (total === online + offline + carried) including++;
    if (total === online + offline) excluding++;
  }
  return including >= excluding;
}

/** The first total of the row that disagrees with its parts, as a problem (location relative). */
function totalsMismatch(read: ReadRow, includesCarried: boolean, header: OneDoorHeader): ParseProblem | null {
  const checks: [OneDoorColumn, OneDoorColumn[], string][] = [
    includesCarried
      ? ['received_total', ['received_online', 'received_offline', 'carried_over'], 'Trực tuyến + Trực tiếp, dịch vụ bưu chính + Từ kỳ trước']
      : ['received_total', ['received_online', 'received_offline'], 'Trực tuyến + Trực tiếp, dịch vụ bưu chính'],
    ['received_in_period', ['received_online', 'received_offline'], 'Trực tuyến + Trực tiếp, dịch vụ bưu chính'],
    ['resolved_total', ['resolved_early', 'resolved_on_time', 'resolved_late'], 'Trước hạn + Đúng hạn + Quá hạn'],
    ['pending_total', ['pending_in_time', 'pending_late'], 'Trong hạn + Quá hạn'],
  ];
  for (const [totalKey, partKeys, formula] of checks) {
    const total = read.values.get(totalKey);
    if (!total || total.value === null) continue;
    const parts = partKeys.map((k) => numberOf(read, k));
    if (parts.some((p) => p === null)) continue; // a blank part cannot be checked
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (sum === total.value) continue;
    return {
      location: { row: read.row.number, column: columnLetter(total.column + 1) },
      found: `${ONE_DOOR_COLUMN_LABELS[totalKey]} = ${total.value}`,
      expected: `${formula} = ${sum}`,
      reason: `Dòng ${read.row.number} (${cellText(read.row.cells[header.unitColumn])}): tổng số không khớp với các phần; cả dòng không được nạp`,
    };
  }
  return null;
}
