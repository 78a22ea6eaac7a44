// `dvc-sync report --format xlsx|docx|html|md` and `dvc-sync gaps` through the CLI on both backends:
// the workbook read back equals the JSON report cell by cell (appendix, evidence, provenance); the
// DOCX is a valid package whose text holds every unit and the appendix table; the HTML is A4.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDecimal } from '../../src/core/rounding.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { EVIDENCE_COLUMNS, PROVENANCE_COLUMNS, STATUS_LABELS } from '../../src/reports/appendix-evidence-xlsx.js';
import { appendixGroups } from '../../src/reports/appendix-layout.js';
import type { JsonReport } from '../../src/reports/appendix-json.js';
import { createTestDatabase } from '../support/backends.js';
import { runCli } from '../support/cli-runner.js';
import { EXAMPLE_CSV, exampleCounts } from '../support/example-month.js';
import { changedCounts, writeCountsCsv } from './report-fixtures.js';
import { readZip, wordText } from './zip-reader.js';

const framework = getFramework('dien-bien-xa-2023');
const orderedIndicators = appendixGroups(framework).flatMap((g) => g.indicators);
const shortOf = (label: string) => framework.bands.find((b) => b.label === label)!.short;

for (const backend of ['postgres', 'pglite'] as const) {
  describe(`report files and gaps [${backend}]`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-report-files-'));
    const env: Record<string, string> = { DVC_SYNC_DATA_DIR: join(dir, 'data') };
    let drop: (() => Promise<void>) | undefined;
    let json: JsonReport;

    beforeAll(async () => {
      if (backend === 'postgres') {
        const database = await createTestDatabase();
        env.DATABASE_URL = database.url;
        drop = database.drop;
      }
      expect((await runCli(['import', EXAMPLE_CSV, '--month', '2023-09'], env)).code).toBe(0);
      expect((await runCli(['score', '--month', '2023-09'], env)).code).toBe(0);
      json = JSON.parse((await runCli(['report', '--month', '2023-09', '--format', 'json'], env)).out) as JsonReport;
    });
    afterAll(async () => drop?.());

    it('writes the workbook: Phụ lục, one evidence sheet per group and provenance, equal to the JSON report cell by cell', async () => {
      const out = join(dir, 'phu-luc.xlsx');
      const run = await runCli(['report', '--month', '2023-09', '--format', 'xlsx', '--out', out], env);
      expect(run.code).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.worksheets.map((s) => s.name)).toEqual(['Phụ lục', ...framework.groups.map((g) => g.label), 'Nguồn số liệu']);

      const appendix = wb.getWorksheet('Phụ lục')!;
      expect(String(appendix.getCell('A1').value)).toContain('CỦA UBND THÀNH PHỐ ĐIỆN BIÊN PHỦ THÁNG 9 NĂM 2023');
      json.units.forEach((unit, i) => {
        const row = appendix.getRow(7 + i);
        const expected = [unit.rank, unit.name, ...orderedIndicators.map((ind) => unit.indicators[ind.key]!.points), unit.total, unit.converted, shortOf(unit.classification)];
        expect(expected.map((_, c) => row.getCell(c + 1).value), unit.name).toEqual(expected);
      });

      for (const group of framework.groups) {
        const sheet = wb.getWorksheet(group.label)!;
        const indicators = framework.indicators.filter((i) => i.group === group.key);
        expect(sheet.getRow(5).getCell(4).value).toBe(EVIDENCE_COLUMNS[0]);
        json.units.forEach((unit, i) => {
          const row = sheet.getRow(6 + i);
          const expected: unknown[] = [unit.rank, unit.code, unit.name];
          for (const indicator of indicators) {
            const s = unit.indicators[indicator.key]!;
            expected.push(s.numerator, s.denominator, s.ratio, s.points, s.source, STATUS_LABELS[s.status as keyof typeof STATUS_LABELS]);
          }
          expect(expected.map((_, c) => row.getCell(c + 1).value), `${group.label} ${unit.name}`).toEqual(expected);
        });
      }

      const provenance = wb.getWorksheet('Nguồn số liệu')!;
      expect((provenance.getRow(1).values as unknown[]).slice(1)).toEqual([...PROVENANCE_COLUMNS]);
      const counts = exampleCounts();
      const sha = createHash('sha256').update(readFileSync(EXAMPLE_CSV)).digest('hex');
      const rows = provenance.getRows(2, provenance.rowCount - 1)!;
      expect(rows).toHaveLength(12 * 18);
      for (const row of rows) {
        const [code, name, metric, , value, source, used, captureId, file, capturedAt, sha256] = (row.values as unknown[]).slice(1);
        expect(value).toBe(counts.get(code as string)![metric as string]);
        expect(name).toBe(json.units.find((u) => u.code === code)!.name);
        expect([source, file, sha256]).toEqual(['template', 'so-lieu-2023-09.csv', sha]);
        expect(captureId).toEqual(expect.any(Number));
        expect(capturedAt).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
        if (metric === 'received_online') expect(used).toBe('tien_do, dvtt_1');
      }
    });

    it('writes a DOCX package that reads back to the report text, every unit and the appendix table', async () => {
      const out = join(dir, 'bao-cao.docx');
      const run = await runCli(['report', '--month', '2023-09', '--format', 'docx', '--out', out], env);
      expect(run.code).toBe(0);
      expect(run.err).toContain(`Đã ghi ${out}`);
      const zip = readZip(readFileSync(out));
      expect([...zip.keys()]).toEqual(expect.arrayContaining(['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/styles.xml']));
      const xml = zip.get('word/document.xml')!.toString('utf8');
      const text = wordText(xml);
      for (const line of ['UBND THÀNH PHỐ ĐIỆN BIÊN PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'BÁO CÁO', '1. Kết quả đánh giá, xếp loại', '2. Đánh giá chung', '3. Tồn tại, hạn chế', '4. Phương hướng, giải pháp', 'Phụ lục']) {
        expect(text.split('\n')).toContain(line);
      }
      expect(text).toContain('- 03 đơn vị xếp loại tốt: UBND phường Him Lam, UBND phường Nam Thanh, UBND phường Mường Thanh.');
      for (const unit of json.units) expect(text).toContain(unit.name);
      // The appendix: a real table, the group header merged over its indicators, a landscape section.
      expect(xml).toContain('<w:gridSpan w:val="7"/>');
      expect(xml).toContain('<w:vMerge w:val="restart"/>');
      expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
      const rows = xml.split('<w:tr>').slice(1).map((r) => wordText(r).split('\n'));
      for (const unit of json.units) {
        const cells = rows.find((r) => r[1] === unit.name && /^\d+$/.test(r[0]!))!;
        expect(cells, unit.name).toEqual([
          String(unit.rank),
          unit.name,
          ...orderedIndicators.map((ind) => formatDecimal(unit.indicators[ind.key]!.points!, 1)),
          formatDecimal(unit.total, 2),
          formatDecimal(unit.converted, 2),
          shortOf(unit.classification),
        ]);
      }
      expect(zip.get('word/styles.xml')!.toString('utf8')).toContain('Times New Roman');
    });

    it('prints Markdown and writes printable A4 HTML', async () => {
      const md = await runCli(['report', '--month', '2023-09', '--format', 'md'], env);
      expect(md.code).toBe(0);
      expect(md.out.startsWith('**UBND THÀNH PHỐ ĐIỆN BIÊN PHỦ**')).toBe(true);
      expect(md.out).toContain('| 12 | UBND phường Thanh Bình | 28,8 | 2,6 | 0,0 | 0,0 | 0,9 | 5,0 | 5,0 | 5,0 | 47,30 | 5,91 | TB |');
      const out = join(dir, 'bao-cao.html');
      expect((await runCli(['report', '--month', '2023-09', '--format', 'html', '--out', out], env)).code).toBe(0);
      const html = readFileSync(out, 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="vi">/);
      expect(html).toContain('@page { size: A4;');
      expect(html).toContain('@page landscape { size: A4 landscape;');
      expect(html).toContain('<th colspan="7">Điểm các chỉ số</th>');
      expect(html).toContain('<th rowspan="3">STT</th>');
      for (const unit of json.units) expect(html).toContain(`<td class="left">${unit.name}</td>`);
      expect(html).toMatch(/<td class="center class-3">TB<\/td>/);
      // No trend appendix without a previous month; the month's pictures are on the last page.
      const [narrative, figures] = html.split('<section class="page landscape figures">');
      expect(narrative).not.toContain('<svg');
      expect(figures).toMatch(/id="phan-bo-xep-loai"><svg /);
      expect(figures).toMatch(/id="diem-va-nguong"><svg /);
      expect(figures!.match(/id="xu-huong-\d+"><svg /g)).toHaveLength(json.units.length);
    });

    it('takes thresholds from the command line, checked like the settings file', async () => {
      const md = await runCli(['report', '--month', '2023-09', '--format', 'md', '--low', '0,45', '--very-low', '10%'], env);
      expect(md.code).toBe(0);
      expect(md.out).toContain('song tỷ lệ còn thấp (dưới 45% điểm tối đa)');
      expect(md.out).toContain('song tỷ lệ còn rất thấp (dưới 10% điểm tối đa)');
      const crossed = await runCli(['report', '--month', '2023-09', '--format', 'md', '--low', '0.2', '--very-low', '0.3'], env);
      expect(crossed.code).not.toBe(0);
      expect(crossed.err.trim()).toMatch(/^Lỗi \[INVALID_REPORT_SETTINGS\]: Ngưỡng --low 0.2 \/ --very-low 0.3, trường 'veryLow'/);
      const wrong = await runCli(['report', '--month', '2023-09', '--format', 'md', '--low', '2'], env);
      expect(wrong.code).not.toBe(0);
      expect(wrong.err).toContain("'2' không phải tỷ lệ trong khoảng (0, 1]");
    });

    it('answers `gaps` for every unit or one, by code or name', async () => {
      const all = await runCli(['gaps', '--month', '2023-09'], env);
      expect(all.code).toBe(0);
      for (const unit of json.units) expect(all.out).toMatch(new RegExp(`^${unit.code} ${unit.name}: ${unit.classification}`, 'm'));
      expect(all.out).toContain('03127 UBND phường Him Lam: Tốt (8,94 điểm); để đạt loại Xuất sắc cần từ 9,00 điểm quy đổi (thiếu 0,06)');
      const one = await runCli(['gaps', '--month', '2023-09', '--unit', '03130'], env);
      expect(one.out.match(/^\d{5} /gm)).toEqual(['03130 ']);
      expect(one.out).toMatch(/^ {4}- thêm \d+ hồ sơ thanh toán trực tuyến thành công — Nhóm cung cấp DVTT – Chỉ số 2/m);
      expect(one.out).toContain('  Kết hợp: ít hồ sơ nhất');
      const byName = await runCli(['gaps', '--month', '2023-09', '--unit', 'Phường Thanh Bình'], env);
      expect(byName.out).toBe(one.out);
      const unknown = await runCli(['gaps', '--month', '2023-09', '--unit', '99999'], env);
      expect(unknown.code).not.toBe(0);
      expect(unknown.err.trim()).toMatch(/^Lỗi \[UNKNOWN_UNIT\]: Không có đơn vị '99999' trong bảng điểm tháng 2023-09/);
    });

    it('adds the month-over-month appendix and the trend chart once the previous month is scored', async () => {
      const august = join(dir, 'so-lieu-2023-08.csv');
      writeCountsCsv(august, changedCounts({ '03127': { paid_online: 5 }, '03145': { paid_online: 40 } }));
      expect((await runCli(['import', august, '--month', '2023-08'], env)).code).toBe(0);
      expect((await runCli(['score', '--month', '2023-08'], env)).code).toBe(0);
      const htmlOut = join(dir, 'bao-cao-2.html');
      expect((await runCli(['report', '--month', '2023-09', '--format', 'html', '--out', htmlOut], env)).code).toBe(0);
      const [html, figures] = readFileSync(htmlOut, 'utf8').split('<section class="page landscape figures">') as [string, string];
      // each unit's 12-month trend now has August and September (one dot per published month)
      const himLam = /id="xu-huong-03127">([\s\S]*?)<\/figure>/.exec(figures)![1]!;
      expect(himLam.match(/<circle /g)).toHaveLength(2);
      expect(himLam).toMatch(/<polyline /);
      expect(html.match(/<svg /g)).toHaveLength(1);
      expect(html.match(/<polyline /g)).toHaveLength(12);
      expect(html).toContain('Phụ lục 2');
      const docxOut = join(dir, 'bao-cao-2.docx');
      expect((await runCli(['report', '--month', '2023-09', '--format', 'docx', '--out', docxOut], env)).code).toBe(0);
      const zip = readZip(readFileSync(docxOut));
      const media = [...zip.keys()].filter((k) => k.startsWith('word/media/'));
      expect(media.map((m) => m.split('.').pop()).sort()).toEqual(['png', 'svg']);
      expect(zip.get(media.find((m) => m.endsWith('.svg'))!)!.toString('utf8')).toContain('<polyline');
      const xml = zip.get('word/document.xml')!.toString('utf8');
      expect(xml).toContain('svgBlip');
      const text = wordText(xml);
      expect(text).toContain('Trong tháng có 01 đơn vị giảm mức xếp loại: UBND xã Thanh Minh (Tốt → Khá).');
      expect(text.split('\n')).toContain('Phụ lục 2');
      // Every unit existed in August: compared with its own published figure and rank.
      const september = JSON.parse((await runCli(['report', '--month', '2023-09', '--format', 'json'], env)).out) as JsonReport;
      const augustJson = JSON.parse((await runCli(['report', '--month', '2023-08', '--format', 'json'], env)).out) as JsonReport;
      for (const unit of september.units) {
        const before = augustJson.units.find((u) => u.code === unit.code)!;
        expect(unit.previous).toEqual({ period: '2023-08', basis: 'same', predecessors: [], missing: [], total: before.total, converted: before.converted, rank: before.rank });
      }
      expect(augustJson.units.every((u) => u.previous.basis === 'none' && u.previous.total === null && u.previous.period === '2023-07')).toBe(true);
    });
  });
}
