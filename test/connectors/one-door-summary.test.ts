// The one-door connector on the statutory form Biểu II.06a/VPCP/KSTT, as XLSX (merged two-row header,
// title rows, numbering row, totals and spacer rows) and as CSV, with the mess real exports carry.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type MetricRow, type ParseEvent, type ParseProblem, type RawCapture } from '../../src/core/connector-contract.js';
import { parseOneDoorExport, type OneDoorParseOptions } from '../../connectors/one-door/one-door-parser.js';
import { parsePeriod } from '../../src/core/period.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-one-door-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const context = { period, registry: loadUnitRegistry() };

type Cell = string | number | null;
/** online, offline, carried, early, on time, late, in time, pending late (as typed in the cells). */
type Parts = [Cell, Cell, Cell, Cell, Cell, Cell, Cell, Cell];

const num = (c: Cell): number => (typeof c === 'number' ? c : c === null ? 0 : Number(c.replace(/\./g, '')));

/** A data row of the form: STT, unit, code, received total..., with totals computed from the parts. */
function formRow(stt: Cell, unit: string, code: Cell, p: Parts, override: Partial<Record<'received' | 'resolved' | 'pending', number>> = {}): Cell[] {
  const received = override.received ?? num(p[0]) + num(p[1]) + num(p[2]);
  const resolved = override.resolved ?? num(p[3]) + num(p[4]) + num(p[5]);
  const pending = override.pending ?? num(p[6]) + num(p[7]);
  return [stt, unit, code, received, p[0], p[1], p[2], resolved, p[3], p[4], p[5], pending, p[6], p[7]];
}

const GROUPS = ['STT', 'Tên đơn vị', 'Mã định danh', 'Tiếp nhận', '', '', '', 'Số lượng hồ sơ đã giải quyết', '', '', '', 'Số lượng hồ sơ đang giải quyết', '', ''];
const SUBS = ['', '', '', 'Tổng số', 'Trực tuyến', 'Trực tiếp, dịch vụ bưu chính', 'Từ kỳ trước', 'Tổng số', 'Trước hạn', 'Đúng hạn', 'Quá hạn', 'Tổng số', 'Trong hạn', 'Quá hạn'];

/** The September 2023 rows (counts from examples/dien-bien-phu-2023-09), dressed up as real exports are. */
function septemberRows(): Cell[][] {
  return [
    formRow(1, 'UBND phường Noong Bua', null, [24, 106, 8, 117, 7, 0, 14, 0]),
    formRow(2, 'Phường Him Lam'.normalize('NFD'), null, ['145', '152', '10', '185', '90', '0', '32', '0']), // numbers as text, NFD name
    formRow(3, 'UBND Thanh Bình', null, [48, 325, 9, 329, 8, 0, 30, 0]),
    [null, null, null, null, null, null, null, null, null, null, null, null, null, null], // spacer
    formRow(4, 'P. Tân Thanh', '03133', [199, 76, 8, 204, 51, 0, 28, 0]), // the code decides
    formRow(5, 'Mường Thanh', null, [71, 111, 1, 164, 2, 0, 17, 0]),
    formRow(6, 'UBND phường Nam Thanh', null, [68, 4, 7, 64, 9, 0, 6, null]), // blank pending late
    formRow(7, 'UBND phường Thanh Trường', null, [105, '1.176', 18, 284, 15, 0, '1.000', 0]), // thousands dots
    formRow(8, 'UBND xã Thanh Minh', null, [63, 239, 5, 200, '105,5', 0, 2, 0], { resolved: 305 }), // decimal comma in a count
    formRow(9, 'Xã Nà Tấu', null, [98, 126, 7, 214, 17, 0, 0, 0], { resolved: 999 }), // totals disagree
    formRow(10, 'Phường Không Có Thật', null, [8, 280, 4, 182, 82, 0, 28, 0]), // not in the registry
    formRow(11, 'UBND xã Mường Phăng', null, [44, 205, 17, 187, 61, 0, 18, 0]),
    ['Tổng cộng', null, null, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9999],
  ];
}

interface FormOptions {
  readonly title?: string | null;
  readonly dropColumn?: number;
  readonly extraColumn?: string;
  readonly rows?: Cell[][];
  readonly sheet?: string;
}

async function writeFormXlsx(name: string, options: FormOptions = {}): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(options.sheet ?? 'Biểu II.06a');
  const drop = <T>(row: T[]): T[] => (options.dropColumn === undefined ? row : row.filter((_, i) => i !== options.dropColumn));
  const extra = <T>(row: T[], value: T): T[] => (options.extraColumn === undefined ? row : [...row, value]);
  sheet.addRow(['UBND THÀNH PHỐ ĐIỆN BIÊN PHỦ']);
  sheet.addRow(['TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH']);
  sheet.addRow([options.title === undefined ? 'Kỳ báo cáo: Tháng 9 năm 2023' : options.title]);
  sheet.addRow([]);
  const groups = extra(drop(GROUPS), options.extraColumn ?? '');
  const subs = extra(drop(SUBS), '');
  sheet.addRow(groups);
  sheet.addRow(subs);
  const width = groups.length;
  sheet.mergeCells(2, 1, 2, width);
  sheet.mergeCells(3, 1, 3, width);
  // Merge like the real form: vertical for single headers, horizontal across each group's sub-columns.
  let c = 0;
  while (c < width) {
    if (subs[c] === '') {
      sheet.mergeCells(5, c + 1, 6, c + 1);
      c++;
      continue;
    }
    let end = c;
    while (end + 1 < width && groups[end + 1] === '' && subs[end + 1] !== '') end++;
    if (end > c) sheet.mergeCells(5, c + 1, 5, end + 1);
    c = end + 1;
  }
  sheet.addRow(groups.map((_, i) => `(${i + 1})`));
  for (const row of options.rows ?? septemberRows()) sheet.addRow(extra(drop(row), row[0] === null ? null : '95%'));
  const path = join(dir, name);
  await workbook.xlsx.writeFile(path);
  return path;
}

function capture(path: string, fileName: string): RawCapture {
  return { source: 'one-door', period, scope: fileName, fileName, mediaType: 'application/octet-stream', content: { kind: 'file', path }, metadata: {} };
}

async function parse(path: string, options: OneDoorParseOptions = {}): Promise<{ metrics: MetricRow[]; problems: ParseProblem[] }> {
  const events: ParseEvent[] = [];
  for await (const event of parseOneDoorExport(capture(path, path.split('/').pop()!), context, options)) events.push(event);
  return {
    metrics: events.flatMap((e) => (e.kind === 'metric' ? [e.row] : [])),
    problems: events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : [])),
  };
}

const valueOf = (metrics: MetricRow[], unit: string, metric: string): number | null | undefined =>
  metrics.find((m) => m.unitCode === unit && m.metric === metric)?.value;

async function parseError(path: string): Promise<UnreadableSourceError> {
  try {
    await parse(path);
  } catch (error) {
    expect(error).toBeInstanceOf(UnreadableSourceError);
    return error as UnreadableSourceError;
  }
  throw new Error('expected an UnreadableSourceError');
}

describe('one-door Biểu II.06a (XLSX)', () => {
  it('reads the merged two-row header below the title rows and emits the eight metrics per unit', async () => {
    const { metrics } = await parse(await writeFormXlsx('bieu-ii06a.xlsx'));
    expect(valueOf(metrics, '03124', 'received_online')).toBe(24);
    expect(valueOf(metrics, '03124', 'received_offline')).toBe(106);
    expect(valueOf(metrics, '03124', 'carried_over')).toBe(8);
    expect(valueOf(metrics, '03124', 'resolved_early')).toBe(117);
    expect(valueOf(metrics, '03124', 'resolved_on_time')).toBe(7);
    expect(valueOf(metrics, '03124', 'resolved_late')).toBe(0);
    expect(valueOf(metrics, '03124', 'pending_in_time')).toBe(14);
    expect(valueOf(metrics, '03124', 'pending_late')).toBe(0);
    const vocabulary = metricVocabulary();
    expect(metrics.every((m) => vocabulary.has(m.metric) && m.period === period)).toBe(true);
  });

  it('matches NFD names, names without prefix, "UBND Thanh Bình" and a code column', async () => {
    const { metrics } = await parse(await writeFormXlsx('names.xlsx'));
    expect(valueOf(metrics, '03127', 'received_online')).toBe(145); // NFD "Phường Him Lam", numbers as text
    expect(valueOf(metrics, '03130', 'received_offline')).toBe(325); // "UBND Thanh Bình"
    expect(valueOf(metrics, '03133', 'received_online')).toBe(199); // "P. Tân Thanh" + code 03133
    expect(valueOf(metrics, '03136', 'resolved_early')).toBe(164); // "Mường Thanh"
  });

  it('reads thousands dots, keeps a blank cell unknown (null) and a zero as 0', async () => {
    const { metrics } = await parse(await writeFormXlsx('numbers.xlsx'));
    expect(valueOf(metrics, '03142', 'received_offline')).toBe(1176);
    expect(valueOf(metrics, '03142', 'pending_in_time')).toBe(1000);
    expect(valueOf(metrics, '03139', 'pending_late')).toBeNull();
    expect(metrics.some((m) => m.unitCode === '03139' && m.metric === 'pending_late')).toBe(true);
    expect(valueOf(metrics, '03139', 'resolved_late')).toBe(0);
  });

  it('locates every metric at its file, sheet, row and column', async () => {
    const { metrics } = await parse(await writeFormXlsx('located.xlsx'));
    const row = metrics.find((m) => m.unitCode === '03124' && m.metric === 'carried_over')!;
    // Title rows 1-3, blank 4, header 5-6, numbering 7: Noong Bua is row 8; "Từ kỳ trước" is column G.
    expect(row.location).toEqual({ file: 'located.xlsx', sheet: 'Biểu II.06a', row: 8, column: 'G' });
  });

  it('quarantines a decimal comma in a count, a totals mismatch and an unknown unit, and imports their neighbours', async () => {
    const { metrics, problems } = await parse(await writeFormXlsx('mess.xlsx'));
    // Thanh Minh (row 16) has "105,5" dossiers: the whole row is held back.
    expect(metrics.some((m) => m.unitCode === '03145')).toBe(false);
    const comma = problems.find((p) => p.location.row === 16)!;
    expect(comma).toMatchObject({ found: '105,5', location: { file: 'mess.xlsx', sheet: 'Biểu II.06a', column: 'J' } });
    // Nà Tấu (row 17) says 999 resolved but its parts add up to 231.
    expect(metrics.some((m) => m.unitCode === '03316')).toBe(false);
    const mismatch = problems.find((p) => p.location.row === 17)!;
    expect(mismatch.location.column).toBe('H');
    expect(mismatch.found).toContain('999');
    expect(mismatch.expected).toContain('231');
    // The unknown unit (row 18) names the closest known units.
    const unknown = problems.find((p) => p.location.row === 18)!;
    expect(unknown.found).toBe('Phường Không Có Thật');
    expect(unknown.location.column).toBe('B');
    expect(unknown.expected).toMatch(/\(0\d{4}\)/);
    // Its neighbour below is imported; the totals row and the spacer row give nothing.
    expect(valueOf(metrics, '03325', 'carried_over')).toBe(17);
    expect(problems).toHaveLength(3);
    expect(new Set(metrics.map((m) => m.unitCode))).toEqual(new Set(['03124', '03127', '03130', '03133', '03136', '03139', '03142', '03325']));
  });

  it('reports an unknown column once (not once per row), or says nothing when told to ignore it', async () => {
    const path = await writeFormXlsx('extra-column.xlsx', { extraColumn: 'Tỷ lệ giải quyết đúng hạn (%)' });
    const reported = await parse(path);
    const columnProblems = reported.problems.filter((p) => p.found === 'Tỷ lệ giải quyết đúng hạn (%)');
    expect(columnProblems).toHaveLength(1);
    expect(columnProblems[0]!.location).toMatchObject({ row: 5, column: 'O' });
    const ignored = await parse(path, { unknownColumns: 'ignore' });
    expect(ignored.problems.filter((p) => p.found === 'Tỷ lệ giải quyết đúng hạn (%)')).toHaveLength(0);
    expect(valueOf(ignored.metrics, '03124', 'received_online')).toBe(24);
  });

  it('refuses a sheet missing a required column, naming the sheet and the headers it has', async () => {
    const error = await parseError(await writeFormXlsx('no-carried.xlsx', { dropColumn: 6 }));
    expect(error.message).toContain("trang 'Biểu II.06a'");
    expect(error.message).toContain('Từ kỳ trước');
    expect(error.message).toContain("'Tiếp nhận Trực tuyến'");
    expect(error.message).toContain("'Số lượng hồ sơ đã giải quyết Trước hạn'");
    expect(error.location).toMatchObject({ file: 'no-carried.xlsx', sheet: 'Biểu II.06a', row: 5 });
  });

  it('refuses a title stating another month, naming the title cell', async () => {
    const error = await parseError(await writeFormXlsx('august.xlsx', { title: 'Kỳ báo cáo: Tháng 8 năm 2023' }));
    expect(error.message).toContain('A3');
    expect(error.message).toContain('2023-08');
    expect(error.location).toMatchObject({ sheet: 'Biểu II.06a', row: 3, column: 'A' });
  });

  it('accepts "tháng 09/2023" and a date range of the whole month, refuses a range that is not one', async () => {
    expect((await parse(await writeFormXlsx('slash.xlsx', { title: 'tháng 09/2023' }))).metrics.length).toBeGreaterThan(0);
    const whole = await parse(await writeFormXlsx('range.xlsx', { title: '(Số liệu từ ngày 01/09/2023 đến ngày 30/09/2023)' }));
    expect(whole.metrics.length).toBeGreaterThan(0);
    const error = await parseError(await writeFormXlsx('range-bad.xlsx', { title: 'Từ ngày 15/08/2023 đến ngày 14/09/2023' }));
    expect(error.message).toContain('trọn một tháng');
    expect(error.location).toMatchObject({ row: 3, column: 'A' });
  });

  it('accepts a form without a period in its title (the requested month applies)', async () => {
    const { metrics } = await parse(await writeFormXlsx('no-title.xlsx', { title: null }));
    expect(valueOf(metrics, '03124', 'received_online')).toBe(24);
  });

  it('decides from the rows whether "Tổng số" of Tiếp nhận includes the carried-over dossiers', async () => {
    // This vendor's total is online + direct/postal only: every row says so, none is a problem.
    const rows = [
      formRow(1, 'Noong Bua', null, [24, 106, 8, 117, 7, 0, 14, 0], { received: 130 }),
      formRow(2, 'Him Lam', null, [145, 152, 10, 185, 90, 0, 32, 0], { received: 297 }),
      formRow(3, 'Nam Thanh', null, [68, 4, 7, 64, 9, 0, 6, 0], { received: 80 }), // neither reading: a problem
    ];
    const { metrics, problems } = await parse(await writeFormXlsx('excluding.xlsx', { rows }));
    expect(valueOf(metrics, '03124', 'carried_over')).toBe(8);
    expect(valueOf(metrics, '03127', 'carried_over')).toBe(10);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.found).toContain('80');
    expect(problems[0]!.expected).toContain('72');
  });
});

describe('one-door Biểu II.06a (CSV)', () => {
  it('reads a CSV export with BOM, CRLF, title rows and the group header only over its first sub-column', async () => {
    const quote = (c: Cell): string => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c));
    const lines = [
      ['Biểu số II.06a/VPCP/KSTT'],
      ['TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC THÁNG 09/2023'],
      [],
      GROUPS,
      SUBS,
      ...septemberRows(),
    ].map((row) => row.map(quote).join(','));
    const path = join(dir, 'bieu-ii06a.csv');
    writeFileSync(path, `\ufeff${lines.join('\r\n')}\r\n`);
    const { metrics, problems } = await parse(path);
    expect(valueOf(metrics, '03127', 'resolved_on_time')).toBe(90);
    expect(valueOf(metrics, '03142', 'received_offline')).toBe(1176);
    expect(valueOf(metrics, '03139', 'pending_late')).toBeNull();
    const row = metrics.find((m) => m.unitCode === '03124' && m.metric === 'received_online')!;
    expect(row.location).toEqual({ file: 'bieu-ii06a.csv', row: 6, column: 'E' });
    expect(problems.map((p) => p.location.row).sort()).toEqual([14, 15, 16]);
  });

  it('refuses a CSV whose title names another month', async () => {
    const path = join(dir, 'wrong-month.csv');
    writeFileSync(path, ['Tháng 10 năm 2023', GROUPS.join(','), SUBS.map((s) => (s.includes(',') ? `"${s}"` : s)).join(','), '1,Him Lam,,1,1,0,0,1,1,0,0,0,0,0'].join('\n'));
    const error = await parseError(path);
    expect(error.message).toContain('2023-10');
    expect(error.location).toEqual({ file: 'wrong-month.csv', row: 1, column: 'A' });
  });
});
