// A capture is archived once but read per (month, kind): the same dossier list imported for a second
// month is read for that month; read again under another kind it replaces the earlier reading of that
// month and says so; `--source one-door` reads both one-door layouts; a file that gives nothing but
// quarantined rows is a failed import.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOneDoorConnector } from '../../connectors/one-door/index.js';
import { captureSpreadsheetFile } from '../../connectors/one-door/file-capture.js';
import { parsePeriod } from '../../src/core/period.js';
import { ingestCapture } from '../../src/pipeline/ingest-capture.js';
import { testContext } from '../support/backends.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { writeOneDoorExport } from '../support/one-door-export.js';

const HEADER = 'Mã hồ sơ,Cơ quan tiếp nhận,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp\r\n';

/** A dossier list spanning September and October 2023 (two units, known to the registry). */
function writeTwoMonthList(path: string): void {
  writeFileSync(
    path,
    '\ufeff' +
      HEADER +
      'H1,UBND phường Him Lam,05/09/2023,08/09/2023,06/09/2023,Trực tuyến\r\n' +
      'H2,UBND phường Him Lam,12/09/2023,15/09/2023,14/09/2023,Trực tiếp\r\n' +
      'H3,UBND xã Nà Tấu,20/09/2023,25/09/2023,,Trực tuyến\r\n' +
      'H4,UBND phường Him Lam,03/10/2023,06/10/2023,05/10/2023,Trực tuyến\r\n' +
      'H5,UBND xã Nà Tấu,09/10/2023,12/10/2023,11/10/2023,Trực tiếp\r\n',
  );
}

describe('importing the same bytes for another month or under another kind', () => {
  const { dir, env, store: opened } = useCliDatabase('dvc-sync-reuse-');

  const valuesOf = async (period: string) =>
    opened().db.selectFrom('metric_values').select(['source', 'unit_code', 'metric', 'value']).where('period', '=', period).execute();
  const quarantineOf = async (period: string) => opened().db.selectFrom('quarantine').select(['source', 'reason']).where('period', '=', period).execute();

  it('reads the same dossier list for September and then October; a second October import is a no-op that says so', async () => {
    const list = join(dir, 'ho-so-quy.csv');
    writeTwoMonthList(list);
    const september = await runCli(['import', list, '--month', '2023-09'], env);
    expect(september.code).toBe(0);
    expect(september.out).toMatch(/ho-so-quy\.csv \[dossier-list\]: \d+ giá trị của 2 đơn vị/);
    const october = await runCli(['import', list, '--month', '2023-10'], env);
    expect(october.code).toBe(0);
    expect(october.out).not.toMatch(/đã nhập trước đó/);
    expect(october.out).toMatch(/ho-so-quy\.csv \[dossier-list\]: \d+ giá trị của 2 đơn vị/);

    const captures = await opened().db.selectFrom('captures').select('id').where('file_name', '=', 'ho-so-quy.csv').execute();
    expect(captures).toHaveLength(1); // archived once
    const uses = await opened().db.selectFrom('capture_uses').select(['period', 'source']).where('capture_id', '=', captures[0]!.id).orderBy('period').execute();
    expect(uses).toEqual([
      { period: '2023-09', source: 'dossier-list' },
      { period: '2023-10', source: 'dossier-list' },
    ]);
    const received = (rows: { unit_code: string; metric: string; value: number | null }[], unit: string) =>
      rows.filter((r) => r.unit_code === unit && (r.metric === 'received_online' || r.metric === 'received_offline')).reduce((s, r) => s + (r.value ?? 0), 0);
    expect(received(await valuesOf('2023-09'), '03127')).toBe(2); // H1, H2
    expect(received(await valuesOf('2023-10'), '03127')).toBe(1); // H4

    const again = await runCli(['import', list, '--month', '2023-10'], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/ho-so-quy\.csv: đã nhập trước đó cho tháng 2023-10 dạng 'dossier-list' \(sha256 [0-9a-f]{12}; \d+ giá trị\), không nhập lại/);
  });

  it('re-reads an archived capture under the right kind, replacing the wrong reading of that month and saying so', async () => {
    const list = join(dir, 'danh-sach-sai-loai.csv');
    // The columns a one-door system exports with its dossier list (payment, electronic result, digitisation).
    writeFileSync(
      list,
      'Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp,Thanh toán trực tuyến,Kết quả điện tử,Số hóa thành phần hồ sơ\r\n' +
        'K1,UBND phường Noong Bua,05/08/2023,08/08/2023,06/08/2023,Trực tuyến,Có,Có,Có\r\n' +
        'K2,UBND phường Noong Bua,07/08/2023,10/08/2023,,Trực tiếp,Không,Không,Có\r\n',
    );
    // The trap as it was: the list read as a summary sheet quarantines every cell and stores no value.
    const ctx = testContext(opened(), env);
    const wrong = await ingestCapture(ctx, createOneDoorConnector(), await captureSpreadsheetFile('one-door', list, parsePeriod('2023-08')), parsePeriod('2023-08'));
    expect(wrong).toMatchObject({ status: 'new', metrics: 0, nothingRead: true });
    const wrongProblems = wrong.problemCount;
    expect(wrongProblems).toBeGreaterThan(0);
    expect((await quarantineOf('2023-08')).every((q) => q.source === 'one-door')).toBe(true);

    const right = await runCli(['import', list, '--month', '2023-08', '--source', 'dossier-list'], env);
    expect(right.code).toBe(0);
    expect(right.out).toContain(
      `danh-sach-sai-loai.csv: đọc lại bản đã lưu (sha256 ${wrong.sha256.slice(0, 12)}) dạng 'dossier-list' thay cho dạng 'one-door' đã đọc trước đó cho tháng 2023-08; bỏ 0 giá trị và ${wrongProblems} dòng cách ly của lần đọc cũ.`,
    );
    expect(right.out).toMatch(/danh-sach-sai-loai\.csv \[dossier-list\]: \d+ giá trị của 1 đơn vị; 0 dòng\/ô bị cách ly/);
    expect(await quarantineOf('2023-08')).toEqual([]); // the wrong reading's problems are gone
    const values = await valuesOf('2023-08');
    expect(values.length).toBeGreaterThan(0);
    expect(new Set(values.map((v) => v.source))).toEqual(new Set(['dossier-list']));
    expect(await opened().db.selectFrom('captures').select('id').where('sha256', '=', wrong.sha256).execute()).toHaveLength(1);

    const same = await runCli(['import', list, '--month', '2023-08', '--source', 'dossier-list'], env);
    expect(same.out).toMatch(/đã nhập trước đó cho tháng 2023-08 dạng 'dossier-list'/);
  });

  it("'--source one-door' reads a dossier list and a summary sheet, and says which it found", async () => {
    const list = join(dir, 'xuat-mot-cua.csv');
    writeFileSync(list, HEADER + 'M1,UBND phường Tân Thanh,05/07/2023,08/07/2023,06/07/2023,Trực tuyến\r\n');
    const asList = await runCli(['import', list, '--month', '2023-07', '--source', 'one-door'], env);
    expect(asList.code).toBe(0);
    expect(asList.err).toMatch(/xuat-mot-cua\.csv: xuất từ hệ thống một cửa dạng danh sách từng hồ sơ: đọc bằng nguồn dossier-list/);
    expect(asList.out).toMatch(/xuat-mot-cua\.csv \[dossier-list\]: \d+ giá trị của 1 đơn vị; 0 dòng\/ô bị cách ly/);

    const summary = join(dir, 'bieu-ii06a.xlsx');
    await writeOneDoorExport(summary);
    const asSummary = await runCli(['import', summary, '--month', '2023-09', '--source', 'one-door'], env);
    expect(asSummary.code).toBe(0);
    expect(asSummary.err).toMatch(/bieu-ii06a\.xlsx: xuất từ hệ thống một cửa dạng báo cáo tổng hợp theo đơn vị \(Biểu II\.06a hoặc bảng theo dõi 766\)/);
    expect(asSummary.out).toMatch(/bieu-ii06a\.xlsx \[one-door\]: 96 giá trị của 12 đơn vị/);
  });

  it('fails an import whose every row is quarantined, naming the file, and keeps the problems for inspection', async () => {
    const list = join(dir, 'don-vi-la.csv');
    writeFileSync(list, HEADER + 'X1,UBND xã Không Có Thật,05/06/2023,08/06/2023,06/06/2023,Trực tuyến\r\n' + 'X2,UBND xã Cũng Không Có,05/06/2023,08/06/2023,,Trực tiếp\r\n');
    const run = await runCli(['import', list, '--month', '2023-06'], env);
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/Lỗi \[NOTHING_IMPORTED\]: Không nạp được giá trị nào từ don-vi-la\.csv \(2 dòng\/ô, đọc dạng 'dossier-list'\): mọi dòng\/ô đều bị cách ly/);
    expect(await valuesOf('2023-06')).toEqual([]);
    expect(await quarantineOf('2023-06')).toHaveLength(2);
    // Trying again is not skipped as "already imported": it fails again.
    const again = await runCli(['import', list, '--month', '2023-06'], env);
    expect(again.code).not.toBe(0);
    expect(await quarantineOf('2023-06')).toHaveLength(2); // replaced, not doubled
  });
});
