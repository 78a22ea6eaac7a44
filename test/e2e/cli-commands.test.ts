// The CLI's commands on both backends: import (with quarantine), score, report in every format,
// snapshots, template, and one-line errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useCliDatabase } from '../support/cli-database.js';
import { parsePrintedTable, runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV, exampleCounts, seedAppendix } from '../support/example-month.js';

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`dvc-sync commands [${backend}]`, () => {
    const { dir, env } = useCliDatabase('dvc-sync-cli-', { migrate: false, backend });

    it('imports the example, scores, and reports JSON in the documented shape', async () => {
      const imported = await runCli(['import', EXAMPLE_CSV, '--month', '2023-09'], env);
      expect(imported.code).toBe(0);
      expect(imported.out).toMatch(/216 giá trị của 12 đơn vị; 0 dòng\/ô bị cách ly/);
      const scored = await runCli(['score', '--month', '2023-09'], env);
      expect(scored.out).toMatch(/phiên bản 1: 12 đơn vị, đã công bố/);
      const report = await runCli(['report', '--month', '2023-09', '--format', 'json'], env);
      const json = JSON.parse(report.out);
      expect(json).toMatchObject({ period: '2023-09', framework: 'dien-bien-xa-2023', revision: 1 });
      expect(json.units[0]).toMatchObject({ rank: 1, code: '03127', name: 'UBND phường Him Lam', total: 71.51, converted: 8.94, classification: 'Tốt' });
      expect(json.units[0].indicators.tien_do).toMatchObject({ points: 30, numerator: 307, denominator: 307 });
      expect(json.units[0].indicators.dvtt_1).toMatchObject({ points: 9.8, numerator: 145, denominator: 297 });
      expect(json.units.map((u: { classification: string }) => u.classification)).toEqual(
        seedAppendix().map((r) => (r.classification === 'TB' ? 'Trung bình' : r.classification)),
      );
    });

    it('writes the XLSX appendix with merged group headers and numbers stored as numbers', async () => {
      const out = join(dir, 'phu-luc.xlsx');
      const run = await runCli(['report', '--month', '2023-09', '--format', 'xlsx', '--out', out], env);
      expect(run.code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const sheet = wb.getWorksheet('Phụ lục')!;
      expect(sheet.getCell('A4').value).toBe('STT');
      expect(sheet.getCell('C4').value).toBe('Tiến độ, KQ giải quyết (30 điểm)');
      expect(sheet.getCell('D4').value).toBe('Điểm các chỉ số');
      expect(sheet.getCell('D4').isMerged && sheet.getCell('J4').isMerged).toBe(true);
      expect(sheet.getCell('D5').value).toBe('Nhóm cung cấp DVTT');
      expect(sheet.getCell('D6').value).toBe('Chỉ số 1 (10 điểm)');
      expect(sheet.getCell('B7').value).toBe('UBND phường Him Lam');
      expect(sheet.getCell('D7').value).toBe(9.8);
      expect(sheet.getCell('D7').numFmt).toBe('0.0');
      expect(sheet.getCell('K7').value).toBe(71.51);
      expect(sheet.getCell('L7').numFmt).toBe('0.00');
      expect(sheet.getCell('M18').value).toBe('TB');
    });

    it('prints a table that fits 120 columns, and the seed layout with --wide', async () => {
      const narrow = await runCli(['report', '--month', '2023-09'], env);
      expect(narrow.code).toBe(0);
      const widths = narrow.out.trimEnd().split('\n').map((line) => [...line].length);
      expect(Math.max(...widths)).toBeLessThanOrEqual(120);
      const wide = await runCli(['report', '--month', '2023-09', '--wide'], env);
      expect(Math.max(...wide.out.trimEnd().split('\n').map((line) => [...line].length))).toBeGreaterThan(120);
      // Same cells in both layouts: rank, name, 8 indicator points, total, converted, class.
      const cells = (text: string) => parsePrintedTable(text).map((r) => [r.rank, r.name, ...r.cells]);
      expect(cells(narrow.out)).toEqual(cells(wide.out));
      expect(cells(narrow.out)[0]).toEqual([1, 'UBND phường Him Lam', '30,0', '9,8', '2,7', '4,3', '10,0', '5,0', '5,0', '4,8', '71,51', '8,94', 'Tốt']);
      expect(narrow.out).toMatch(/^Tháng 9\/2023 — bộ chỉ số dien-bien-xa-2023/m);
      expect(narrow.out).toMatch(/2\.1 Chỉ số 1 \(10 điểm\)/);
      expect(narrow.out).toMatch(/--wide/);
    });

    it('writes CSV for Excel in Vietnamese with --excel-vi', async () => {
      const run = await runCli(['report', '--month', '2023-09', '--format', 'csv', '--excel-vi'], env);
      expect(run.out.startsWith('\ufeff')).toBe(true);
      const lines = run.out.replace(/^\ufeff/, '').trim().split(/\r?\n/);
      expect(lines).toHaveLength(13);
      expect(lines[0]).toMatch(/^STT;Mã đơn vị;Tên đơn vị;Tiến độ, KQ giải quyết \(30 điểm\);/);
      expect(lines[12]).toBe('12;03130;UBND phường Thanh Bình;28,8;2,6;0;0;0,9;5;5;5;47,3;5,91;Trung bình');
    });

    it('writes CSV readable by programs', async () => {
      const run = await runCli(['report', '--month', '2023-09', '--format', 'csv'], env);
      const lines = run.out.replace(/^\ufeff/, '').trim().split(/\r?\n/);
      expect(lines).toHaveLength(13);
      expect(lines[12]).toMatch(/^12,03130,UBND phường Thanh Bình,28\.8,2\.6,0,0,0\.9,5,5,5,47\.3,5\.91,Trung bình$/);
    });

    it('quarantines bad cells with their location while good rows import, and revises the month', async () => {
      const messy = join(dir, 'sua-so-lieu.csv');
      const original = readFileSync(EXAMPLE_CSV, 'utf8').trim().split('\n');
      const counts = exampleCounts();
      const header = original[0]!;
      // Him Lam now reports 40 paid online; Nam Thanh's row has a broken cell; an unknown unit.
      const keys = header.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).slice(2).map((h) => /\[(\w+)\]/.exec(h)![1]!);
      const row = (code: string, name: string, values: Record<string, number | string>) => [code, name, ...keys.map((k) => values[k])].join(',');
      writeFileSync(
        messy,
        [
          header,
          row('03127', 'UBND phường Him Lam', { ...counts.get('03127')!, paid_online: 40 }),
          row('', 'Phường Nam Thanh', { ...counts.get('03139')!, fee_dossiers: 'ba mươi' }),
          row('', 'Phường Hym Lam', { ...counts.get('03127')! }),
        ].join('\n'),
      );
      const run = await runCli(['import', messy, '--month', '2023-09'], env);
      expect(run.code).toBe(0);
      expect(run.out).toMatch(/2 dòng\/ô bị cách ly/);
      expect(run.out).toMatch(/ba mươi/);
      expect(run.out).toMatch(/Hym Lam.*Him Lam/);
      const scored = await runCli(['score', '--month', '2023-09'], env);
      expect(scored.out).toMatch(/phiên bản 2/);
      const snapshots = await runCli(['snapshots', '--month', '2023-09'], env);
      expect(snapshots.out).toMatch(/Phiên bản 1 .* đã được thay thế/);
      expect(snapshots.out).toMatch(/Phiên bản 2 .* đã công bố/);
      expect(snapshots.out).toMatch(/UBND phường Him Lam \(03127\) dvtt_2\.numerator: 21 → 40/);
      const rev1 = JSON.parse((await runCli(['report', '--month', '2023-09', '--revision', '1', '--format', 'json'], env)).out);
      expect(rev1.units[0].indicators.dvtt_2.numerator).toBe(21);
    });

    it('writes a template with one row per unit', async () => {
      const out = join(dir, 'mau.xlsx');
      const run = await runCli(['template', '--month', '2023-09', '--out', out], env);
      expect(run.out).toMatch(/12 đơn vị × 18 chỉ tiêu/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.worksheets[0]!.rowCount).toBeGreaterThanOrEqual(15);
    });

    it('fails with one Vietnamese line and an error code', async () => {
      const noMonth = await runCli(['report', '--month', '2023-13'], env);
      expect(noMonth.code).not.toBe(0);
      expect(noMonth.err.trim()).toBe("Lỗi [INVALID_PERIOD]: Tháng không hợp lệ: '2023-13' (cần dạng YYYY-MM, ví dụ 2023-09)");
      const missing = await runCli(['report', '--month', '2024-02'], env);
      expect(missing.err.trim()).toMatch(/^Lỗi \[SNAPSHOT_NOT_FOUND\]: Chưa có bảng điểm tháng 2\/2024/);
      // The registry knows the 45 communes of 2026: what is missing is their data, not their units.
      const noInput = await runCli(['score', '--month', '2026-10'], env);
      expect(noInput.err.trim()).toMatch(/^Lỗi \[NO_INPUT\]: Chưa có số liệu nào của tháng 2026-10/);
      const tooEarly = await runCli(['score', '--month', '2022-10'], env);
      expect(tooEarly.err.trim()).toMatch(/^Lỗi \[FRAMEWORK_NOT_VALID\]: Bộ chỉ số dien-bien-xa-2023 áp dụng từ 2023-03/);
      const nofile = await runCli(['import', join(dir, 'khong-co.xlsx'), '--month', '2023-09'], env);
      expect(nofile.err.trim()).toMatch(/^Lỗi \[FILE_NOT_FOUND\]/);
      expect(nofile.err.trim().split('\n')).toHaveLength(1);
    });
  });
}
