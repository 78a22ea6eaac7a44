// Recognising the columns of a dossier list from its header row. Vendors name the same column in
// several ways ("Đơn vị", "Cơ quan tiếp nhận", "Nơi tiếp nhận"; "Ngày có kết quả", "Ngày hoàn thành"),
// so each column is matched by keywords on the folded header, most specific rule first.
import { foldHeader } from '../one-door/header-text.js';

export type DossierField =
  | 'index'
  | 'note'
  | 'dossierId'
  | 'procedureCode'
  | 'procedure'
  | 'unitCode'
  | 'unit'
  | 'received'
  | 'deadline'
  | 'result'
  | 'channel'
  | 'status'
  | 'paidOnline'
  | 'fee'
  | 'electronicResult'
  | 'componentsDigitized';

/** Columns without which a month cannot be counted. */
export const REQUIRED_DOSSIER_FIELDS = ['unit', 'received', 'deadline', 'result', 'channel'] as const satisfies readonly DossierField[];

/** How each column is called in messages to the operator. */
export const DOSSIER_FIELD_LABELS: Record<DossierField, string> = {
  index: 'STT',
  note: 'Ghi chú',
  dossierId: 'Mã hồ sơ',
  procedureCode: 'Mã thủ tục',
  procedure: 'Tên thủ tục',
  unitCode: 'Mã đơn vị',
  unit: 'Đơn vị (Cơ quan tiếp nhận / Nơi tiếp nhận)',
  received: 'Ngày tiếp nhận',
  deadline: 'Ngày hẹn trả',
  result: 'Ngày có kết quả (Ngày hoàn thành)',
  channel: 'Hình thức nộp',
  status: 'Trạng thái',
  paidOnline: 'Thanh toán trực tuyến',
  fee: 'Phí, lệ phí',
  electronicResult: 'Kết quả điện tử',
  componentsDigitized: 'Số hóa thành phần hồ sơ',
};

const has = (folded: string, ...words: string[]): boolean => words.some((w) => ` ${folded} `.includes(` ${w} `));

// Order matters: "Mã thủ tục" and "Thủ tục có phí" before "Tên thủ tục", "Kết quả số hóa" before "Số hóa", the date
// columns before the unit (whose keywords "cơ quan", "tiếp nhận" also occur in them).
const RULES: readonly [DossierField, (folded: string) => boolean][] = [
  ['index', (f) => /^(stt|tt|so tt|so thu tu)$/.test(f)],
  ['note', (f) => has(f, 'ghi chu')],
  ['dossierId', (f) => has(f, 'ma ho so', 'so ho so', 'ma bien nhan', 'so bien nhan')],
  ['procedureCode', (f) => has(f, 'ma thu tuc', 'ma tthc')],
  ['paidOnline', (f) => has(f, 'thanh toan')],
  ['fee', (f) => has(f, 'phi', 'nghia vu tai chinh')],
  ['procedure', (f) => has(f, 'thu tuc', 'tthc')],
  ['unitCode', (f) => has(f, 'ma don vi', 'ma dinh danh', 'ma dvhc', 'ma co quan')],
  ['received', (f) => has(f, 'ngay tiep nhan', 'ngay nhan', 'thoi gian tiep nhan', 'ngay nop')],
  ['deadline', (f) => has(f, 'hen tra', 'han xu ly', 'han giai quyet', 'thoi han giai quyet', 'ngay het han')],
  ['result', (f) => has(f, 'ngay co ket qua', 'ngay hoan thanh', 'ngay tra ket qua', 'ngay ket thuc', 'thoi gian co ket qua', 'ngay giai quyet xong')],
  ['channel', (f) => has(f, 'hinh thuc', 'kenh')],
  ['status', (f) => has(f, 'trang thai', 'tinh trang')],
  ['electronicResult', (f) => has(f, 'ket qua dien tu', 'ket qua so hoa', 'ket qua ban dien tu')],
  ['componentsDigitized', (f) => has(f, 'so hoa')],
  ['unit', (f) => has(f, 'don vi', 'co quan', 'noi tiep nhan', 'bo phan tiep nhan')],
];

export interface DossierListLayout {
  /** 0-based column of each recognised field. */
  readonly columns: Readonly<Partial<Record<DossierField, number>>>;
  /** Header texts as found, by 0-based column. */
  readonly headers: readonly string[];
  /** Non-empty headers that matched no field, or repeated a field already matched. */
  readonly unknown: readonly { readonly column: number; readonly header: string }[];
  readonly missing: readonly DossierField[];
}

/**
 * Matches a header row to dossier-list fields.
 * @example matchDossierHeader(['Mã hồ sơ', 'Đơn vị', 'Ngày tiếp nhận']).columns.unit // 1
 */
export function matchDossierHeader(headers: readonly string[]): DossierListLayout {
  const columns: Partial<Record<DossierField, number>> = {};
  const unknown: { column: number; header: string }[] = [];
  headers.forEach((header, column) => {
    // "(Có/Không)" and similar hints say nothing about which column it is.
    const folded = foldHeader(header).replace(/\s*\bco khong\b$/, '').trim();
    if (folded === '') return;
    const rule = RULES.find(([, test]) => test(folded));
    if (rule === undefined || columns[rule[0]] !== undefined) unknown.push({ column, header });
    else columns[rule[0]] = column;
  });
  const missing = REQUIRED_DOSSIER_FIELDS.filter((field) => columns[field] === undefined);
  return { columns, headers, unknown, missing };
}

/** True when a row looks like a dossier list's header (used to find it below title rows, and to sniff files). */
export function looksLikeDossierHeader(headers: readonly string[]): boolean {
  const { columns } = matchDossierHeader(headers);
  return columns.received !== undefined && columns.unit !== undefined && (columns.deadline !== undefined || columns.result !== undefined);
}
