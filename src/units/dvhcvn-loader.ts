// Reads dvhcvn-style JSON (provinces → districts → communes, with statistics office codes) into
// registry units, so a whole province is added as data instead of typed by hand.
import { z } from 'zod';
import type { RegistryFile } from './unit-registry.js';
import type { Unit } from '../core/unit-registry.js';

const level3Schema = z.object({ level3_id: z.string().regex(/^\d{5}$/), name: z.string().min(1), type: z.string().optional() }).passthrough();
const level2Schema = z
  .object({ level2_id: z.string().regex(/^\d{3}$/), name: z.string().min(1), type: z.string().optional(), level3s: z.array(level3Schema) })
  .passthrough();
const level1Schema = z
  .object({ level1_id: z.string().regex(/^\d{2}$/), name: z.string().min(1), type: z.string().optional(), level2s: z.array(level2Schema) })
  .passthrough();
const dvhcvnSchema = z.union([z.object({ data: z.array(level1Schema) }).passthrough(), z.array(level1Schema)]);

export interface DvhcvnOptions {
  /** Statistics code of the province to take (e.g. '11' for Điện Biên). */
  readonly provinceCode: string;
  /** Only this district (3-digit code), when given. */
  readonly districtCode?: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

/** "Phường Him Lam" → "UBND phường Him Lam": the name reports use for a commune's People's Committee. */
export function committeeName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  const match = /^(Phường|Xã|Thị trấn|Đặc khu)\s+(.+)$/u.exec(trimmed);
  return match ? `UBND ${match[1]!.toLowerCase()} ${match[2]}` : `UBND ${trimmed}`;
}

/**
 * Converts a dvhcvn document into a registry file for one province (communes only).
 * @example dvhcvnToRegistry(JSON.parse(text), { provinceCode: '11', validFrom: '2008-01-01', validTo: '2025-06-30' })
 */
export function dvhcvnToRegistry(raw: unknown, options: DvhcvnOptions): RegistryFile {
  const parsed = dvhcvnSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Tệp dvhcvn không đúng cấu trúc tại '${issue.path.join('.')}': ${issue.message} (cần data[].level1_id/level2s[].level2_id/level3s[].level3_id)`);
  }
  const provinces = Array.isArray(parsed.data) ? parsed.data : parsed.data.data;
  const province = provinces.find((p) => p.level1_id === options.provinceCode);
  if (!province) {
    throw new Error(`Tệp dvhcvn không có tỉnh mã ${options.provinceCode} (có: ${provinces.map((p) => `${p.level1_id} ${p.name}`).slice(0, 10).join(', ')}…)`);
  }
  const units: Unit[] = [];
  for (const district of province.level2s) {
    if (options.districtCode && district.level2_id !== options.districtCode) continue;
    for (const commune of district.level3s) {
      units.push({
        code: commune.level3_id,
        name: commune.name.normalize('NFC').trim(),
        displayName: committeeName(commune.name),
        level: 'commune',
        provinceCode: province.level1_id,
        districtCode: district.level2_id,
        portalCode: null,
        aliases: [],
        validFrom: options.validFrom,
        validTo: options.validTo,
      });
    }
  }
  if (!units.length) throw new Error(`Tệp dvhcvn: tỉnh ${province.name} không có xã/phường nào${options.districtCode ? ` trong huyện mã ${options.districtCode}` : ''}`);
  return { province: { code: province.level1_id, name: province.name }, units };
}
