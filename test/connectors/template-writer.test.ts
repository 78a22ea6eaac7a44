// The blank template: its layout, and the round trip writer -> office fills cells -> import.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError } from '../../src/core/connector-contract.js';
import { parseTemplateFile } from '../../connectors/template/template-connector.js';
import { writeTemplate } from '../../connectors/template/template-writer.js';
import { parsePeriod } from '../../src/core/period.js';
import { DEFAULT_FRAMEWORK_DIR, frameworkMetrics, loadFrameworkFile } from '../../src/frameworks/framework.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-template-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const framework = loadFrameworkFile(join(DEFAULT_FRAMEWORK_DIR, 'dien-bien-xa-2023.json'));
const registry = loadUnitRegistry();
const units = registry.validIn(period, { districtCode: '094' }).map((u) => ({ code: u.code, displayName: u.displayName }));

describe('writeTemplate', () => {
  it('writes title, note, header with labelled metric keys, one empty row per unit, and a hidden meta sheet', async () => {
    const out = join(dir, 'layout.xlsx');
    const written = await writeTemplate({ framework, metrics: frameworkMetrics(framework), period, units, out });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Số liệu')!;

    expect(sheet.getCell('A1').value).toBe(`Mẫu nhập số liệu chấm điểm — ${framework.title} — tháng 9 năm 2023`);
    expect(String(sheet.getCell('A2').value)).toContain('Để trống');
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    const keys = frameworkMetrics(framework);
    expect(header.slice(0, 3)).toEqual(['STT', 'Mã đơn vị', 'Tên đơn vị']);
    expect(header.slice(3)).toEqual(keys.map((k) => `${metricVocabulary().get(k)!.label} [${k}]`));
    expect(written.metrics.map((m) => m.key)).toEqual(keys);

    expect(units).toHaveLength(12);
    units.forEach((unit, i) => {
      const row = sheet.getRow(4 + i);
      expect(row.getCell(2).value).toBe(unit.code); // text, leading zero kept
      expect(row.getCell(3).value).toBe(unit.displayName);
      for (let c = 4; c < 4 + keys.length; c++) expect(row.getCell(c).value).toBeNull();
    });
    expect(sheet.rowCount).toBe(3 + units.length);

    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 3 });
    expect(sheet.getColumn(3).width).toBeGreaterThan(20);
    expect(sheet.getCell('D3').font?.bold).toBe(true);
    expect(sheet.getCell('E5').dataValidation).toMatchObject({ type: 'whole', operator: 'greaterThanOrEqual' });

    const meta = workbook.getWorksheet('meta')!;
    expect(meta.state).toBe('hidden');
    expect(meta.getCell('A2').value).toBe('period');
    expect(meta.getCell('B2').value).toBe('2023-09');
    expect(meta.getCell('B3').value).toBe('dien-bien-xa-2023');
  });

  it('refuses a unit list with the same code twice', async () => {
    await expect(writeTemplate({ framework, metrics: frameworkMetrics(framework), period, units: [units[0]!, units[0]!], out: join(dir, 'dup.xlsx') })).rejects.toThrow(/03124.*hai lần/);
  });
});

describe('template round trip', () => {
  it('reads back every metric of a filled unit with its value and cell, blank cells giving nothing', async () => {
    const out = join(dir, 'filled.xlsx');
    const written = await writeTemplate({ framework, metrics: frameworkMetrics(framework), period, units, out });
    const himLam = written.units.find((u) => u.code === '03127')!;
    const namThanh = written.units.find((u) => u.code === '03139')!;

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Số liệu')!;
    const expected = new Map<string, number>();
    written.metrics.forEach((metric, i) => {
      const value = i === 5 ? 0 : 100 + i * 7; // one measured zero
      sheet.getCell(himLam.row, metric.column).value = value;
      expected.set(metric.key, value);
    });
    // Another unit with only one cell entered: the rest are "not entered", not zero.
    sheet.getCell(namThanh.row, written.metrics[0]!.column).value = 68;
    await workbook.xlsx.writeFile(out);

    const { metrics, problems } = await parseTemplateFile(out, { period, registry });
    expect(problems).toEqual([]);
    const ofHimLam = metrics.filter((m) => m.unitCode === '03127');
    expect(ofHimLam).toHaveLength(written.metrics.length);
    for (const row of ofHimLam) {
      expect(row.value).toBe(expected.get(row.metric));
      expect(row.period).toBe('2023-09');
      const column = written.metrics.find((m) => m.key === row.metric)!;
      expect(row.location).toMatchObject({ file: 'filled.xlsx', sheet: 'Số liệu', row: himLam.row, unit: '03127' });
      expect(row.location.column).toBe(`${String.fromCharCode(64 + column.column)} (${column.header})`);
    }
    expect(ofHimLam.find((m) => m.metric === written.metrics[5]!.key)!.value).toBe(0);
    expect(metrics.filter((m) => m.unitCode === '03139')).toEqual([
      expect.objectContaining({ metric: written.metrics[0]!.key, value: 68 }),
    ]);
    expect(metrics).toHaveLength(written.metrics.length + 1);
  });

  it('refuses the template for another month, naming the meta cell that states its period', async () => {
    const out = join(dir, 'september.xlsx');
    await writeTemplate({ framework, metrics: frameworkMetrics(framework), period, units, out });
    const error = await parseTemplateFile(out, { period: parsePeriod('2023-10'), registry }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as UnreadableSourceError).location).toEqual({ file: 'september.xlsx', sheet: 'meta', row: 2, column: 'B' });
    expect((error as Error).message).toContain('2023-09');
    expect((error as Error).message).toContain('2023-10');
  });
});
