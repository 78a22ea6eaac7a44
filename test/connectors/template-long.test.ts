// The long template: one value per line, each line stating its own month.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { detectTemplateKind, parseTemplateFile } from '../../connectors/template/template-connector.js';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-template-long-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const context = { period, registry: loadUnitRegistry() };

describe('long CSV', () => {
  it('imports good lines and quarantines lines of another month, unknown metrics and units, repeats and non-numbers', async () => {
    const path = join(dir, 'long.csv');
    writeFileSync(
      path,
      [
        'period,unit_code,unit_name,metric,value',
        '2023-09,03127,Phường Him Lam,received_online,145',
        '2023-09,,UBND Thanh Bình,received_offline,"1.234"',
        '2023-08,03127,Phường Him Lam,received_online,140',
        '2023-09,03124,,not_a_metric,5',
        '',
        '2023-09,03124,,carried_over,',
        '2023-09,03124,,resolved_early,0',
        '2023-09,,Xã Nà Tấuu,received_online,3',
        '2023-09,03127,Phường Him Lam,received_online,146',
        '2023-09,' + '03316' + ',' + 'Xã Nà Tấu'.normalize('NFD') + ',pending_in_time,9,8',
        '2023-09,03316,Xã Nà Tấu,paid_online,"9,8"',
      ].join('\n') + '\n',
    );

    expect(await detectTemplateKind(path)).toBe('long');
    const { metrics, problems } = await parseTemplateFile(path, context);
    expect(metrics.map((m) => [m.unitCode, m.metric, m.value])).toEqual([
      ['03127', 'received_online', 145],
      ['03130', 'received_offline', 1234],
      ['03124', 'resolved_early', 0],
    ]);
    expect(metrics[0]!.location).toEqual({ file: 'long.csv', row: 2, column: 'E (value)', unit: '03127' });

    expect(problems.map((p) => p.location.row)).toEqual([4, 5, 9, 10, 11, 12]);
    const [otherMonth, unknownMetric, unknownUnit, repeated, split, decimal] = problems;
    expect(otherMonth).toMatchObject({ location: { column: 'A (period)' }, found: '2023-08', expected: 'kỳ 2023-09' });
    expect(otherMonth!.reason).toContain("kỳ '2023-08'");
    expect(unknownMetric).toMatchObject({ location: { column: 'D (metric)' }, found: 'not_a_metric' });
    expect(unknownUnit).toMatchObject({ location: { column: 'C (unit_name)' }, found: 'Xã Nà Tấuu' });
    expect(unknownUnit!.expected).toContain('UBND xã Nà Tấu (03316)');
    expect(repeated!.expected).toContain('dòng 2');
    // An unquoted "9,8" splits the line: reading 9 would be a silent error, so the line is refused.
    expect(split).toMatchObject({ location: { file: 'long.csv', row: 11 }, found: '8', expected: '5 cột như dòng tiêu đề' });
    expect(decimal).toMatchObject({ found: '9,8', location: { row: 12, column: 'E (value)', unit: '03316' } });
  });

  it('reads the same shape from an XLSX sheet', async () => {
    const path = join(dir, 'long.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('data');
    sheet.addRow(['period', 'unit_code', 'unit_name', 'metric', 'value']);
    sheet.addRow(['2023-09', '03145', 'Xã Thanh Minh', 'fee_dossiers', 52]);
    await workbook.xlsx.writeFile(path);
    expect(await detectTemplateKind(path)).toBe('long');
    const { metrics, problems } = await parseTemplateFile(path, context);
    expect(problems).toEqual([]);
    expect(metrics).toEqual([
      { period: '2023-09', unitCode: '03145', metric: 'fee_dossiers', value: 52, location: { file: 'long.xlsx', sheet: 'data', row: 2, column: 'E (value)', unit: '03145' } },
    ]);
  });
});
