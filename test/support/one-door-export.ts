// Writes a provincial one-door export (Biểu II.06a/VPCP/KSTT) for the example month, the way
// vendors shape it: title rows, two merged header rows, units named "UBND phường …", a totals row.
import ExcelJS from 'exceljs';
import { exampleCounts } from './example-month.js';
import type { ProvinceConfig } from '../../src/pipeline/province-config.js';

/** Điện Biên whose one-door system publishes its export at `exportUrl` (portal sources off). */
export function exportUrlProvince(exportUrl: string, exportTokenEnv: string | null = null): ProvinceConfig {
  return {
    code: '11',
    name: 'Tỉnh Điện Biên',
    frameworks: ['dien-bien-xa-2023'],
    portal: { enabled: false, rootDepartmentId: 'x' },
    portalLegacy: { enabled: false, provinceId: null },
    oneDoor: { enabled: true, subfolder: null, exportUrl, exportTokenEnv },
  };
}
import { csvCell } from './generated-month.js';

const NAMES: Record<string, string> = {
  '03124': 'UBND phường Noong Bua',
  '03127': 'UBND phường Him Lam',
  '03130': 'UBND phường Thanh Bình',
  '03133': 'UBND phường Tân Thanh',
  '03136': 'UBND phường Mường Thanh',
  '03139': 'UBND phường Nam Thanh',
  '03142': 'UBND phường Thanh Trường',
  '03145': 'UBND xã Thanh Minh',
  '03316': 'UBND xã Nà Tấu',
  '03317': 'UBND xã Nà Nhạn',
  '03325': 'UBND xã Mường Phăng',
  '03326': 'UBND xã Pá Khoang',
};

/** One-door counts of a unit, with the late dossiers that the example's on-time figure leaves out. */
export function oneDoorCounts(values: Record<string, number>) {
  const received = values.received_online! + values.received_offline! + values.carried_over!;
  const onTime = values.resolved_early! + values.resolved_on_time! + values.pending_in_time!;
  const late = received - onTime;
  const resolvedLate = Math.ceil(late / 2);
  return {
    online: values.received_online!,
    offline: values.received_offline!,
    carried: values.carried_over!,
    early: values.resolved_early!,
    onTime: values.resolved_on_time!,
    resolvedLate,
    pendingInTime: values.pending_in_time!,
    pendingLate: late - resolvedLate,
  };
}

/** The eleven count cells of a II.06a row (received total … pending late), from a unit's counts. */
function oneDoorCells(values: Record<string, number>): number[] {
  const c = oneDoorCounts(values);
  return [
    c.online + c.offline + c.carried,
    c.online,
    c.offline,
    c.carried,
    c.early + c.onTime + c.resolvedLate,
    c.early,
    c.onTime,
    c.resolvedLate,
    c.pendingInTime + c.pendingLate,
    c.pendingInTime,
    c.pendingLate,
  ];
}

const HEADER_1 = ['STT', 'Tên đơn vị', 'Mã định danh', 'Số lượng hồ sơ tiếp nhận', '', '', '', 'Số lượng hồ sơ đã giải quyết', '', '', '', 'Số lượng hồ sơ đang giải quyết', '', ''];
const HEADER_2 = ['', '', '', 'Tổng số', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước', 'Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'];

/** Another month's data for the export: counts per unit code and the names the vendor writes. */
export interface OneDoorMonth {
  readonly counts: Map<string, Record<string, number>>;
  readonly nameOf: (code: string) => string;
  /** "Tháng 10 năm 2026". */
  readonly title: string;
}

/**
 * Writes the II.06a export of the example month to `path` (optionally altering counts per unit, or
 * another month's units and counts).
 * @example await writeOneDoorExport('/tmp/drop/2023-09/bieu-ii06a.xlsx')
 */
export async function writeOneDoorExport(
  path: string,
  alter: (code: string, values: Record<string, number>) => Record<string, number> = (_, v) => v,
  month: OneDoorMonth = { counts: exampleCounts(), nameOf: (code) => NAMES[code]!, title: 'Tháng 9 năm 2023' },
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('II.06a');
  ws.getCell('A1').value = 'Biểu số II.06a/VPCP/KSTT';
  ws.getCell('A2').value = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI UBND CẤP XÃ';
  ws.getCell('A3').value = month.title;
  ws.addRow([]);
  ws.getRow(5).values = HEADER_1;
  ws.getRow(6).values = HEADER_2;
  for (const range of ['A5:A6', 'B5:B6', 'C5:C6', 'D5:G5', 'H5:K5', 'L5:N5']) ws.mergeCells(range);
  let row = 7;
  const totals = new Array(11).fill(0) as number[];
  for (const [code, original] of month.counts) {
    const cells = oneDoorCells(alter(code, { ...original }));
    cells.forEach((v, i) => (totals[i]! += v));
    ws.getRow(row).values = [row - 6, month.nameOf(code), '', ...cells];
    row++;
  }
  ws.getRow(row).values = ['', 'Tổng cộng', '', ...totals];
  await wb.xlsx.writeFile(path);
}

/**
 * The same II.06a export saved as CSV (as vendors also offer): title rows, the two header rows, one
 * row per unit with its statistics code, a totals row.
 * @example writeFileSync('bieu-ii06a.csv', oneDoorCsv(month))
 */
export function oneDoorCsv(month: OneDoorMonth): string {
  const lines: (string | number)[][] = [['Biểu số II.06a/VPCP/KSTT'], ['TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI UBND CẤP XÃ'], [month.title], [], HEADER_1, HEADER_2];
  const totals = new Array(11).fill(0) as number[];
  [...month.counts].forEach(([code, values], i) => {
    const cells = oneDoorCells(values);
    cells.forEach((v, j) => (totals[j]! += v));
    lines.push([i + 1, month.nameOf(code), code, ...cells]);
  });
  lines.push(['', 'Tổng cộng', '', ...totals]);
  return lines.map((l) => l.map(csvCell).join(',')).join('\n') + '\n';
}
