// One workbook holding several kinds of sheet: a single-row-header II.06a summary, the vendor's 766
// follow-up sheets (digitisation, online payment) and a notes sheet. Every sheet is examined.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricRow, ParseEvent, ParseProblem } from '../../src/core/connector-contract.js';
import { parseOneDoorExport } from '../../connectors/one-door/one-door-parser.js';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-one-door-follow-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const context = { period, registry: loadUnitRegistry() };

let metrics: MetricRow[] = [];
let problems: ParseProblem[] = [];

beforeAll(async () => {
  const workbook = new ExcelJS.Workbook();
  // Single header row; NFD, upper case, doubled spaces and stray punctuation in the headers.
  const summary = workbook.addWorksheet('Tổng hợp');
  summary.addRow(
    [
      'STT',
      'Tên đơn vị',
      'Tiếp nhận trực tuyến',
      'Tiếp nhận: trực tiếp, dịch vụ bưu chính',
      'Tiếp nhận - từ kỳ trước',
      'ĐÃ GIẢI QUYẾT  TRƯỚC HẠN',
      'Đã giải quyết đúng hạn',
      'Đã giải quyết quá hạn',
      'Đang giải quyết trong hạn.',
      'Đang giải quyết quá hạn',
    ].map((h) => h.normalize('NFD')),
  );
  summary.addRow([1, 'Noong Bua', 24, 106, 8, 117, 7, 0, 14, 0]);

  const digitised = workbook.addWorksheet('Số hóa');
  digitised.addRow(['THEO DÕI SỐ HÓA HỒ SƠ THÁNG 9 NĂM 2023']);
  digitised.addRow([]);
  // Two header rows: the group "Số hóa hồ sơ" merged over its sub-columns.
  digitised.addRow(['STT', 'Tên đơn vị', 'Số hóa hồ sơ']);
  digitised.addRow(['', '', 'Tiếp nhận', 'Có số hóa thành phần hồ sơ', 'Có tái sử dụng', 'Đã giải quyết', 'Đã giải quyết có kết quả số hoá']);
  digitised.mergeCells('A3:A4');
  digitised.mergeCells('B3:B4');
  digitised.mergeCells('C3:G3');
  digitised.addRow([1, 'UBND phường Noong Bua', 130, 9, 5, 130, 127]);
  digitised.addRow([2, 'Phường Him Lam', 297, 270, null, 236, 202]);
  digitised.addRow(['', 'Tổng số', 427, 279, 5, 366, 329]);

  const payment = workbook.addWorksheet('Thanh toán');
  payment.addRow(['STT', 'Đơn vị', 'Hồ sơ thuộc thủ tục có phí', 'Hồ sơ đã thanh toán trực tuyến']);
  payment.addRow([1, 'Noong Bua', 45, 0]);
  payment.addRow([2, 'Him Lam', '79', '21']);

  workbook.addWorksheet('Ghi chú').addRow(['Số liệu trích xuất từ hệ thống một cửa điện tử của tỉnh']);
  workbook.addWorksheet('Trống');

  const path = join(dir, 'theo-doi-766.xlsx');
  await workbook.xlsx.writeFile(path);
  const events: ParseEvent[] = [];
  const capture = { source: 'one-door' as const, period, scope: null, fileName: 'theo-doi-766.xlsx', mediaType: 'application/octet-stream', content: { kind: 'file' as const, path }, metadata: {} };
  for await (const event of parseOneDoorExport(capture, context)) events.push(event);
  metrics = events.flatMap((e) => (e.kind === 'metric' ? [e.row] : []));
  problems = events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : []));
});

const valueOf = (unit: string, metric: string): number | null | undefined => metrics.find((m) => m.unitCode === unit && m.metric === metric)?.value;

describe('one-door workbook with summary and 766 follow-up sheets', () => {
  it('reads a single-row header whatever its case, spacing, punctuation and normalisation', () => {
    expect(valueOf('03124', 'received_offline')).toBe(106);
    expect(valueOf('03124', 'carried_over')).toBe(8);
    expect(valueOf('03124', 'resolved_early')).toBe(117);
    expect(valueOf('03124', 'pending_in_time')).toBe(14);
  });

  it('reads the digitisation sheet (received is the base of digitised components and reuse)', () => {
    expect(valueOf('03124', 'components_digitized_base')).toBe(130);
    expect(valueOf('03124', 'reused_data_base')).toBe(130);
    expect(valueOf('03124', 'components_digitized')).toBe(9);
    expect(valueOf('03124', 'reused_data')).toBe(5);
    expect(valueOf('03124', 'result_digitized_base')).toBe(130);
    expect(valueOf('03124', 'result_digitized')).toBe(127);
    expect(valueOf('03127', 'result_digitized')).toBe(202);
    expect(valueOf('03127', 'reused_data')).toBeNull();
    const located = metrics.find((m) => m.unitCode === '03127' && m.metric === 'components_digitized')!;
    expect(located.location).toEqual({ file: 'theo-doi-766.xlsx', sheet: 'Số hóa', row: 6, column: 'D' });
  });

  it('reads the online-payment sheet', () => {
    expect(valueOf('03124', 'fee_dossiers')).toBe(45);
    expect(valueOf('03124', 'paid_online')).toBe(0);
    expect(valueOf('03127', 'fee_dossiers')).toBe(79);
    expect(valueOf('03127', 'paid_online')).toBe(21);
  });

  it('skips the totals row and reports the notes sheet it could not read, not the empty one', () => {
    expect(metrics.some((m) => m.value === 427 || m.value === 366)).toBe(false);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.location).toEqual({ file: 'theo-doi-766.xlsx', sheet: 'Ghi chú' });
    expect(problems[0]!.reason).toContain('bỏ qua');
  });
});
