// The country's administrative units as committed data (schema/units/country/admin-2025.json, built by
// schema/units/build-units.ts): compact rows, validated with zod at build, expanded into units at load
// (today's at start-up, the former ones a province at a time), each row checked as it is read.
import { z } from 'zod';
import { committeeName } from './unit-name.js';
import type { LineageLink, Province, Unit } from '../core/unit-registry.js';

/** First day of the two-level country (34 provinces, 3,321 communes); the day before ends the old units. */
export const REFORM_DATE = '2025-07-01';
export const LAST_DAY_BEFORE_REFORM = '2025-06-30';

const provinceCode = z.string().regex(/^\d{2}$/, 'cần mã tỉnh 2 chữ số');
/** [code, name, links to the other generation's provinces as codes separated by spaces]. */
const provinceRow = z.tuple([provinceCode, z.string().min(1), z.string().regex(/^\d{2}( \d{2})*$/, 'cần mã tỉnh cách nhau bởi dấu cách')]);
/**
 * One unit per string, "code|name|province|kind|links" — e.g. "03127|Phường Điện Biên Phủ|11|p|03127f 03130f":
 * kind x xã, p phường, t thị trấn, d đặc khu, h huyện; links to the other generation, code + f (full) or
 * p (partial). One string and one regex per unit keep the file small and its load fast.
 */
const UNIT_ROW = /^(\d{3}|\d{5})\|[^|]+\|\d{2}\|[xptdh]\|(\d{3}|\d{5})[fp]( (\d{3}|\d{5})[fp])*$/;
const UNIT_ROW_EXPECTED = 'cần "mã|tên|mã tỉnh|loại x/p/t/d/h|liên kết như 03127f 03130p" (mã 5 chữ số, f: toàn bộ, p: một phần)';

/** Everything but the unit rows' contents: what a start-up checks with zod (each row is checked when it is expanded). */
const fileShape = (unitRows: z.ZodType<string[]>) =>
  z
    .object({
      $comment: z.string(),
      format: z.literal(1),
      reform: z.literal(REFORM_DATE),
      sources: z.record(z.string(), z.string()),
      /** The legal basis of the reorganisation, and per new province when its own resolution is known. */
      basis: z.string().min(1),
      provinceBasis: z.record(provinceCode, z.string().min(1)),
      provincesBefore: z.array(provinceRow),
      provincesAfter: z.array(provinceRow),
      before: unitRows,
      after: unitRows,
    })
    .strict();

/** The whole file, every row included: checked at build (schema/units/build-units.ts) and on the committed file by a test. */
export const countryDataSchema = fileShape(z.array(z.string().regex(UNIT_ROW, UNIT_ROW_EXPECTED)));
/** At load: the lists are lists (13,373 rows through zod one by one cost more than the rest of the start-up); each row is checked as it is read. */
const countryHeadSchema = fileShape(z.custom<string[]>(Array.isArray, 'cần một danh sách'));

export type CountryData = z.infer<typeof countryDataSchema>;
export type KindLetter = 'x' | 'p' | 't' | 'd' | 'h';

const KINDS = { x: 'rural_commune', p: 'ward', t: 'township', d: 'special_zone', h: 'district' } as const;
/** The committee's name from the kind letter: "Phường Him Lam" → "UBND phường Him Lam" without a regex per unit. */
const COMMITTEE_PREFIX = { x: ['Xã ', 'UBND xã '], p: ['Phường ', 'UBND phường '], t: ['Thị trấn ', 'UBND thị trấn '], d: ['Đặc khu ', 'UBND đặc khu '], h: ['Huyện ', 'UBND huyện '] } as const;
/** One shared, frozen empty list for the thousands of units without aliases or links on one side. */
const NONE: never[] = Object.freeze([]) as never[];
export const KIND_LETTERS = { rural_commune: 'x', ward: 'p', township: 't', special_zone: 'd', district: 'h' } as const;

/** Problems in a lineage or unit file: the message names the entry (file, list, code) and what was wrong. */
export class UnitDataError extends Error {
  readonly code = 'INVALID_UNIT_DATA';
  constructor(message: string) {
    super(message);
    this.name = 'UnitDataError';
  }
}

function parseLinks(text: string): LineageLink[] {
  return text.split(' ').map((token) => ({ code: token.slice(0, -1), link: token.endsWith('f') ? 'full' : 'partial' }));
}

/**
 * The units valid until 30/6/2025, read a province at a time: a process looking at one province's
 * months (a report of September 2023) builds and checks the hundred or so units it needs, not all
 * 10,052. Every call gives the same objects.
 */
export interface FormerUnits {
  /** The province (its code before the reform) of the former unit with this code; undefined when none has it. */
  provinceOf(code: string): string | undefined;
  /** The former units of a province: rows checked, units built, their links checked both ways (on first call). */
  of(province: string): readonly Unit[];
  /** Every former unit, in the file's order (all provinces read). */
  all(): readonly Unit[];
}

/**
 * Checks the file's shape (zod, all but the rows' contents), expands today's units (each row checked)
 * and gives the former units per province, read when first asked for (rows and links checked then).
 * @example expandCountryData(JSON.parse(text), 'admin-2025.json').before.all().length // 10,052
 */
export function expandCountryData(raw: unknown, file: string): { provinces: Province[]; units: Unit[]; before: FormerUnits } {
  const parsed = countryHeadSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [list, index] = issue.path;
    const entry = typeof index === 'number' && Array.isArray((raw as Record<string, unknown>)[String(list)]) ? ` (mục ${JSON.stringify(((raw as Record<string, unknown[]>)[String(list)]!)[index])})` : '';
    throw new UnitDataError(`Tệp danh mục ${file}, trường '${issue.path.join('.')}'${entry}: ${issue.message}`);
  }
  const data = parsed.data;
  const provinces: Province[] = [
    ...data.provincesBefore.map(([code, name, successors]): Province => ({ code, name, validFrom: null, validTo: LAST_DAY_BEFORE_REFORM, predecessors: [], successors: successors.split(' '), basis: data.basis })),
    ...data.provincesAfter.map(([code, name, predecessors]): Province => ({ code, name, validFrom: REFORM_DATE, validTo: null, predecessors: predecessors.split(' '), successors: [], basis: data.provinceBasis[code] ?? data.basis })),
  ];
  const beforeCodes = new Set(data.provincesBefore.map((p) => p[0]));
  const afterCodes = new Set(data.provincesAfter.map((p) => p[0]));
  checkProvinceLinks(file, 'provincesBefore', data.provincesBefore, afterCodes);
  checkProvinceLinks(file, 'provincesAfter', data.provincesAfter, beforeCodes);
  const after = data.after.map((row, index) => unitOfRow(file, 'after', row, index, afterCodes));
  return { provinces, units: after, before: formerUnits(file, data.before, after, beforeCodes) };
}

/** One row checked and expanded into a unit ('before': valid until 30/6/2025 with successors; 'after': from 1/7/2025 with predecessors). */
function unitOfRow(file: string, list: 'before' | 'after', row: string, index: number, provinceCodes: ReadonlySet<string>): Unit {
  if (typeof row !== 'string' || !UNIT_ROW.test(row)) throw rowError(file, list, row, index);
  const before = list === 'before';
  const [code, name, province, kind, linked] = row.split('|') as [string, string, string, KindLetter, string];
  if (!provinceCodes.has(province)) throw new UnitDataError(`Tệp danh mục ${file}, ${list}: đơn vị "${row}" thuộc tỉnh mã ${province} không có trong ${before ? 'provincesBefore' : 'provincesAfter'}`);
  const [prefix, committee] = COMMITTEE_PREFIX[kind];
  return {
    code,
    name,
    displayName: name.startsWith(prefix) ? committee + name.slice(prefix.length) : committeeName(name),
    level: kind === 'h' ? 'district' : 'commune',
    kind: KINDS[kind],
    provinceCode: province,
    districtCode: null,
    portalCode: null,
    aliases: NONE,
    // The data describe the old units as they stood on 30/6/2025; when each one began is not recorded.
    validFrom: before ? null : REFORM_DATE,
    validTo: before ? LAST_DAY_BEFORE_REFORM : null,
    predecessors: before ? NONE : parseLinks(linked),
    successors: before ? parseLinks(linked) : NONE,
  };
}

const rowError = (file: string, list: 'before' | 'after', row: unknown, index: number) =>
  new UnitDataError(`Tệp danh mục ${file}, trường '${list}.${index}' (mục ${JSON.stringify(row)}): ${UNIT_ROW_EXPECTED}`);

/** The field between the second and third '|' of a row, without splitting it (the index reads every row). */
function provinceField(row: string): string {
  const second = row.indexOf('|', row.indexOf('|') + 1);
  return row.slice(second + 1, row.indexOf('|', second + 1));
}

/**
 * The former units of the file, read per province. On first use every row's code and province are
 * indexed and every predecessor written by today's units is checked to exist; reading a province
 * checks its rows and that each of its links is written on both sides with one type.
 */
function formerUnits(file: string, rows: readonly string[], after: readonly Unit[], provinceCodes: ReadonlySet<string>): FormerUnits {
  type Index = { provinceOf: Map<string, string>; rowsOf: Map<string, number[]>; writtenAfter: Map<string, { unit: Unit; link: string }[]> };
  let index: Index | undefined;
  const built: Unit[] = new Array(rows.length);
  const read = new Map<string, Unit[]>();
  const indexed = (): Index => {
    if (index) return index;
    const provinceOf = new Map<string, string>();
    const rowsOf = new Map<string, number[]>();
    rows.forEach((row, i) => {
      if (typeof row !== 'string') throw rowError(file, 'before', row, i);
      const code = row.slice(0, row.indexOf('|'));
      const province = provinceField(row);
      if (provinceOf.has(code)) {
        throw new UnitDataError(`Tệp danh mục ${file}, before: mã đơn vị ${code} khai báo hai lần (mục ${JSON.stringify(rows.find((r) => r.startsWith(`${code}|`)))} và ${JSON.stringify(row)})`);
      }
      provinceOf.set(code, province);
      const list = rowsOf.get(province);
      if (list) list.push(i);
      else rowsOf.set(province, [i]);
    });
    const writtenAfter = new Map<string, { unit: Unit; link: string }[]>();
    for (const unit of after) {
      for (const p of unit.predecessors ?? []) {
        if (!provinceOf.has(p.code)) throw new UnitDataError(`Tệp danh mục ${file}, after: đơn vị ${unit.code} (${unit.name}) ghi đơn vị tiền thân mã ${p.code}, nhưng danh sách before không có đơn vị ${p.code} ghi kế thừa ${unit.code}`);
        const list = writtenAfter.get(p.code);
        if (list) list.push({ unit, link: p.link });
        else writtenAfter.set(p.code, [{ unit, link: p.link }]);
      }
    }
    return (index = { provinceOf, rowsOf, writtenAfter });
  };
  const of = (province: string): readonly Unit[] => {
    let units = read.get(province);
    if (units) return units;
    const { rowsOf, writtenAfter } = indexed();
    units = (rowsOf.get(province) ?? []).map((i) => (built[i] = unitOfRow(file, 'before', rows[i]!, i, provinceCodes)));
    for (const unit of units) checkLinksBothWays(file, unit, writtenAfter.get(unit.code) ?? []);
    read.set(province, units);
    return units;
  };
  return {
    provinceOf: (code) => indexed().provinceOf.get(code),
    of,
    all: () => {
      for (const province of indexed().rowsOf.keys()) of(province);
      return built;
    },
  };
}

/**
 * A former unit's links as written on both sides: each successor it names names it back as a
 * predecessor with the same type, and each unit of today naming it is among its successors.
 */
function checkLinksBothWays(file: string, unit: Unit, writtenAfter: readonly { unit: Unit; link: string }[]): void {
  for (const s of unit.successors ?? []) {
    const other = writtenAfter.find((w) => w.unit.code === s.code);
    if (!other) throw new UnitDataError(`Tệp danh mục ${file}, before: đơn vị ${unit.code} (${unit.name}) ghi đơn vị kế thừa mã ${s.code}, nhưng danh sách after không có đơn vị ${s.code} ghi tiền thân ${unit.code}`);
    if (other.link !== s.link) throw new UnitDataError(`Tệp danh mục ${file}: liên kết ${unit.code} (${unit.name}) → ${other.unit.code} (${other.unit.name}) ghi '${s.link}' ở before, '${other.link}' ở after`);
  }
  for (const w of writtenAfter) {
    if (!unit.successors?.some((s) => s.code === w.unit.code)) {
      throw new UnitDataError(`Tệp danh mục ${file}, after: đơn vị ${w.unit.code} (${w.unit.name}) ghi đơn vị tiền thân mã ${unit.code}, nhưng danh sách before không có đơn vị ${unit.code} ghi kế thừa ${w.unit.code}`);
    }
  }
}

function checkProvinceLinks(file: string, list: string, rows: CountryData['provincesBefore'], otherCodes: ReadonlySet<string>): void {
  const codes = new Set<string>();
  for (const [code, name, linked] of rows) {
    if (codes.has(code)) throw new UnitDataError(`Tệp danh mục ${file}, ${list}: tỉnh mã ${code} (${name}) khai báo hai lần`);
    codes.add(code);
    for (const other of linked.split(' ')) {
      if (!otherCodes.has(other)) throw new UnitDataError(`Tệp danh mục ${file}, ${list}: tỉnh ${code} (${name}) liên kết tới tỉnh mã ${other} không có trong danh sách còn lại`);
    }
  }
}
