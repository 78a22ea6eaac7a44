// The unit registry: administrative units with statistics codes, names, aliases and validity dates.
// Units are matched by code, then by normalised name among the units valid in the period; an unknown
// or ambiguous name is reported with the closest known names, never guessed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { periodBounds, type Period } from '../core/period.js';
import { stripDiacritics, unitNameKey } from './unit-name.js';
import { UnknownUnitError, type Unit, type UnitMatch, type UnitRegistry } from '../core/unit-registry.js';
import { editDistance } from '../core/edit-distance.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

const unitSchema = z
  .object({
    code: z.string().regex(/^\d{2,5}$/, 'expected a statistics office code (2–5 digits)'),
    name: z.string().min(1),
    displayName: z.string().min(1),
    level: z.enum(['province', 'district', 'commune', 'provincial_department']),
    provinceCode: z.string().regex(/^\d{2}$/),
    districtCode: z.string().regex(/^\d{3}$/).nullable().optional(),
    portalCode: z.string().nullable().optional(),
    portalDepartmentId: z.string().nullable().optional(),
    aliases: z.array(z.string()).default([]),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    successorCode: z.string().nullable().optional(),
  })
  .strict() satisfies z.ZodType<Unit>;

const registryFileSchema = z.object({
  $comment: z.string().optional(),
  province: z.object({
    code: z.string(),
    name: z.string(),
    portalCode: z.string().optional(),
    portalRootDepartmentId: z.string().optional(),
  }),
  district: z.object({ code: z.string(), name: z.string(), reportAuthority: z.string().optional() }).optional(),
  units: z.array(unitSchema),
});

export type RegistryFile = z.infer<typeof registryFileSchema>;

function isValidIn(unit: Unit, period: Period): boolean {
  const { first, last } = periodBounds(period);
  return unit.validFrom <= last && (unit.validTo === null || unit.validTo >= first);
}

/** The registry indexed by code, portal id and name key, built once from the registry files. */
export class UnitRegistryIndex implements UnitRegistry {
  readonly #byCode = new Map<string, Unit>();
  readonly #byPortal = new Map<string, Unit>();
  /** Normalised name key → units with that name, official name or alias (indexed once: exports have thousands of rows). */
  readonly #byName = new Map<string, Unit[]>();

  constructor(readonly units: readonly Unit[]) {
    for (const unit of units) {
      if (this.#byCode.has(unit.code)) throw new Error(`Mã đơn vị ${unit.code} khai báo hai lần trong danh mục`);
      this.#byCode.set(unit.code, unit);
      for (const id of [unit.portalCode, unit.portalDepartmentId]) if (id) this.#byPortal.set(id, unit);
      for (const key of new Set([unit.name, unit.displayName, ...unit.aliases].map(unitNameKey))) {
        const list = this.#byName.get(key);
        if (list) list.push(unit);
        else this.#byName.set(key, [unit]);
      }
    }
  }

  byCode(code: string): Unit | undefined {
    return this.#byCode.get(code.trim()) ?? this.#byCode.get(code.trim().padStart(5, '0'));
  }

  /** The unit with this portal agency code (H18.105) or portal department id. */
  byPortalId(id: string): Unit | undefined {
    return this.#byPortal.get(id.trim());
  }

  /** Units valid at some point in the period, optionally limited to a level and a parent. */
  validIn(period: Period, filter: { level?: Unit['level']; provinceCode?: string; districtCode?: string } = {}): Unit[] {
    return this.units.filter(
      (u) =>
        isValidIn(u, period) &&
        (!filter.level || u.level === filter.level) &&
        (!filter.provinceCode || u.provinceCode === filter.provinceCode) &&
        (!filter.districtCode || u.districtCode === filter.districtCode),
    );
  }

  /**
   * Matches a unit found in a source: by code first (statistics or portal code), then by name.
   * @example registry.match({ name: 'UBND Thanh Bình' }, period).unit.code // '03130'
   */
  match(found: { code?: string | null; name?: string | null }, period: Period, scope: { provinceCode?: string } = {}): UnitMatch {
    const code = found.code?.trim();
    if (code) {
      const unit = this.byCode(code) ?? this.byPortalId(code);
      if (unit) {
        if (!isValidIn(unit, period)) throw new UnknownUnitError(code, [unit.displayName], 'not-valid-in-period');
        return { unit, by: 'code' };
      }
    }
    const name = found.name?.trim() ?? '';
    if (!name) throw new UnknownUnitError(code ?? '(trống)', [], 'unknown');
    const candidates = (this.#byName.get(unitNameKey(name)) ?? []).filter(
      (u) => isValidIn(u, period) && (!scope.provinceCode || u.provinceCode === scope.provinceCode),
    );
    if (candidates.length === 1) return { unit: candidates[0]!, by: 'name' };
    if (candidates.length > 1) throw new UnknownUnitError(name, candidates.map((u) => `${u.displayName} (${u.code})`), 'ambiguous');
    throw new UnknownUnitError(name, this.closestNames(name, period, scope), 'unknown');
  }

  /** Up to three known unit names closest to a name (diacritics ignored), for error messages. */
  closestNames(name: string, period: Period, scope: { provinceCode?: string } = {}, limit = 3): string[] {
    const target = stripDiacritics(unitNameKey(name));
    return this.validIn(period, scope)
      .map((u) => ({ u, d: editDistance(target, stripDiacritics(unitNameKey(u.name))) }))
      .sort((a, b) => a.d - b.d || a.u.code.localeCompare(b.u.code))
      .slice(0, limit)
      .map(({ u }) => `${u.displayName} (${u.code})`);
  }
}

export const DEFAULT_UNITS_DIR = fileURLToPath(new URL('../../schema/units/', import.meta.url));

/** Parses one registry file, naming the file and field on error. */
export function parseRegistryFile(raw: unknown, file: string): RegistryFile {
  const result = registryFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`Tệp danh mục đơn vị ${file}, trường '${issue.path.join('.')}': ${issue.message}`);
  }
  return result.data;
}

/**
 * Loads every registry file of a folder (*.json) into one registry.
 * @example loadUnitRegistry().byCode('03127')?.displayName // 'UBND phường Him Lam'
 */
export function loadUnitRegistry(dir: string = DEFAULT_UNITS_DIR): UnitRegistryIndex {
  const units: Unit[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    units.push(...parseRegistryFile(JSON.parse(readFileSync(join(dir, name), 'utf8')), name).units);
  }
  return new UnitRegistryIndex(units);
}

/** The registry files of a folder (province metadata included), for connectors' configuration. */
export function loadRegistryFiles(dir: string = DEFAULT_UNITS_DIR): RegistryFile[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => parseRegistryFile(JSON.parse(readFileSync(join(dir, name), 'utf8')), name));
}
