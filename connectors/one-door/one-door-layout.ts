// Finding and reading the header of a one-door summary sheet: the statutory form Biểu II.06a/VPCP/KSTT
// (two header rows, group cells merged across their sub-columns) and the vendors' 766 follow-up
// sheets (digitisation, online payment). Columns are recognised by keywords on folded header text,
// so "Tiếp nhận / Trực tuyến" and a single "Tiếp nhận trực tuyến" header mean the same column.
import { parseCellNumber } from '../cell-number.js';
import { foldHeader } from './header-text.js';
import { cellText } from './sheet-cell.js';
import type { GridRow } from './sheet-grid.js';

/** What a column holds: a metric, or a total used only to check the parts. */
export type OneDoorColumn =
  | 'received_total'
  | 'received_in_period'
  | 'received_online'
  | 'received_offline'
  | 'carried_over'
  | 'resolved_total'
  | 'resolved_early'
  | 'resolved_on_time'
  | 'resolved_late'
  | 'pending_total'
  | 'pending_in_time'
  | 'pending_late'
  | 'received_base'
  | 'components_digitized'
  | 'reused_data'
  | 'resolved_base'
  | 'result_digitized'
  | 'fee_dossiers'
  | 'paid_online';

export type OneDoorSheetKind = 'summary' | 'follow-up';

/** Columns the statutory form cannot do without. */
export const REQUIRED_SUMMARY_COLUMNS = [
  'received_online',
  'received_offline',
  'carried_over',
  'resolved_early',
  'resolved_on_time',
  'resolved_late',
  'pending_in_time',
  'pending_late',
] as const satisfies readonly OneDoorColumn[];

/** How columns are named to the operator. */
export const ONE_DOOR_COLUMN_LABELS: Record<OneDoorColumn, string> = {
  received_total: 'Tiếp nhận: Tổng số',
  received_in_period: 'Tiếp nhận: Trong kỳ',
  received_online: 'Tiếp nhận: Trực tuyến',
  received_offline: 'Tiếp nhận: Trực tiếp, dịch vụ bưu chính',
  carried_over: 'Tiếp nhận: Từ kỳ trước',
  resolved_total: 'Đã giải quyết: Tổng số',
  resolved_early: 'Đã giải quyết: Trước hạn',
  resolved_on_time: 'Đã giải quyết: Đúng hạn',
  resolved_late: 'Đã giải quyết: Quá hạn',
  pending_total: 'Đang giải quyết: Tổng số',
  pending_in_time: 'Đang giải quyết: Trong hạn',
  pending_late: 'Đang giải quyết: Quá hạn',
  received_base: 'Hồ sơ tiếp nhận',
  components_digitized: 'Có số hóa thành phần hồ sơ',
  reused_data: 'Có tái sử dụng dữ liệu số hóa',
  resolved_base: 'Hồ sơ đã giải quyết',
  result_digitized: 'Đã giải quyết có kết quả số hóa',
  fee_dossiers: 'Hồ sơ thuộc thủ tục có phí',
  paid_online: 'Hồ sơ đã thanh toán trực tuyến',
};

const has = (folded: string, ...phrases: string[]): boolean => phrases.some((p) => ` ${folded} `.includes(` ${p} `));

/** Biểu II.06a columns, from the combined "group sub" header. */
function summaryColumn(label: string): OneDoorColumn | null {
  if (has(label, 'ky truoc')) return 'carried_over';
  if (has(label, 'dang giai quyet', 'chua giai quyet', 'dang xu ly')) {
    if (has(label, 'trong han', 'chua den han', 'chua qua han')) return 'pending_in_time';
    if (has(label, 'qua han', 'tre han')) return 'pending_late';
    if (has(label, 'tong', 'tong so', 'cong')) return 'pending_total';
    return null;
  }
  if (has(label, 'da giai quyet', 'da xu ly', 'giai quyet xong', 'da hoan thanh')) {
    if (has(label, 'truoc han')) return 'resolved_early';
    if (has(label, 'dung han')) return 'resolved_on_time';
    if (has(label, 'qua han', 'tre han')) return 'resolved_late';
    if (has(label, 'tong', 'tong so', 'cong')) return 'resolved_total';
    return null;
  }
  if (has(label, 'tiep nhan', 'nhan giai quyet', 'so ho so nhan')) {
    if (has(label, 'truc tuyen')) return 'received_online';
    if (has(label, 'truc tiep', 'buu chinh')) return 'received_offline';
    if (has(label, 'trong ky', 'moi tiep nhan')) return 'received_in_period';
    if (has(label, 'tong', 'tong so', 'cong')) return 'received_total';
    return null;
  }
  return null;
}

/** 766 follow-up columns (digitisation, online payment). */
function followUpColumn(label: string): OneDoorColumn | null {
  if (has(label, 'tai su dung')) return 'reused_data';
  if (has(label, 'so hoa thanh phan') || (has(label, 'so hoa') && has(label, 'thanh phan'))) return 'components_digitized';
  if (has(label, 'ket qua so hoa', 'ket qua dien tu')) return 'result_digitized';
  if (has(label, 'da giai quyet')) return 'resolved_base';
  if (has(label, 'thanh toan')) return 'paid_online';
  if (has(label, 'co phi', 'nghia vu tai chinh', 'le phi', 'phi le phi')) return 'fee_dossiers';
  if (has(label, 'tiep nhan')) return 'received_base';
  return null;
}

function isUnitHeader(folded: string): boolean {
  if (folded.startsWith('ma ')) return false;
  return (
    folded === 'don vi' ||
    (folded.startsWith('ten don vi') && !folded.includes('bao cao') && folded.split(' ').length <= 6) ||
    folded.startsWith('linh vuc') ||
    folded === 'co quan' ||
    folded.startsWith('ten co quan') ||
    folded === 'co quan don vi' ||
    folded === 'don vi tiep nhan' ||
    folded === 'don vi hanh chinh'
  );
}

function isCodeHeader(folded: string): boolean {
  return has(folded, 'ma dinh danh', 'ma don vi', 'ma dvhc', 'ma co quan', 'ma so');
}

function isIgnoredHeader(folded: string): boolean {
  return /^(stt|tt|so tt|so thu tu)$/.test(folded) || has(folded, 'ghi chu');
}

const METRIC_WORDS = ['tiep nhan', 'giai quyet', 'truc tuyen', 'truc tiep', 'ky truoc', 'truoc han', 'dung han', 'qua han', 'trong han', 'so hoa', 'tai su dung', 'thanh toan', 'co phi'];

/** "(1)", "2", "(3)=(4)+(5)", "A", "B": the row of column numbers statutory forms print under the header. */
export function isNumberingText(text: string): boolean {
  return /^\(?[0-9a-z]{1,2}\)?(\s*=.*)?$/i.test(text.trim());
}

export interface OneDoorHeader {
  readonly kind: OneDoorSheetKind;
  /** Index in the grid's rows of the first header row; data starts at `dataStart`. */
  readonly headerIndex: number;
  readonly headerRows: number;
  readonly dataStart: number;
  readonly unitColumn: number;
  readonly codeColumn: number | null;
  /** 0-based column → what it holds. */
  readonly columns: ReadonlyMap<number, OneDoorColumn>;
  /** Combined header text by 0-based column, as found (for messages). */
  readonly labels: readonly string[];
  readonly unknown: readonly { readonly column: number; readonly label: string }[];
}

/** Why a sheet's header could not be read. */
export type HeaderFailure =
  | { readonly kind: 'no-header' }
  | { readonly kind: 'no-unit-column'; readonly headerIndex: number; readonly labels: readonly string[] }
  | { readonly kind: 'no-metric-columns'; readonly headerIndex: number; readonly labels: readonly string[] }
  | { readonly kind: 'missing-columns'; readonly headerIndex: number; readonly labels: readonly string[]; readonly missing: readonly OneDoorColumn[] };

const HEADER_SEARCH_ROWS = 30;
const MAX_HEADER_ROWS = 3;

const texts = (row: GridRow | undefined): string[] => (row ? row.cells.map(cellText) : []);

/**
 * The header texts over each column, top to bottom, from stacked header rows. A group header
 * stands over its first sub-column only in CSV (XLSX merged cells repeat it): it is carried right
 * while the rows below hold text.
 * @example headerPaths([['Tiếp nhận', ''], ['Tổng số', 'Trực tuyến']]) // [['Tiếp nhận', 'Tổng số'], ['Tiếp nhận', 'Trực tuyến']]
 */
export function headerPaths(levels: readonly (readonly string[])[]): string[][] {
  const width = Math.max(...levels.map((level) => level.length));
  const carried = levels.map(() => '');
  const paths: string[][] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    levels.forEach((level, l) => {
      const text = level[c] ?? '';
      const below = levels.slice(l + 1).some((lower) => (lower[c] ?? '') !== '');
      if (text !== '') carried[l] = text;
      else if (!below) carried[l] = '';
      const part = text !== '' ? text : below ? carried[l]! : '';
      if (part !== '' && parts[parts.length - 1] !== part) parts.push(part);
    });
    paths.push(parts);
  }
  return paths;
}

/**
 * Finds the header of a summary sheet and maps its columns.
 * @example const header = findOneDoorHeader(grid.rows); if ('columns' in header) header.columns.get(3) // 'received_online'
 */
export function findOneDoorHeader(rows: readonly GridRow[]): OneDoorHeader | HeaderFailure {
  let headerIndex = -1;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const folded = texts(rows[i]).map(foldHeader);
    const unit = folded.some(isUnitHeader);
    // Distinct texts: a title merged across the sheet repeats in every cell it covers.
    const metricCells = new Set(folded.filter((f) => METRIC_WORDS.some((w) => has(f, w)))).size;
    if (unit || metricCells >= 3) {
      headerIndex = i;
      break;
    }
  }
  if (headerIndex < 0) return { kind: 'no-header' };

  const top = texts(rows[headerIndex]);
  const unitColumn = top.findIndex((t) => isUnitHeader(foldHeader(t)));
  // Following rows belong to the header while they hold text but no numbers, their unit cell is
  // empty (or repeats the vertically merged header) and they are not the row of column numbers.
  const levels: string[][] = [top];
  while (levels.length < MAX_HEADER_ROWS && headerIndex + levels.length < rows.length) {
    const row = rows[headerIndex + levels.length]!;
    const next = texts(row);
    const isHeader =
      next.some((t) => t !== '' && !isNumberingText(t)) &&
      !row.cells.some((v) => parseCellNumber(v).kind === 'number') &&
      (unitColumn < 0 || (next[unitColumn] ?? '') === '' || next[unitColumn] === top[unitColumn]);
    if (!isHeader) break;
    levels.push(next);
  }
  const headerRows = levels.length;
  const paths = headerPaths(levels);
  const labels = paths.map((parts) => parts.join(' '));
  if (unitColumn < 0) return { kind: 'no-unit-column', headerIndex, labels };

  let dataStart = headerIndex + headerRows;
  while (dataStart < rows.length) {
    const cells = texts(rows[dataStart]).filter((t) => t !== '');
    if (cells.length === 0 || !cells.every(isNumberingText)) break;
    dataStart++;
  }

  const folded = labels.map(foldHeader);
  const summary = new Map<number, OneDoorColumn>();
  const followUp = new Map<number, OneDoorColumn>();
  folded.forEach((label, c) => {
    if (c === unitColumn || label === '') return;
    // The lowest header alone decides when it can ("Tiếp nhận" under a group "Số hóa hồ sơ");
    // otherwise its group completes it ("Quá hạn" under "Đang giải quyết").
    const leaf = foldHeader(paths[c]!.at(-1) ?? '');
    const s = summaryColumn(leaf) ?? summaryColumn(label);
    if (s) summary.set(c, s);
    const f = followUpColumn(leaf) ?? followUpColumn(label);
    if (f) followUp.set(c, f);
  });
  // Totals alone do not make a II.06a: a digitisation sheet may well have "Tổng số đã giải quyết".
  const PARTS: readonly OneDoorColumn[] = ['resolved_early', 'resolved_on_time', 'resolved_late', 'pending_in_time', 'pending_late'];
  const isSummary = [...summary.values()].some((k) => PARTS.includes(k));
  const isFollowUp = [...followUp.values()].some((k) => k !== 'received_base' && k !== 'resolved_base');
  if (!isSummary && !isFollowUp) return { kind: 'no-metric-columns', headerIndex, labels };
  const kind: OneDoorSheetKind = isSummary ? 'summary' : 'follow-up';
  const mapped = isSummary ? summary : followUp;

  const columns = new Map<number, OneDoorColumn>();
  const unknown: { column: number; label: string }[] = [];
  let codeColumn: number | null = null;
  folded.forEach((label, c) => {
    if (c === unitColumn || label === '') return;
    const column = mapped.get(c);
    const taken = column !== undefined && [...columns.values()].includes(column);
    if (column !== undefined && !taken) columns.set(c, column);
    else if (column === undefined && codeColumn === null && isCodeHeader(label)) codeColumn = c;
    else if (column !== undefined || !isIgnoredHeader(label)) unknown.push({ column: c, label: labels[c]! });
  });
  if (kind === 'summary') {
    const present = new Set(columns.values());
    const missing = REQUIRED_SUMMARY_COLUMNS.filter((k) => !present.has(k));
    if (missing.length) return { kind: 'missing-columns', headerIndex, labels, missing };
  }
  return { kind, headerIndex, headerRows, dataStart, unitColumn, codeColumn, columns, labels, unknown };
}
