// Counting a month from a dossier list, checked by hand: every Biểu II.06a category, returned and
// withdrawn dossiers, an impossible date, a quoted field with a comma and a newline, BOM and CRLF,
// the same list as XLSX with Excel date cells.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type MetricRow, type ParseEvent, type ParseProblem, type RawCapture } from '../../src/core/connector-contract.js';
import { createDossierListConnector } from '../../connectors/dossier-list/index.js';
import { UnitMonthTally } from '../../connectors/dossier-list/dossier-month-tally.js';
import { parsePeriod } from '../../src/core/period.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-dossier-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const context = { period, registry: loadUnitRegistry() };
const connector = createDossierListConnector();

const HEADER = 'STT,Mã hồ sơ,Tên thủ tục,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Hình thức nộp,Trạng thái,Lệ phí,Thanh toán trực tuyến,Kết quả điện tử,Số hóa thành phần hồ sơ,Cán bộ xử lý';
const THANH_BINH_NFD = 'Phường Thanh Bình'.normalize('NFD');

// Line numbers on the left are the file's physical lines (TB02 spans lines 15-16).
const LINES = [
  /*  1 */ HEADER,
  /*  2 */ '1,HL01,Đăng ký khai sinh,UBND phường Him Lam,05/09/2023 08:00,10/09/2023,08/09/2023 15:30,Trực tuyến,Đã trả kết quả,,Có,Có,Có,Lò Văn A', // early
  /*  3 */ '2,HL02,"Chứng thực bản sao, bản chính",Phường Him Lam,06/09/2023,12/09/2023,12/09/2023 17:45:10,Trực tiếp,Đã trả kết quả,20.000,Không,Không,Có,', // on time (same date)
  /*  4 */ '3,HL03,Đăng ký kết hôn,Him Lam,07/09/2023,11/09/2023,14/09/2023,Dịch vụ bưu chính,Đã trả kết quả,0,Không,Có,Không,', // late
  /*  5 */ '4,HL04,Đăng ký khai tử,Him Lam,25/08/2023,05/09/2023,04/09/2023 10:00,Trực tiếp,Đã trả kết quả,,Không,Không,Không,', // carried, early
  /*  6 */ '5,HL05,Đăng ký khai tử,Him Lam,28/08/2023,15/10/2023,,Trực tiếp,Đang xử lý,,Không,Không,Có,', // carried, pending in time
  /*  7 */ '6,HL06,Xác nhận tình trạng hôn nhân,Him Lam,20/09/2023 14:00,29/09/2023,,Trực tiếp,Chờ bổ sung,,Không,Không,Không,', // pending late
  /*  8 */ '7,HL07,Đăng ký khai sinh,Him Lam,10/09/2023,30/09/2023,,Trực tuyến,Đang xử lý,,Không,,Không,', // pending in time (deadline = last day)
  /*  9 */ '8,HL08,Đăng ký thường trú,Him Lam,15/09/2023,18/09/2023,25/09/2023,Trực tiếp,Trả lại,,Không,Không,Không,', // returned: on time
  /* 10 */ '9,HL09,Đăng ký khai sinh,Him Lam,01/08/2023,05/08/2023,20/08/2023,Trực tuyến,Đã trả kết quả,,Có,Có,Có,', // resolved before M
  /* 11 */ '10,HL10,Đăng ký khai sinh,Him Lam,02/10/2023,05/10/2023,,Trực tuyến,Đang xử lý,,Có,,Có,', // received after M
  /* 12 */ '11,HL11,Đăng ký khai sinh,Him Lam,31/02/2023,05/03/2023,,Trực tuyến,Đang xử lý,,,,,', // impossible date
  /* 13 */ '12,HL12,Đăng ký khai sinh,Him Lam,12/09/2023,20/09/2023,05/10/2023,Trực tuyến,Đã trả kết quả,,Không,Có,Không,', // resolved after M: pending late
  /* 14 */ '13,TB01,Đăng ký khai tử,UBND Thanh Bình,29/08/2023 23:59,01/09/2023,01/09/2023 07:00,Trực tiếp,Rút hồ sơ,,Không,Không,Không,', // carried, withdrawn
  /* 15 */ `14,TB02,"Chứng thực bản sao,\r\n(bản chính ""song ngữ"")",${THANH_BINH_NFD},30/09/2023 16:00,03/10/2023,,Trực tuyến,Đang xử lý,,Không,Không,Không,`,
  /* 17 */ '15,TB03,Đăng ký khai sinh,Phường Thanh Bình,03/09/2023,05/09/2023,03/09/2023,Trực tiếp,Đã trả kết quả,,Không,Không,Không,', // early
  /* 18 */ '16,TB04,Đăng ký khai sinh,Phường Thanh Bình,10/09/2023,15/09/2023,09/09/2023,Trực tiếp,Đã trả kết quả,,Không,Không,Không,', // result before reception
  /* 19 */ '17,XX01,Đăng ký khai sinh,Xã Không Có,10/09/2023,15/09/2023,,Trực tiếp,Đang xử lý,,,,,', // unknown unit
  /* 20 */ '',
  /* 21 */ 'Tổng cộng: 17 hồ sơ,,,,,,,,,,,,,',
];

const HIM_LAM = {
  received_online: 3, // HL01, HL07, HL12
  received_offline: 4, // HL02, HL03, HL06, HL08
  carried_over: 2, // HL04, HL05
  resolved_early: 2, // HL01, HL04
  resolved_on_time: 2, // HL02, HL08 (returned)
  resolved_late: 1, // HL03
  pending_in_time: 2, // HL05, HL07
  pending_late: 2, // HL06, HL12
  paid_online: 1, // HL01
  fee_dossiers: 2, // HL01 (paid online), HL02 (20.000 đ)
  result_digitized: 2, // HL01, HL03
  result_digitized_base: 5, // HL01, HL02, HL03, HL04, HL08
  components_digitized: 2, // HL01, HL02
  components_digitized_base: 7,
};

const THANH_BINH = {
  received_online: 1, // TB02
  received_offline: 1, // TB03
  carried_over: 1, // TB01
  resolved_early: 1, // TB03
  resolved_on_time: 1, // TB01 (withdrawn)
  resolved_late: 0,
  pending_in_time: 1, // TB02
  pending_late: 0,
  paid_online: 0,
  fee_dossiers: 0,
  result_digitized: 0,
  result_digitized_base: 2,
  components_digitized: 0,
  components_digitized_base: 2,
};

function capture(path: string, fileName: string): RawCapture {
  return { source: 'dossier-list', period, scope: fileName, fileName, mediaType: 'application/octet-stream', content: { kind: 'file', path }, metadata: {} };
}

async function parse(path: string): Promise<{ metrics: MetricRow[]; problems: ParseProblem[] }> {
  const events: ParseEvent[] = [];
  for await (const event of connector.parse(capture(path, path.split('/').pop()!), context)) events.push(event);
  return {
    metrics: events.flatMap((e) => (e.kind === 'metric' ? [e.row] : [])),
    problems: events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : [])),
  };
}

const countsOf = (metrics: MetricRow[], unit: string): Record<string, number | null> =>
  Object.fromEntries(metrics.filter((m) => m.unitCode === unit).map((m) => [m.metric, m.value]));

describe('dossier list (CSV)', () => {
  const path = join(dir, 'danh-sach-ho-so.csv');
  writeFileSync(path, `\ufeff${LINES.join('\r\n')}\r\n`);

  it('counts every category per unit as the Biểu II.06a defines it', async () => {
    const { metrics } = await parse(path);
    expect(countsOf(metrics, '03127')).toEqual(HIM_LAM);
    expect(countsOf(metrics, '03130')).toEqual(THANH_BINH);
    expect(new Set(metrics.map((m) => m.unitCode))).toEqual(new Set(['03127', '03130']));
    expect(metrics.every((m) => metricVocabulary().has(m.metric) && m.period === period)).toBe(true);
    expect(metrics[0]!.location).toEqual({ file: 'danh-sach-ho-so.csv', unit: '03127' });
  });

  it('quarantines the impossible date, a result before its reception and the unknown unit; reports the unknown column once', async () => {
    const { problems } = await parse(path);
    expect(problems).toHaveLength(4);
    const at = (row: number): ParseProblem => problems.find((p) => p.location.row === row)!;
    expect(at(1)).toMatchObject({ found: 'Cán bộ xử lý', location: { file: 'danh-sach-ho-so.csv', row: 1, column: 'N' } });
    expect(at(12)).toMatchObject({ found: '31/02/2023', location: { column: 'E' } });
    expect(at(12).reason).toContain('HL11');
    expect(at(18)).toMatchObject({ found: '09/09/2023', location: { column: 'G' } }); // after the two-line record
    expect(at(19)).toMatchObject({ found: 'Xã Không Có', location: { column: 'D' } });
    expect(at(19).reason).toContain('1 hồ sơ');
    expect(at(19).expected).toMatch(/\(0\d{4}\)/);
  });

  it('keeps received + carried over = resolved + pending per unit', async () => {
    const { metrics } = await parse(path);
    for (const unit of ['03127', '03130']) {
      const c = countsOf(metrics, unit) as Record<string, number>;
      expect(c.received_online! + c.received_offline! + c.carried_over!).toBe(
        c.resolved_early! + c.resolved_on_time! + c.resolved_late! + c.pending_in_time! + c.pending_late!,
      );
    }
    const broken = new UnitMonthTally('03127', 'UBND phường Him Lam');
    broken.receivedOnline = 2;
    broken.resolvedEarly = 1;
    expect(broken.checkIdentity()).toEqual({ inflow: 2, outflow: 1 });
  });

  it('refuses a list missing a required column, listing the headers it has', async () => {
    const noChannel = join(dir, 'thieu-cot.csv');
    writeFileSync(noChannel, 'Mã hồ sơ,Đơn vị,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\nH1,Him Lam,05/09/2023,08/09/2023,\n');
    const error = await parse(noChannel).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as Error).message).toContain('Hình thức nộp');
    expect((error as Error).message).toContain("'Ngày hẹn trả'");
    expect((error as UnreadableSourceError).location).toEqual({ file: 'thieu-cot.csv', row: 1 });
  });

  it('omits follow-up metrics whose columns the list does not have (unknown, not zero)', async () => {
    const minimal = join(dir, 'toi-thieu.csv');
    writeFileSync(minimal, 'Mã hồ sơ,Nơi tiếp nhận,Ngày tiếp nhận,Hạn xử lý,Ngày hoàn thành,Hình thức nộp\nH1,Him Lam,05/09/2023,08/09/2023,,Trực tuyến\n');
    const { metrics, problems } = await parse(minimal);
    expect(problems).toEqual([]);
    expect(countsOf(metrics, '03127')).toEqual({
      received_online: 1,
      received_offline: 0,
      carried_over: 0,
      resolved_early: 0,
      resolved_on_time: 0,
      resolved_late: 0,
      pending_in_time: 0,
      pending_late: 1,
    });
  });
});

describe('dossier list (XLSX)', () => {
  it('counts the same list from a workbook with a title row, Excel date cells and text dates', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Danh sách hồ sơ');
    sheet.addRow(['DANH SÁCH HỒ SƠ THÁNG 9/2023']);
    sheet.addRow([]);
    const header = HEADER.split(',');
    sheet.addRow(header);
    // Excel keeps the local wall clock: a Date whose UTC fields read 31/08/2023 23:30 is still August.
    const wallClock = (y: number, m: number, d: number, h = 0, min = 0): Date => new Date(Date.UTC(y, m - 1, d, h, min));
    const splitCsv = (line: string): string[] => {
      const cells: string[] = [];
      for (const match of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
        const raw = match[1]!;
        cells.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
        if (match[2] === '') break;
      }
      return cells;
    };
    for (const line of LINES.slice(1)) {
      const cells: (string | Date | null)[] = line === '' ? [] : splitCsv(line);
      if (cells[1] === 'HL01') cells[4] = wallClock(2023, 9, 5, 8, 0);
      if (cells[1] === 'HL07') cells[5] = wallClock(2023, 9, 30); // shifted by 7 h it would read 29/09: late
      if (cells[1] === 'TB01') cells[4] = wallClock(2023, 8, 31, 23, 30); // shifted by 7 h it would read 01/09: in M
      const row = sheet.addRow(cells);
      for (const cell of [5, 6, 7]) if (row.getCell(cell).value instanceof Date) row.getCell(cell).numFmt = 'dd/mm/yyyy hh:mm';
    }
    const path = join(dir, 'danh-sach-ho-so.xlsx');
    await workbook.xlsx.writeFile(path);

    const { metrics, problems } = await parse(path);
    expect(countsOf(metrics, '03127')).toEqual(HIM_LAM);
    expect(countsOf(metrics, '03130')).toEqual(THANH_BINH);
    // Header on row 3: HL11 (the 11th dossier) is on row 14.
    const impossible = problems.find((p) => p.found === '31/02/2023')!;
    expect(impossible.location).toEqual({ file: 'danh-sach-ho-so.xlsx', sheet: 'Danh sách hồ sơ', row: 14, column: 'E' });
    expect(problems).toHaveLength(4);
  });

  it('reads a list saved with ";" separators, and a "Chưa hoàn thành" status as still pending', async () => {
    const semicolons = join(dir, 'cham-phay.csv');
    writeFileSync(
      semicolons,
      'Mã hồ sơ;Đơn vị;Ngày tiếp nhận;Ngày hẹn trả;Ngày có kết quả;Hình thức nộp;Trạng thái\r\n' +
        'H1;Him Lam;05/09/2023;08/09/2023;07/09/2023;Trực tuyến;Đã trả kết quả\r\n' +
        'H2;Him Lam;06/09/2023;02/10/2023;;Trực tiếp;Chưa hoàn thành\r\n',
    );
    const { metrics, problems } = await parse(semicolons);
    expect(problems).toEqual([]);
    expect(countsOf(metrics, '03127')).toMatchObject({ received_online: 1, received_offline: 1, resolved_early: 1, pending_in_time: 1 });
  });
});
