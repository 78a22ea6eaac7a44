// The wide template as offices really fill it: title rows, spacer and totals rows, numbers as text,
// decimal commas, NFD names, name variants, unknown units and columns; CSV with BOM and ';'; and the
// example month's CSV.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type MetricRow } from '../../src/core/connector-contract.js';
import { detectTemplateKind, parseTemplateFile } from '../../connectors/template/template-connector.js';
import { parsePeriod } from '../../src/core/period.js';
import { DEFAULT_FRAMEWORK_DIR, frameworkMetrics, loadFrameworkFile } from '../../src/frameworks/framework.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { EXAMPLE_CSV, exampleCounts } from '../support/example-month.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-template-wide-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const registry = loadUnitRegistry();
const context = { period, registry };

function valuesOf(metrics: readonly MetricRow[], unitCode: string): Record<string, number | null> {
  return Object.fromEntries(metrics.filter((m) => m.unitCode === unitCode).map((m) => [m.metric, m.value]));
}

/** A workbook retyped by an office: everything domain.md §5 warns about. */
async function writeMessyWorkbook(path: string, title = 'BÁO CÁO SỐ LIỆU CHẤM ĐIỂM THÁNG 9 NĂM 2023'): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Hướng dẫn').getCell('A1').value = 'Điền số liệu vào sheet Báo cáo.';
  const sheet = workbook.addWorksheet('Báo cáo');
  sheet.getCell('A1').value = 'UBND THÀNH PHỐ ĐIỆN BIÊN PHỦ';
  sheet.getCell('A2').value = title;
  sheet.mergeCells('A2:H2');
  // Row 3 is a spacer. Row 4 is the header: name column only, a label without its key (NFD, odd
  // case and spacing), a bracketed key, a comment column, an unknown column, an unknown key.
  sheet.getRow(4).values = [
    'STT',
    'Tên đơn vị',
    'Hồ sơ tiếp nhận trực tuyến trong kỳ',
    'Hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính trong kỳ\n[received_offline]',
    'HỒ SƠ TỪ KỲ TRƯỚC   CHUYỂN QUA'.normalize('NFD'),
    'Ghi chú',
    'Cột lạ',
    'Hồ sơ khác [not_a_metric]',
  ];
  sheet.getRow(5).values = [1, 'UBND phường Him Lam ', 145, '1.234', ' 10 ', 'đủ', 'x', 3, 99];
  // Row 6 is a blank spacer row.
  sheet.getRow(7).values = [2, 'Phường Mường Thanh'.normalize('NFD'), 71, '9,8', 0, null, 'y'];
  sheet.getRow(8).values = [3, 'UBND Thanh Bình', { formula: '40+8', result: 48 }, { richText: [{ text: '3' }, { text: '25' }] }, null];
  sheet.getRow(9).values = [4, 'Phường Mường Thang', 5, 6, 7];
  sheet.getRow(10).values = [5, 'Nà Tấu   ', '0', '-', '12'];
  sheet.getRow(11).values = [null, 'Tổng cộng', 269, 1565, 29];
  sheet.getRow(13).values = [null, 'Người lập biểu'];
  // A date line under the table names another month: only rows above the header state the period.
  sheet.getCell('I14').value = 'Điện Biên Phủ, ngày 5 tháng 10 năm 2023';
  await workbook.xlsx.writeFile(path);
}

describe('wide XLSX as offices fill it', () => {
  it('imports the good rows and quarantines each bad cell, row and column once', async () => {
    const path = join(dir, 'messy.xlsx');
    await writeMessyWorkbook(path);
    const { metrics, problems } = await parseTemplateFile(path, context);

    expect(valuesOf(metrics, '03127')).toEqual({ received_online: 145, received_offline: 1234, carried_over: 10 });
    // "9,8" is not a count: that cell is quarantined, the unit's other cells import (0 stays 0).
    expect(valuesOf(metrics, '03136')).toEqual({ received_online: 71, carried_over: 0 });
    // Formula result and rich text read; the blank cell gives nothing at all.
    expect(valuesOf(metrics, '03130')).toEqual({ received_online: 48, received_offline: 325 });
    // "0" as text is a measured zero; "-" is nothing entered.
    expect(valuesOf(metrics, '03316')).toEqual({ received_online: 0, carried_over: 12 });
    expect(metrics).toHaveLength(9);
    expect(metrics.every((m) => m.value !== null)).toBe(true);
    expect(metrics.find((m) => m.unitCode === '03127' && m.metric === 'received_offline')!.location).toEqual({
      file: 'messy.xlsx',
      sheet: 'Báo cáo',
      row: 5,
      column: 'D (Hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính trong kỳ [received_offline])',
      unit: '03127',
    });

    expect(problems).toHaveLength(5);
    const [unknownColumn, unknownKey, decimal, unknownUnit, untitled] = problems;
    expect(unknownColumn).toMatchObject({ location: { sheet: 'Báo cáo', row: 4, column: 'G (Cột lạ)' }, found: 'Cột lạ' });
    expect(unknownKey).toMatchObject({ location: { row: 4, column: 'H (Hồ sơ khác [not_a_metric])' }, found: 'not_a_metric' });
    expect(decimal).toMatchObject({
      location: { file: 'messy.xlsx', sheet: 'Báo cáo', row: 7, column: 'D (Hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính trong kỳ [received_offline])', unit: '03136' },
      found: '9,8',
      expected: 'một số nguyên không âm (số hồ sơ)',
    });
    expect(unknownUnit!.location).toMatchObject({ row: 9, column: 'B (Tên đơn vị)' });
    expect(unknownUnit!.found).toBe('Phường Mường Thang');
    expect(unknownUnit!.expected).toMatch(/gần nhất: UBND phường Mường Thanh \(03136\)/);
    expect(unknownUnit!.reason).toContain('dòng 9');
    // A number in a column without a title is reported once; the text under the table is not.
    expect(untitled).toMatchObject({ location: { row: 5, column: 'I' }, found: '99' });
  });

  it('refuses a workbook whose title states another month, naming the title cell', async () => {
    const path = join(dir, 'august.xlsx');
    await writeMessyWorkbook(path, 'Báo cáo số liệu tháng 8 năm 2023');
    const error = await parseTemplateFile(path, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as UnreadableSourceError).location).toMatchObject({ file: 'august.xlsx', sheet: 'Báo cáo', row: 2, column: 'A' });
    expect((error as Error).message).toContain('2023-08');
  });

  it('quarantines a row whose code and name are different units, and a second row for the same unit', async () => {
    const path = join(dir, 'conflict.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Số liệu');
    sheet.addRow(['Mã đơn vị', 'Tên đơn vị', 'Hồ sơ từ kỳ trước chuyển qua [carried_over]']);
    sheet.addRow(['03127', 'Phường Him Lam', 10]);
    sheet.addRow(['03127', 'Xã Nà Tấu', 7]); // stale code copied from the row above
    sheet.addRow([3130, 'Thanh Bình', 9]); // code typed as a number: leading zero lost
    sheet.addRow([null, 'UBND phường Him Lam', 11]);
    await workbook.xlsx.writeFile(path);

    const { metrics, problems } = await parseTemplateFile(path, context);
    expect(metrics.map((m) => [m.unitCode, m.value])).toEqual([
      ['03127', 10],
      ['03130', 9],
    ]);
    expect(problems.map((p) => p.location.row)).toEqual([3, 5]);
    expect(problems[0]!.reason).toContain('không khớp');
    expect(problems[1]!.expected).toContain('dòng 2');
  });

  it('refuses a one-door export (a unit column but no metric column) and does not detect it as a template', async () => {
    const path = join(dir, 'one-door.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('II.06a');
    sheet.addRow(['Biểu số II.06a/VPCP/KSTT']);
    sheet.addRow(['STT', 'Tên đơn vị', 'Tổng số', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước']);
    sheet.addRow([1, 'Phường Him Lam', 307, 145, 152, 10]);
    await workbook.xlsx.writeFile(path);

    expect(await detectTemplateKind(path)).toBeNull();
    const error = await parseTemplateFile(path, context).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as UnreadableSourceError).location).toMatchObject({ sheet: 'II.06a', row: 2 });
    expect((error as Error).message).toContain('không có cột chỉ tiêu');
  });

  it('refuses a file without any header row, saying what header it looked for', async () => {
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'ghi chú,nội dung\nmột,hai\n');
    expect(await detectTemplateKind(path)).toBeNull();
    await expect(parseTemplateFile(path, context)).rejects.toThrow(/Mã đơn vị.*period,unit_code,unit_name,metric,value/s);
  });
});

describe('wide CSV', () => {
  it('reads a semicolon CSV with a BOM, CRLF, a title line, decimal comma and totals rows', async () => {
    const path = join(dir, 'semicolon.csv');
    const lines = [
      'Số liệu tháng 9 năm 2023, thành phố Điện Biên Phủ;;;',
      'Mã đơn vị;Tên đơn vị;Hồ sơ tiếp nhận trực tuyến trong kỳ [received_online];Hồ sơ tiếp nhận trực tiếp, dịch vụ bưu chính trong kỳ [received_offline]',
      '03124;Phường Noong Bua;24;"1.060"',
      ';;;',
      '03127;Phường Him Lam;2,5;152',
      ';Tổng số;26;1212',
    ];
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]));

    expect(await detectTemplateKind(path)).toBe('wide');
    const { metrics, problems } = await parseTemplateFile(path, context);
    expect(metrics.map((m) => [m.unitCode, m.metric, m.value, m.location.row])).toEqual([
      ['03124', 'received_online', 24, 3],
      ['03124', 'received_offline', 1060, 3],
      ['03127', 'received_offline', 152, 5],
    ]);
    expect(metrics[0]!.location).toEqual({ file: 'semicolon.csv', row: 3, column: 'C (Hồ sơ tiếp nhận trực tuyến trong kỳ [received_online])', unit: '03124' });
    expect(problems).toEqual([
      expect.objectContaining({ location: expect.objectContaining({ row: 5, column: 'C (Hồ sơ tiếp nhận trực tuyến trong kỳ [received_online])' }), found: '2,5' }),
    ]);
  });

  it('reads the example month: 12 units × 18 metrics, exactly the example counts, no problem', async () => {
    expect(await detectTemplateKind(EXAMPLE_CSV)).toBe('wide');
    const { metrics, problems } = await parseTemplateFile(EXAMPLE_CSV, context);
    expect(problems).toEqual([]);
    const framework = loadFrameworkFile(join(DEFAULT_FRAMEWORK_DIR, 'dien-bien-xa-2023.json'));
    const keys = frameworkMetrics(framework);
    expect(keys).toHaveLength(18);
    expect(new Set(metrics.map((m) => m.unitCode)).size).toBe(12);
    expect(metrics).toHaveLength(12 * 18);
    for (const [code, counts] of exampleCounts()) {
      const values = valuesOf(metrics, code);
      expect(Object.keys(values).sort()).toEqual([...keys].sort());
      expect(values).toEqual(counts);
    }
    expect(metrics.find((m) => m.unitCode === '03127' && m.metric === 'received_online')!.location).toEqual({
      file: 'so-lieu-2023-09.csv',
      row: 3,
      column: 'C (Hồ sơ tiếp nhận trực tuyến trong kỳ [received_online])',
      unit: '03127',
    });
  });
});
