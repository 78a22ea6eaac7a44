// Writes a provincial one-door export (Biểu II.06a/VPCP/KSTT) for the example month, the way
// vendors shape it: title rows, two merged header rows, units named "UBND phường …", a totals row.
import ExcelJS from 'exceljs';
import { exampleCounts } from './example-month.js';

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

/**
 * Writes the II.06a export of the example month to `path` (optionally altering counts per unit).
 * @example await writeOneDoorExport('/tmp/drop/2023-09/bieu-ii06a.xlsx')
 */
export async function writeOneDoorExport(path: string, alter: (code: string, values: Record<string, number>) => Record<string, number> = (_, v) => v): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('II.06a');
  ws.getCell('A1').value = 'Biểu số II.06a/VPCP/KSTT';
  ws.getCell('A2').value = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI UBND CẤP XÃ';
  ws.getCell('A3').value = 'Tháng 9 năm 2023';
  ws.addRow([]);
  ws.getRow(5).values = ['STT', 'Tên đơn vị', 'Mã định danh', 'Số lượng hồ sơ tiếp nhận', '', '', '', 'Số lượng hồ sơ đã giải quyết', '', '', '', 'Số lượng hồ sơ đang giải quyết', '', ''];
  ws.getRow(6).values = ['', '', '', 'Tổng số', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước', 'Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'];
  for (const range of ['A5:A6', 'B5:B6', 'C5:C6', 'D5:G5', 'H5:K5', 'L5:N5']) ws.mergeCells(range);
  let row = 7;
  const totals = new Array(11).fill(0) as number[];
  for (const [code, original] of exampleCounts()) {
    const c = oneDoorCounts(alter(code, { ...original }));
    const cells = [
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
    cells.forEach((v, i) => (totals[i]! += v));
    ws.getRow(row).values = [row - 6, NAMES[code]!, '', ...cells];
    row++;
  }
  ws.getRow(row).values = ['', 'Tổng cộng', '', ...totals];
  await wb.xlsx.writeFile(path);
}
