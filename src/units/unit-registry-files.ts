// Reads the registry's data: the country file built from the 2025 reorganisation (schema/units/country/)
// and the hand-kept files (schema/units/*.json) whose aliases, districts and portal ids are merged onto it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandCountryData, LAST_DAY_BEFORE_REFORM, UnitDataError, type FormerUnits } from './country-data.js';
import { registryFileSchema, type Province, type RegistryFile, type Unit } from './unit-types.js';
import { unitNameKey } from './unit-name.js';
import { packagePath } from '../core/package-root.js';

export const DEFAULT_UNITS_DIR = packagePath('schema', 'units');
/** The built country file, relative to a units folder. */
export const COUNTRY_FILE = join('country', 'admin-2025.json');

/** Parses one registry file, naming the file and field on error. */
export function parseRegistryFile(raw: unknown, file: string): RegistryFile {
  const result = registryFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new UnitDataError(`Tệp danh mục đơn vị ${file}, trường '${issue.path.join('.')}': ${issue.message}`);
  }
  return result.data;
}

/** The hand-kept registry files of a folder (province metadata included), for connectors' configuration. */
export function loadRegistryFiles(dir: string = DEFAULT_UNITS_DIR): RegistryFile[] {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((name) => parseRegistryFile(JSON.parse(readFileSync(join(dir, name), 'utf8')), name));
}

/** Units with the set of those whose written links were checked with the country file. */
export interface UnitBatch {
  readonly units: Unit[];
  /** Country units as read (links checked by expandCountryData); a unit merged with a hand-kept one is not among them. */
  readonly checkedLinks: ReadonlySet<Unit>;
}

/** The former units (valid until `until`), read a province at a time when a lookup first needs them. */
export interface LaterUnits {
  readonly until: string;
  /** The province holding the former unit with this code (undefined when none has it). */
  provinceOf(code: string): string | undefined;
  /** The former units of a province (the same objects on every call and in `all`). */
  load(province: string): UnitBatch;
  /** Every former unit: the country file's order, then the hand-kept ones it does not hold. */
  all(): UnitBatch;
}

export interface UnitData extends UnitBatch {
  readonly provinces: Province[];
  readonly homeProvinces: string[];
  /** The units valid only until `until` (the old communes), read when a lookup first needs them. */
  readonly later?: LaterUnits;
}

/**
 * The country file (when the folder has one) with the hand-kept files merged onto it: a hand-kept unit
 * with the code of a country unit valid at the same time is that unit (its names, aliases, district
 * and portal ids win; the country's lineage is kept); any other hand-kept unit is added. The units of
 * before the reform come as `later`, per province, unless a hand-kept file writes lineage (then all is
 * read now, so its links are checked at load).
 * @example readUnitData().units.length // 3,321 (and later.all().units.length 10,052)
 */
export function readUnitData(dir: string = DEFAULT_UNITS_DIR): UnitData {
  const files = loadRegistryFiles(dir);
  const countryPath = join(dir, COUNTRY_FILE);
  const base = {
    provinces: [] as Province[],
    homeProvinces: [...new Set(files.map((f) => f.province.code))],
  };
  const kept = files.flatMap((f) => f.units);
  if (!existsSync(countryPath)) return { ...base, provinces: mergeProvinces([], files), units: kept, checkedLinks: new Set() };
  const country = expandCountryData(JSON.parse(readFileSync(countryPath, 'utf8')), COUNTRY_FILE);
  const provinces = mergeProvinces(country.provinces, files);
  const isOld = (u: Unit) => u.validTo !== null && u.validTo <= LAST_DAY_BEFORE_REFORM;
  const now = mergeKept(country.units, kept.filter((u) => !isOld(u)));
  const later = laterUnits(country.before, kept.filter(isOld));
  if (kept.some((u) => u.predecessors?.length || u.successors?.length)) {
    const old = later.all();
    return { ...base, provinces, units: [...old.units, ...now.units], checkedLinks: new Set([...old.checkedLinks, ...now.checkedLinks]) };
  }
  return { ...base, provinces, ...now, later };
}

/**
 * The former units per province with the hand-kept ones merged: a hand-kept unit goes with the country
 * unit of its code (which must be in the same province) or, when the country has none, with its province.
 */
function laterUnits(former: FormerUnits, kept: readonly Unit[]): LaterUnits {
  const keptProvince = (u: Unit) => former.provinceOf(u.code) ?? u.provinceCode;
  const batches = new Map<string, MergedBatch>();
  const load = (province: string): MergedBatch => {
    let batch = batches.get(province);
    if (!batch) {
      batch = mergeKept(former.of(province), kept.filter((u) => keptProvince(u) === province));
      for (const [countryUnit, unit] of batch.merged) {
        if (unit.provinceCode !== province) {
          throw new UnitDataError(`Tệp danh mục đơn vị: đơn vị ${unit.code} (${unit.name}) ghi tỉnh mã ${unit.provinceCode}, nhưng ${COUNTRY_FILE} ghi ${countryUnit.name} thuộc tỉnh mã ${province} (đến ${LAST_DAY_BEFORE_REFORM})`);
        }
      }
      batches.set(province, batch);
    }
    return batch;
  };
  return {
    until: LAST_DAY_BEFORE_REFORM,
    provinceOf: (code) => former.provinceOf(code) ?? kept.find((u) => u.code === code)?.provinceCode,
    load,
    all: () => {
      const countryUnits = former.all();
      for (const province of new Set([...countryUnits.map((u) => u.provinceCode), ...kept.map(keptProvince)])) load(province);
      const merged = new Map([...batches.values()].flatMap((b) => [...b.merged]));
      const added = new Set([...batches.values()].flatMap((b) => b.added));
      return {
        units: [...countryUnits.map((u) => merged.get(u) ?? u), ...kept.filter((u) => added.has(u))],
        checkedLinks: new Set([...batches.values()].flatMap((b) => [...b.checkedLinks])),
      };
    },
  };
}

/** A batch with what the merge did: country unit → merged unit, and the hand-kept units added. */
interface MergedBatch extends UnitBatch {
  readonly merged: ReadonlyMap<Unit, Unit>;
  readonly added: readonly Unit[];
}

function mergeKept(countryUnits: readonly Unit[], kept: readonly Unit[]): MergedBatch {
  const byCode = new Map<string, Unit[]>();
  for (const unit of countryUnits) {
    const list = byCode.get(unit.code);
    if (list) list.push(unit);
    else byCode.set(unit.code, [unit]);
  }
  const merged = new Map<Unit, Unit>();
  const added: Unit[] = [];
  for (const unit of kept) {
    const base = byCode.get(unit.code)?.find((u) => overlaps(u, unit));
    if (base) merged.set(base, mergeUnit(base, unit));
    else added.push(unit);
  }
  return {
    units: [...countryUnits.map((u) => merged.get(u) ?? u), ...added],
    checkedLinks: new Set(countryUnits.filter((u) => !merged.has(u))),
    merged,
    added,
  };
}

function overlaps(a: Unit, b: Unit): boolean {
  return (a.validFrom === null || b.validTo === null || a.validFrom <= b.validTo) && (b.validFrom === null || a.validTo === null || b.validFrom <= a.validTo);
}

function mergeUnit(base: Unit, kept: Unit): Unit {
  const aliases = [...kept.aliases];
  // The country's spelling stays matchable when the hand-kept file writes the name differently.
  if (unitNameKey(base.name) !== unitNameKey(kept.name)) aliases.push(base.name);
  return {
    ...base,
    ...kept,
    kind: kept.kind ?? base.kind,
    validFrom: kept.validFrom ?? base.validFrom,
    aliases,
    predecessors: kept.predecessors ?? base.predecessors,
    successors: kept.successors ?? base.successors,
  } as Unit;
}

/** Country provinces with the portal codes of hand-kept files (same code and name); without a country file, the files' provinces. */
function mergeProvinces(provinces: readonly Province[], files: readonly RegistryFile[]): Province[] {
  if (!provinces.length) {
    const seen = new Map<string, Province>();
    for (const f of files) {
      if (!seen.has(f.province.code)) {
        seen.set(f.province.code, { code: f.province.code, name: f.province.name, validFrom: null, validTo: null, predecessors: [], successors: [], portalCode: f.province.portalCode ?? null, portalRootDepartmentId: f.province.portalRootDepartmentId ?? null });
      }
    }
    return [...seen.values()];
  }
  return provinces.map((p) => {
    const file = files.find((f) => f.province.code === p.code && unitNameKey(f.province.name) === unitNameKey(p.name));
    if (!file) return p;
    return { ...p, portalCode: file.province.portalCode ?? p.portalCode ?? null, portalRootDepartmentId: file.province.portalRootDepartmentId ?? p.portalRootDepartmentId ?? null };
  });
}
