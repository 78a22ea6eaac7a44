// Turns the dvhcvn 2025 reorganisation files (merges.json: new → old with full/partial, splits.json:
// old → new) into the registry's compact country data, refusing any link the two files disagree on.
import { z } from 'zod';
import { KIND_LETTERS, LAST_DAY_BEFORE_REFORM, REFORM_DATE, UnitDataError, type CountryData, type KindLetter } from './country-data.js';
import { kindFromName, officialName } from './unit-name.js';

const oldId = z.string().regex(/^(\d{3}|\d{5})$/);
const mergeLink = z.object({ old_id: oldId, name: z.string().min(1), type: z.enum(['full', 'partial']) }).passthrough();
const mergesSchema = z.object({
  data: z.array(
    z
      .object({
        level1_id: z.string().regex(/^\d{2}$/),
        name: z.string().min(1),
        merges: z.array(z.object({ old_id: z.string().regex(/^\d{2}$/) }).passthrough()).min(1),
        level2s: z.array(z.object({ level2_id: z.string().regex(/^\d{5}$/), name: z.string().min(1), merges: z.array(mergeLink).min(1) }).passthrough()),
      })
      .passthrough(),
  ),
}).passthrough();
const splitLink = z.object({ new_id: z.string().regex(/^\d{5}$/), name: z.string().min(1) }).passthrough();
const oldUnitFields = { name: z.string().min(1), splits: z.array(splitLink).min(1) };
const splitsSchema = z.object({
  data: z.array(
    z
      .object({
        level1_id: z.string().regex(/^\d{2}$/),
        name: z.string().min(1),
        splits: z.array(z.object({ new_id: z.string().regex(/^\d{2}$/) }).passthrough()).min(1),
        /** Island districts that had no communes (Côn Đảo, Lý Sơn…): their own predecessors of a đặc khu. */
        level2s: z.array(z.object({ level2_id: oldId, ...oldUnitFields }).passthrough()).optional(),
        level3s: z.array(z.object({ level3_id: oldId, ...oldUnitFields }).passthrough()),
      })
      .passthrough(),
  ),
}).passthrough();

function parseInput<T>(schema: z.ZodType<T>, raw: unknown, file: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UnitDataError(`Tệp ${file}, trường '${issue.path.join('.')}': ${issue.message}`);
  }
  return result.data;
}

function kindLetter(name: string, file: string, code: string): KindLetter {
  const kind = kindFromName(name);
  if (!kind) throw new UnitDataError(`Tệp ${file}, đơn vị ${code} '${name}': tên không bắt đầu bằng Xã/Phường/Thị trấn/Đặc khu/Huyện`);
  return KIND_LETTERS[kind];
}

/** From shared/data/admin-2025/README.md: one resolution per new province, of which only Điện Biên's number is checked here. */
const BASIS = 'Nghị quyết của Ủy ban Thường vụ Quốc hội số 1654–1687/NQ-UBTVQH15 ngày 16/6/2025 (mỗi tỉnh một nghị quyết) về sắp xếp đơn vị hành chính cấp xã';
const PROVINCE_BASIS: Record<string, string> = { '11': 'Nghị quyết 1661/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã của tỉnh Điện Biên' };

/**
 * Builds the compact country data; every link must be written in both files (new → old with its
 * type in merges.json, old → new in splits.json).
 * @example buildCountryData(merges, splits, { 'merges.json': 'sha256…' }).after.length // 3321
 */
export function buildCountryData(mergesRaw: unknown, splitsRaw: unknown, sources: Record<string, string>): CountryData {
  const merges = parseInput(mergesSchema, mergesRaw, 'merges.json');
  const splits = parseInput(splitsSchema, splitsRaw, 'splits.json');
  const links = new Map<string, 'full' | 'partial'>(); // "old>new" → type, from merges.json
  const after: string[] = [];
  for (const province of merges.data) {
    for (const unit of province.level2s) {
      for (const link of unit.merges) links.set(`${link.old_id}>${unit.level2_id}`, link.type);
      const written = unit.merges.map((l) => `${l.old_id}${l.type === 'full' ? 'f' : 'p'}`).join(' ');
      after.push([unit.level2_id, officialName(unit.name), province.level1_id, kindLetter(unit.name, 'merges.json', unit.level2_id), written].join('|'));
    }
  }
  const before: string[] = [];
  const seen = new Set<string>();
  for (const province of splits.data) {
    const olds = [...(province.level2s ?? []).map((u) => ({ id: u.level2_id, name: u.name, splits: u.splits })), ...province.level3s.map((u) => ({ id: u.level3_id, name: u.name, splits: u.splits }))];
    for (const unit of olds) {
      const written = unit.splits.map((s) => {
        const type = links.get(`${unit.id}>${s.new_id}`);
        if (!type) throw new UnitDataError(`Tệp splits.json: đơn vị cũ ${unit.id} (${unit.name}) → ${s.new_id} (${s.name}) không có trong merges.json`);
        seen.add(`${unit.id}>${s.new_id}`);
        return `${s.new_id}${type === 'full' ? 'f' : 'p'}`;
      });
      before.push([unit.id, officialName(unit.name), province.level1_id, kindLetter(unit.name, 'splits.json', unit.id), written.join(' ')].join('|'));
    }
  }
  for (const link of links.keys()) {
    if (!seen.has(link)) {
      const [oldCode, newCode] = link.split('>');
      throw new UnitDataError(`Tệp merges.json: đơn vị mới ${newCode} ghi đơn vị cũ ${oldCode}, nhưng splits.json không có liên kết ${oldCode} → ${newCode}`);
    }
  }
  const codeOf = (row: string) => row.slice(0, row.indexOf('|'));
  const byCode = (a: string, b: string) => codeOf(a).localeCompare(codeOf(b));
  return {
    $comment: `Generated by schema/units/build-units.ts from dvhcvn's 2025 files (shared/data/admin-2025, MIT); do not edit. Provinces: [code, name, linked codes]. Units: "code|name|province|kind|links", kind x xã, p phường, t thị trấn, d đặc khu, h huyện; links "03127f 03130p" (code, then f full or p partial). 'before' = valid until ${LAST_DAY_BEFORE_REFORM} (as they stood that day; start dates not recorded) with successors; 'after' = valid from ${REFORM_DATE} with predecessors.`,
    format: 1,
    reform: REFORM_DATE,
    sources,
    basis: BASIS,
    provinceBasis: PROVINCE_BASIS,
    provincesBefore: splits.data.map((p) => [p.level1_id, officialName(p.name), p.splits.map((s) => s.new_id).join(' ')]),
    provincesAfter: merges.data.map((p) => [p.level1_id, officialName(p.name), p.merges.map((m) => m.old_id).join(' ')]),
    before: before.sort(byCode),
    after: after.sort(byCode),
  };
}

/** One row per line: the committed file stays small and its diffs readable. */
export function serializeCountryData(data: CountryData): string {
  const rows = (list: readonly unknown[]) => `[\n${list.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]`;
  const head = { $comment: data.$comment, format: data.format, reform: data.reform, sources: data.sources, basis: data.basis, provinceBasis: data.provinceBasis };
  const lines = Object.entries(head).map(([k, v]) => `"${k}": ${JSON.stringify(v)}`);
  for (const key of ['provincesBefore', 'provincesAfter', 'before', 'after'] as const) lines.push(`"${key}": ${rows(data[key])}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
