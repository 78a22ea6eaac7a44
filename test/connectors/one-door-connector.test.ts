// The one-door connector through the Connector contract, and the month's drop folder scan that tells
// summaries from dossier lists by their headers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseEvent, RawCapture } from '../../src/core/connector-contract.js';
import { createOneDoorConnector, scanDropFolder } from '../../connectors/one-door/index.js';
import { parsePeriod } from '../../src/core/period.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-one-door-connector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const monthDir = join(dir, 'drop', '2023-09');

async function writeSummary(path: string, title: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  sheet.addRow([title]);
  sheet.addRow(['STT', 'Tên đơn vị', 'Tiếp nhận', '', '', '', 'Đã giải quyết', '', '', '', 'Đang giải quyết', '', '']);
  sheet.addRow(['', '', 'Tổng số', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước', 'Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn']);
  sheet.mergeCells('C2:F2');
  sheet.mergeCells('G2:J2');
  sheet.mergeCells('K2:M2');
  sheet.addRow([1, 'Phường Him Lam', 307, 145, 152, 10, 275, 185, 90, 0, 32, 32, 0]);
  await workbook.xlsx.writeFile(path);
}

async function writeDossierXlsx(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách');
  sheet.addRow(['DANH SÁCH HỒ SƠ']);
  sheet.addRow(['Mã hồ sơ', 'Cơ quan tiếp nhận', 'Ngày tiếp nhận', 'Ngày hẹn trả', 'Ngày hoàn thành', 'Hình thức nộp']);
  sheet.addRow(['H1', 'Him Lam', '05/09/2023', '08/09/2023', '', 'Trực tuyến']);
  await workbook.xlsx.writeFile(path);
}

beforeAll(async () => {
  mkdirSync(monthDir, { recursive: true });
  mkdirSync(join(dir, 'drop', '2023-08'), { recursive: true });
  await writeSummary(join(monthDir, 'bieu-ii06a.xlsx'), 'Tháng 9 năm 2023');
  await writeDossierXlsx(join(monthDir, 'danh-sach.xlsx'));
  writeFileSync(
    join(monthDir, 'ho-so.csv'),
    '\ufeffMã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp\r\nH1,Him Lam,05/09/2023,08/09/2023,,Trực tuyến\r\n',
  );
  writeFileSync(join(monthDir, 'bieu-ii06a.csv'), 'STT,Tên đơn vị,Tiếp nhận trực tuyến,Đã giải quyết trước hạn,Đang giải quyết trong hạn\n1,Him Lam,1,1,0\n');
  writeFileSync(join(monthDir, 'cu.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  writeFileSync(join(monthDir, 'khac.csv'), 'a,b,c\n1,2,3\n');
  writeFileSync(join(monthDir, '~$bieu-ii06a.xlsx'), 'lock');
  writeFileSync(join(monthDir, 'ghi-chu.txt'), 'not an export');
  await writeSummary(join(dir, 'drop', '2023-08', 'bieu-thang-8.xlsx'), 'Tháng 8 năm 2023');
});

describe('createOneDoorConnector', () => {
  const connector = createOneDoorConnector();

  it('describes the one-door source and only vocabulary metrics', () => {
    const description = connector.describe();
    expect(description.source).toBe('one-door');
    const vocabulary = metricVocabulary();
    expect(description.metrics.every((m) => vocabulary.has(m))).toBe(true);
    expect(description.metrics).toContain('pending_late');
    expect(description.configSchema.safeParse({ path: '' }).success).toBe(false);
  });

  it('checks that the file exists and is readable, with the reason when not', async () => {
    expect(await connector.check({ path: join(monthDir, 'bieu-ii06a.xlsx') })).toMatchObject({ ok: true });
    const missing = await connector.check({ path: join(monthDir, 'khong-co.xlsx') });
    expect(missing).toMatchObject({ ok: false });
    expect(missing.message).toContain('không tồn tại');
    expect((await connector.check({ path: monthDir })).ok).toBe(false);
    expect((await connector.check({ path: join(monthDir, 'cu.xls') })).message).toContain('.xls');
  });

  it('captures the file by path and parses the capture', async () => {
    const path = join(monthDir, 'bieu-ii06a.xlsx');
    const captures: RawCapture[] = [];
    for await (const capture of connector.capture({ period, config: { path } })) captures.push(capture);
    expect(captures).toHaveLength(1);
    expect(captures[0]).toMatchObject({
      source: 'one-door',
      period,
      fileName: 'bieu-ii06a.xlsx',
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: { kind: 'file', path },
    });
    const events: ParseEvent[] = [];
    for await (const event of connector.parse(captures[0]!, { period, registry: loadUnitRegistry() })) events.push(event);
    const values = Object.fromEntries(events.flatMap((e) => (e.kind === 'metric' ? [[e.row.metric, e.row.value]] : [])));
    expect(values).toEqual({
      received_online: 145,
      received_offline: 152,
      carried_over: 10,
      resolved_early: 185,
      resolved_on_time: 90,
      resolved_late: 0,
      pending_in_time: 32,
      pending_late: 0,
    });
  });
});

describe('scanDropFolder', () => {
  it("lists the month's exports and tells summaries from dossier lists by their headers", async () => {
    const files = await scanDropFolder(join(dir, 'drop'), period);
    const byName = Object.fromEntries(files.map((f) => [f.fileName, f]));
    expect(Object.keys(byName).sort()).toEqual(['bieu-ii06a.csv', 'bieu-ii06a.xlsx', 'cu.xls', 'danh-sach.xlsx', 'ho-so.csv', 'khac.csv']);
    expect(byName['bieu-ii06a.xlsx']).toMatchObject({ kind: 'one-door', format: 'xlsx', path: join(monthDir, 'bieu-ii06a.xlsx') });
    expect(byName['bieu-ii06a.csv']).toMatchObject({ kind: 'one-door', format: 'csv' });
    expect(byName['danh-sach.xlsx']).toMatchObject({ kind: 'dossier-list', format: 'xlsx' });
    expect(byName['ho-so.csv']).toMatchObject({ kind: 'dossier-list', format: 'csv' });
    expect(byName['cu.xls']).toMatchObject({ kind: 'unknown', format: 'xls' });
    expect(byName['cu.xls']!.reason).toContain('.xls');
    expect(byName['khac.csv']).toMatchObject({ kind: 'unknown' });
  });

  it('finds nothing for a month without a folder, and refuses a drop folder that does not exist', async () => {
    expect(await scanDropFolder(join(dir, 'drop'), parsePeriod('2023-10'))).toEqual([]);
    await expect(scanDropFolder(join(dir, 'khong-co'), period)).rejects.toThrow('khong-co');
  });
});
