// The country's administrative units as committed data (schema/units/country/admin-2025.json, built by
// schema/units/build-units.ts): compact rows, validated with zod at build and at load, expanded into units.
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
const unitRow = z
  .string()
  .regex(/^(\d{3}|\d{5})\|[^|]+\|\d{2}\|[xptdh]\|(\d{3}|\d{5})[fp]( (\d{3}|\d{5})[fp])*$/, 'cần "mã|tên|mã tỉnh|loại x/p/t/d/h|liên kết như 03127f 03130p" (mã 5 chữ số, f: toàn bộ, p: một phần)');

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
 * Validates the compact file (zod for the shape, then every link present on both sides with one type)
 * and expands it into provinces and units; the registry resolves the links when first asked.
 * @example expandCountryData(JSON.parse(text), 'admin-2025.json').units.length // 13,373
 */
export function expandCountryData(raw: unknown, file: string): { provinces: Province[]; units: Unit[]; before: () => Unit[] } {
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
  const beforeCodes = new Set(data.provincesBefore.map((p) => p[0]));
  const afterCodes = new Set(data.provincesAfter.map((p) => p[0]));
  checkProvinceLinks(file, 'provincesBefore', data.provincesBefore, afterCodes);
  checkProvinceLinks(file, 'provincesAfter', data.provincesAfter, beforeCodes);
  const expand = (list: 'before' | 'after'): Unit[] => {
    const before = list === 'before';
    const provinceCodes = before ? beforeCodes : afterCodes;
    const units: Unit[] = [];
    for (const row of data[list]) {
      const [code, name, province, kind, linked] = row.split('|') as [string, string, string, KindLetter, string];
      if (!provinceCodes.has(province)) throw new UnitDataError(`Tệp danh mục ${file}, ${list}: đơn vị "${row}" thuộc tỉnh mã ${province} không có trong ${before ? 'provincesBefore' : 'provincesAfter'}`);
      const [prefix, committee] = COMMITTEE_PREFIX[kind];
      units.push({
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
      });
    }
    return units;
  };
  const after = expand('after');
  let before: Unit[] | undefined;
  // The 10,052 old units are built when first needed (a month before 7/2025, a name, lineage): a process
  // about today's country does not pay for them. Their links are checked against the new units then.
  const expandBefore = () => {
    if (!before) {
      before = expand('before');
      checkUnitLinks(file, [...before, ...after]);
    }
    return before;
  };
  return { provinces, units: after, before: expandBefore };
}

/**
 * Every link written in both directions with one type, to a code of the other generation: the file
 * stores each link twice, and the registry resolves them only when lineage is first asked for.
 */
function checkUnitLinks(file: string, units: readonly Unit[]): void {
  const written = new Map<string, { unit: Unit; link: string }>();
  for (const unit of units) for (const s of unit.successors ?? []) written.set(`${unit.code}>${s.code}`, { unit, link: s.link });
  for (const unit of units) {
    for (const p of unit.predecessors ?? []) {
      const key = `${p.code}>${unit.code}`;
      const other = written.get(key);
      if (!other) throw new UnitDataError(`Tệp danh mục ${file}, after: đơn vị ${unit.code} (${unit.name}) ghi đơn vị tiền thân mã ${p.code}, nhưng danh sách before không có đơn vị ${p.code} ghi kế thừa ${unit.code}`);
      if (other.link !== p.link) throw new UnitDataError(`Tệp danh mục ${file}: liên kết ${p.code} (${other.unit.name}) → ${unit.code} (${unit.name}) ghi '${other.link}' ở before, '${p.link}' ở after`);
      written.delete(key);
    }
  }
  for (const [key, { unit }] of written) {
    const code = key.slice(key.indexOf('>') + 1);
    throw new UnitDataError(`Tệp danh mục ${file}, before: đơn vị ${unit.code} (${unit.name}) ghi đơn vị kế thừa mã ${code}, nhưng danh sách after không có đơn vị ${code} ghi tiền thân ${unit.code}`);
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
