// The country's administrative units as committed data (schema/units/country/admin-2025.json, built by
// schema/units/build-units.ts): compact rows, validated with zod at build and at load, expanded into units.
import { z } from 'zod';
import { committeeName } from './unit-name.js';
import type { LineageLink, Province, Unit } from '../core/unit-registry.js';

/** First day of the two-level country (34 provinces, 3,321 communes); the day before ends the old units. */
export const REFORM_DATE = '2025-07-01';
export const LAST_DAY_BEFORE_REFORM = '2025-06-30';

const unitCode = z.string().regex(/^(\d{3}|\d{5})$/, 'cần mã thống kê 5 chữ số (xã) hoặc 3 chữ số (huyện)');
const provinceCode = z.string().regex(/^\d{2}$/, 'cần mã tỉnh 2 chữ số');
/** Links written "03127f 03130p": the other unit's code, then f (full) or p (partial). */
const links = z.string().regex(/^(\d{3}|\d{5})[fp]( (\d{3}|\d{5})[fp])*$/, 'cần danh sách liên kết dạng "03127f 03130p" (mã + f: toàn bộ, p: một phần)');
const kindLetter = z.enum(['x', 'p', 't', 'd', 'h']);
/** [code, name, links to the other generation's provinces as codes separated by spaces]. */
const provinceRow = z.tuple([provinceCode, z.string().min(1), z.string().regex(/^\d{2}( \d{2})*$/, 'cần mã tỉnh cách nhau bởi dấu cách')]);
/** [code, name, province code, kind letter, links to the other generation's units]. */
const unitRow = z.tuple([unitCode, z.string().min(1), provinceCode, kindLetter, links]);

export const countryDataSchema = z
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
    before: z.array(unitRow),
    after: z.array(unitRow),
  })
  .strict();

export type CountryData = z.infer<typeof countryDataSchema>;
export type CountryUnitRow = z.infer<typeof unitRow>;

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
 * Validates the compact file's shape (zod) and expands it into provinces and units; lineage
 * consistency (unknown codes, one-sided links, cycles) is checked by the registry that receives them.
 * @example expandCountryData(JSON.parse(text), 'admin-2025.json').units.length // 13,373
 */
export function expandCountryData(raw: unknown, file: string): { provinces: Province[]; units: Unit[] } {
  const parsed = countryDataSchema.safeParse(raw);
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
  const unit = (row: CountryUnitRow, before: boolean): Unit => {
    const [code, name, province, kind, linked] = row;
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
  };
  const units = [...data.before.map((row) => unit(row, true)), ...data.after.map((row) => unit(row, false))];
  checkProvinceCodes(data, file);
  return { provinces, units };
}

function checkProvinceCodes(data: CountryData, file: string): void {
  const lists = [
    ['provincesBefore', data.provincesBefore, 'before', data.before, data.provincesAfter],
    ['provincesAfter', data.provincesAfter, 'after', data.after, data.provincesBefore],
  ] as const;
  for (const [provinceList, rows, unitList, units, others] of lists) {
    const codes = new Set<string>();
    const otherCodes = new Set(others.map((p) => p[0]));
    for (const [code, name, linked] of rows) {
      if (codes.has(code)) throw new UnitDataError(`Tệp danh mục ${file}, ${provinceList}: tỉnh mã ${code} (${name}) khai báo hai lần`);
      codes.add(code);
      for (const other of linked.split(' ')) {
        if (!otherCodes.has(other)) throw new UnitDataError(`Tệp danh mục ${file}, ${provinceList}: tỉnh ${code} (${name}) liên kết tới tỉnh mã ${other} không có trong danh sách còn lại`);
      }
    }
    for (const [code, name, province] of units) {
      if (!codes.has(province)) throw new UnitDataError(`Tệp danh mục ${file}, ${unitList}: đơn vị ${code} (${name}) thuộc tỉnh mã ${province} không có trong ${provinceList}`);
    }
  }
}
