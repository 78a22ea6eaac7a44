// Synthetic dossier lists ("Danh sách hồ sơ") for benchmarks: deterministic, Vietnamese text,
// realistic columns, some quoted fields holding commas and newlines, about 200 bytes per row.
// Files go to bench/data/ (gitignored) and are reused when already there.
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { seededRandom } from '../test/support/seeded-random.js';

export const BENCH_DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

export const DOSSIER_HEADER = [
  'STT',
  'Mã hồ sơ',
  'Mã thủ tục',
  'Tên thủ tục',
  'Đơn vị',
  'Ngày tiếp nhận',
  'Ngày hẹn trả',
  'Ngày có kết quả',
  'Hình thức nộp',
  'Trạng thái',
  'Thanh toán trực tuyến',
  'Kết quả điện tử',
  'Số hóa thành phần hồ sơ',
] as const;

const UNITS = [
  'UBND phường Noong Bua',
  'UBND phường Him Lam',
  'Phường Thanh Bình',
  'UBND phường Tân Thanh',
  'UBND phường Mường Thanh',
  'Phường Nam Thanh',
  'UBND phường Thanh Trường',
  'UBND xã Thanh Minh',
  'Xã Nà Tấu',
  'UBND xã Nà Nhạn',
  'UBND xã Mường Phăng',
  'UBND xã Pá Khoang',
];

const PROCEDURES: readonly [string, string][] = [
  ['1.001612', 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền cấp'],
  ['1.001193', 'Đăng ký khai sinh'],
  ['1.000894', 'Đăng ký kết hôn'],
  ['2.000908', 'Chứng thực chữ ký trong các giấy tờ, văn bản'],
  ['1.004746', 'Đăng ký khai tử'],
  ['1.003583', 'Xác nhận tình trạng hôn nhân'],
  ['2.001035', 'Cấp bản sao trích lục hộ tịch'],
  ['1.000656', 'Đăng ký thường trú\n(chuyển đến từ địa phương khác)'],
];

const CHANNELS = ['Trực tuyến', 'Trực tiếp', 'Trực tiếp', 'Dịch vụ bưu chính'];

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Calendar parts of a day number (days since 1970-01-01). */
function civil(day: number): { y: number; m: number; d: number } {
  const date = new Date(day * 86_400_000);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
}

function formatDay(day: number): string {
  const { y, m, d } = civil(day);
  return `${pad2(d)}/${pad2(m)}/${y}`;
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One synthetic dossier, as typed values (dates as day numbers plus minutes of the day). */
export interface SyntheticDossier {
  readonly id: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly unit: string;
  readonly receivedDay: number;
  readonly receivedMinute: number;
  readonly deadlineDay: number;
  readonly resultDay: number | null;
  readonly resultMinute: number;
  readonly channel: string;
  readonly status: string;
  readonly paidOnline: string;
  readonly electronicResult: string;
  readonly componentsDigitized: string;
}

const AUG_1_2023 = Date.UTC(2023, 7, 1) / 86_400_000;

/** Produces dossiers received between August and September 2023, with every category of 2023-09. */
export function* syntheticDossiers(rows: number, seed = 766): Generator<SyntheticDossier> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  for (let i = 0; i < rows; i++) {
    const [procedureCode, procedureName] = pick(PROCEDURES);
    const receivedDay = AUG_1_2023 + Math.floor(random() * 61);
    const deadlineDay = receivedDay + Math.floor(random() * 12);
    const roll = random();
    const resultDay = roll < 0.12 ? null : receivedDay + Math.floor(random() * 15);
    const status =
      resultDay === null ? (roll < 0.04 ? 'Chờ bổ sung' : 'Đang xử lý') : roll > 0.985 ? 'Rút hồ sơ' : roll > 0.96 ? 'Trả lại' : 'Đã trả kết quả';
    const { y, m, d } = civil(receivedDay);
    yield {
      id: `H18.94-${y}${pad2(m)}${pad2(d)}-${String(i).padStart(7, '0')}`,
      procedureCode,
      procedureName,
      unit: pick(UNITS),
      receivedDay,
      receivedMinute: 420 + Math.floor(random() * 600),
      deadlineDay,
      resultDay,
      resultMinute: 420 + Math.floor(random() * 600),
      channel: pick(CHANNELS),
      status,
      paidOnline: random() < 0.3 ? 'Có' : 'Không',
      electronicResult: resultDay !== null && random() < 0.6 ? 'Có' : 'Không',
      componentsDigitized: random() < 0.7 ? 'Có' : 'Không',
    };
  }
}

function csvLine(index: number, dossier: SyntheticDossier): string {
  const time = (minute: number, seconds: boolean): string =>
    `${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}${seconds ? `:${pad2(minute % 59)}` : ''}`;
  return [
    String(index + 1),
    dossier.id,
    dossier.procedureCode,
    quote(dossier.procedureName),
    dossier.unit,
    `${formatDay(dossier.receivedDay)} ${time(dossier.receivedMinute, false)}`,
    formatDay(dossier.deadlineDay),
    dossier.resultDay === null ? '' : `${formatDay(dossier.resultDay)} ${time(dossier.resultMinute, true)}`,
    dossier.channel,
    dossier.status,
    dossier.paidOnline,
    dossier.electronicResult,
    dossier.componentsDigitized,
  ].join(',');
}

export interface GeneratedFile {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
}

/**
 * Writes (or reuses) a synthetic dossier CSV of `rows` rows in bench/data/.
 * @example const { path } = await generateDossierCsv({ rows: 1_000_000 });
 */
export async function generateDossierCsv(options: { rows: number; seed?: number; dir?: string }): Promise<GeneratedFile> {
  const seed = options.seed ?? 766;
  const path = join(options.dir ?? BENCH_DATA_DIR, `dossiers-${options.rows}-${seed}.csv`);
  if (existsSync(path)) return { path, rows: options.rows, bytes: statSync(path).size };
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let batch = `\ufeff${DOSSIER_HEADER.join(',')}\r\n`;
  let index = 0;
  for (const dossier of syntheticDossiers(options.rows, seed)) {
    batch += `${csvLine(index++, dossier)}\r\n`;
    if (batch.length > 512 * 1024) {
      if (!out.write(batch)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = '';
    }
  }
  out.write(batch);
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
  renameSync(partial, path);
  return { path, rows: options.rows, bytes: statSync(path).size };
}

/**
 * Writes (or reuses) a synthetic dossier XLSX of `rows` rows, dates as Excel date cells.
 * @example const { path } = await generateDossierXlsx({ rows: 100_000 });
 */
export async function generateDossierXlsx(options: { rows: number; seed?: number; dir?: string }): Promise<GeneratedFile> {
  const seed = options.seed ?? 766;
  const path = join(options.dir ?? BENCH_DATA_DIR, `dossiers-${options.rows}-${seed}.xlsx`);
  if (existsSync(path)) return { path, rows: options.rows, bytes: statSync(path).size };
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: partial, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Danh sách hồ sơ');
  sheet.addRow([...DOSSIER_HEADER]).commit();
  // Excel cells carry the local wall clock: a Date whose UTC fields are the Vietnamese time.
  const asCell = (day: number, minute: number): Date => new Date(day * 86_400_000 + minute * 60_000);
  let index = 0;
  for (const dossier of syntheticDossiers(options.rows, seed)) {
    const row = sheet.addRow([
      ++index,
      dossier.id,
      dossier.procedureCode,
      dossier.procedureName,
      dossier.unit,
      asCell(dossier.receivedDay, dossier.receivedMinute),
      asCell(dossier.deadlineDay, 0),
      dossier.resultDay === null ? null : asCell(dossier.resultDay, dossier.resultMinute),
      dossier.channel,
      dossier.status,
      dossier.paidOnline,
      dossier.electronicResult,
      dossier.componentsDigitized,
    ]);
    row.getCell(6).numFmt = 'dd/mm/yyyy hh:mm';
    row.getCell(7).numFmt = 'dd/mm/yyyy';
    row.getCell(8).numFmt = 'dd/mm/yyyy hh:mm:ss';
    row.commit();
  }
  await workbook.commit();
  renameSync(partial, path);
  return { path, rows: options.rows, bytes: statSync(path).size };
}
