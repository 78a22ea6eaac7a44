// Reads dvhcvn-style JSON into registry units, so a whole province is added as data instead of typed by
// hand: the three-level format (province → district → commune, before 1/7/2025) or the two-level one
// (province → commune, since then), detected from the file.
import { z } from 'zod';
import { committeeName, kindFromName, officialName } from './unit-name.js';
import type { RegistryFile, Unit } from './unit-types.js';

const level3Schema = z.object({ level3_id: z.string().regex(/^\d{5}$/), name: z.string().min(1), type: z.string().optional() }).passthrough();
const level2Schema = z
  .object({ level2_id: z.string().regex(/^\d{3}$/), name: z.string().min(1), type: z.string().optional(), level3s: z.array(level3Schema) })
  .passthrough();
const level1Schema = z
  .object({ level1_id: z.string().regex(/^\d{2}$/), name: z.string().min(1), type: z.string().optional(), level2s: z.array(level2Schema) })
  .passthrough();
const dvhcvnSchema = z.union([z.object({ data: z.array(level1Schema) }).passthrough(), z.array(level1Schema)]);
/** Since 1/7/2025: communes directly under the province, 5-digit codes in level2_id (merges.json has this shape). */
const communeSchema = z.object({ level2_id: z.string().regex(/^\d{5}$/), name: z.string().min(1), type: z.string().optional() }).passthrough();
const twoLevelProvince = z
  .object({ level1_id: z.string().regex(/^\d{2}$/), name: z.string().min(1), type: z.string().optional(), level2s: z.array(communeSchema) })
  .passthrough();
const twoLevelSchema = z.union([z.object({ data: z.array(twoLevelProvince) }).passthrough(), z.array(twoLevelProvince)]);

/** Which format a document is in: the first level-2 entry tells (districts hold level3s; communes have 5-digit ids and none). */
export function dvhcvnFormat(raw: unknown): 'three-level' | 'two-level' {
  const provinces = Array.isArray(raw) ? raw : (raw as { data?: unknown } | null)?.data;
  if (!Array.isArray(provinces)) return 'three-level';
  for (const province of provinces) {
    const first = (province as { level2s?: unknown[] } | null)?.level2s?.[0] as Record<string, unknown> | undefined;
    if (first) return 'level3s' in first || !/^\d{5}$/.test(String(first.level2_id ?? '')) ? 'three-level' : 'two-level';
  }
  return 'three-level';
}

export interface DvhcvnOptions {
  /** Statistics code of the province to take (e.g. '11' for Điện Biên). */
  readonly provinceCode: string;
  /** Only this district (3-digit code), when given. */
  readonly districtCode?: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

/**
 * Converts a dvhcvn document into a registry file for one province (communes only).
 * @example dvhcvnToRegistry(JSON.parse(text), { provinceCode: '11', validFrom: '2008-01-01', validTo: '2025-06-30' })
 */
export function dvhcvnToRegistry(raw: unknown, options: DvhcvnOptions): RegistryFile {
  if (dvhcvnFormat(raw) === 'two-level') return twoLevelToRegistry(raw, options);
  const parsed = dvhcvnSchema.safeParse(raw);
  if (!parsed.success) throw formatError(parsed.error, 'data[].level1_id/level2s[].level2_id/level3s[].level3_id (ba cấp)');
  const provinces = Array.isArray(parsed.data) ? parsed.data : parsed.data.data;
  const province = findProvince(provinces, options.provinceCode);
  const units: Unit[] = [];
  for (const district of province.level2s) {
    if (options.districtCode && district.level2_id !== options.districtCode) continue;
    for (const commune of district.level3s) units.push(communeUnit(commune.level3_id, commune.name, province.level1_id, district.level2_id, options));
  }
  if (!units.length) throw new Error(`Tệp dvhcvn: tỉnh ${province.name} không có xã/phường nào${options.districtCode ? ` trong huyện mã ${options.districtCode}` : ''}`);
  return { province: { code: province.level1_id, name: province.name }, units };
}

function twoLevelToRegistry(raw: unknown, options: DvhcvnOptions): RegistryFile {
  if (options.districtCode) throw new Error(`Tệp dvhcvn hai cấp (tỉnh → xã, từ 1/7/2025) không có huyện: bỏ --district ${options.districtCode}`);
  const parsed = twoLevelSchema.safeParse(raw);
  if (!parsed.success) throw formatError(parsed.error, 'data[].level1_id/level2s[].level2_id (hai cấp, mã xã 5 chữ số)');
  const provinces = Array.isArray(parsed.data) ? parsed.data : parsed.data.data;
  const province = findProvince(provinces, options.provinceCode);
  const units = province.level2s.map((commune) => communeUnit(commune.level2_id, commune.name, province.level1_id, null, options));
  if (!units.length) throw new Error(`Tệp dvhcvn: tỉnh ${province.name} không có xã/phường nào`);
  return { province: { code: province.level1_id, name: officialName(province.name) }, units };
}

function formatError(error: z.ZodError, expected: string): Error {
  const issue = error.issues[0]!;
  return new Error(`Tệp dvhcvn không đúng cấu trúc tại '${issue.path.join('.')}': ${issue.message} (cần ${expected})`);
}

function findProvince<P extends { level1_id: string; name: string }>(provinces: readonly P[], code: string): P {
  const province = provinces.find((p) => p.level1_id === code);
  if (!province) throw new Error(`Tệp dvhcvn không có tỉnh mã ${code} (có: ${provinces.map((p) => `${p.level1_id} ${p.name}`).slice(0, 10).join(', ')}…)`);
  return province;
}

function communeUnit(code: string, rawName: string, provinceCode: string, districtCode: string | null, options: DvhcvnOptions): Unit {
  const name = officialName(rawName);
  const kind = kindFromName(name);
  return {
    code,
    name,
    displayName: committeeName(name),
    level: 'commune',
    ...(kind ? { kind } : {}),
    provinceCode,
    districtCode,
    portalCode: null,
    aliases: [],
    validFrom: options.validFrom,
    validTo: options.validTo,
  };
}
