// The unit registry: provinces and administrative units of the country, each a (code, validity) pair
// with names, aliases and lineage. Every lookup is made for a month; an unknown, ambiguous or
// out-of-period name is reported with the closest names or its successors/predecessors, never guessed.
//
// API (months are `Period`s, `YYYY-MM`):
//   byCode(code, period)            the unit with this statistics code valid in the month (03127: Him Lam
//                                   in 2023-09, Phường Điện Biên Phủ in 2026-10)
//   byName(name, period, province?) the unit with this name/alias valid in the month (undefined if none;
//                                   throws UnknownUnitError 'ambiguous' when several)
//   unitsOf(province, period)       the units of a province valid in the month (commune level by default)
//   predecessors(unit) / successors(unit)   lineage with 'full' | 'partial'
//   province(query, period)         a province by statistics code, portal code (H18) or name
//   provincesIn(period), match(found, period, scope), validIn(period, filter), byPortalId(id)
import { periodBounds, type Period } from '../core/period.js';
import { editDistance } from '../core/edit-distance.js';
import { UnknownUnitError, type Province, type ResolvedLink, type Unit, type UnitKind, type UnitMatch, type UnitRegistry } from '../core/unit-registry.js';
import { lineageHint, resolveLineage, type UnitLinks } from './unit-lineage.js';
import { kindFromName, stripDiacritics, unitNameKey } from './unit-name.js';
import { DEFAULT_UNITS_DIR, readUnitData, type LaterUnits } from './unit-registry-files.js';

export type { RegistryFile } from './unit-types.js';
export { UnknownUnitError } from '../core/unit-registry.js';
export type { LineageLink, Province, ResolvedLink, Unit, UnitMatch, UnitRegistry } from '../core/unit-registry.js';
export { loadRegistryFiles, parseRegistryFile, DEFAULT_UNITS_DIR } from './unit-registry-files.js';

export interface RegistryOptions {
  readonly provinces?: readonly Province[];
  /** Provinces this installation keeps files for: unscoped names are looked up there first (a "Xã Thanh Minh" exists in several provinces). */
  readonly homeProvinces?: readonly string[];
  /** Units whose written links were already checked (both directions, known codes): their lineage is resolved on first use. */
  readonly checkedLinks?: ReadonlySet<Unit>;
  /** Units valid only until `until`, read a province at a time on the first lookup that needs them (a month up to then, a name), all for lineage. */
  readonly later?: LaterUnits;
}

type Validity = { readonly validFrom: string | null; readonly validTo: string | null };

function validBetween(item: Validity, first: string, last: string): boolean {
  return (item.validFrom === null || item.validFrom <= last) && (item.validTo === null || item.validTo >= first);
}

/** Month bounds, computed once per month: every lookup checks validity against them. */
const boundsOf = new Map<string, { first: string; last: string }>();

function monthBounds(period: Period): { first: string; last: string } {
  let bounds = boundsOf.get(period);
  if (!bounds) boundsOf.set(period, (bounds = periodBounds(period)));
  return bounds;
}

function isValidIn(item: Validity, period: Period): boolean {
  const bounds = monthBounds(period);
  return validBetween(item, bounds.first, bounds.last);
}

const unitLabel = (u: Unit) => `${u.displayName} (${u.code})`;

/** The registry indexed by code (all generations), province, portal id and name key, with lineage resolved once. */
export class UnitRegistryIndex implements UnitRegistry {
  #all: Unit[];
  /** The units given at construction (today's); `#all` is the deferred ones, once all are read, then these. */
  readonly #current: readonly Unit[];
  #later: RegistryOptions['later'];
  /** Deferred units already read (a province at a time) and the provinces they came with. */
  readonly #readUnits = new Set<Unit>();
  readonly #readProvinces = new Set<string>();
  readonly provinces: readonly Province[];
  readonly homeProvinces: readonly string[];
  /** Code → its units over time, oldest first (codes are reused by other units after a reform). */
  readonly #byCode = new Map<string, Unit[]>();
  readonly #byPortal = new Map<string, Unit>();
  readonly #byProvince = new Map<string, Unit[]>();
  /** Name keys per province, built on first use (most processes look up one province). */
  readonly #names = new Map<string, Map<string, Unit[]>>();
  /** Lineage resolved on first use (a start-up that never asks for it does not pay for 21,000 links). */
  #links: Map<Unit, UnitLinks> | undefined;
  /** "11@2026-10" → the province and those it came from or went into, where a name is searched. */
  readonly #related = new Map<string, string[]>();

  constructor(units: readonly Unit[], options: RegistryOptions = {}) {
    this.#all = [...units];
    this.#current = units;
    this.#later = options.later;
    this.#index(units);
    this.provinces = options.provinces ?? [];
    this.homeProvinces = options.homeProvinces ?? [];
    // Links of data checked elsewhere (the country file, at build and at its load) are resolved when first
    // needed; anything else is resolved now, so a broken hand-kept file is refused at load.
    if (options.checkedLinks) this.#checkLinks(units, options.checkedLinks);
    else this.#links = resolveLineage(units, this.#atDate);
  }

  /** Every unit of every period (reads the deferred ones). */
  get units(): readonly Unit[] {
    this.#readLater();
    return this.#all;
  }

  #index(units: readonly Unit[]): void {
    for (const unit of units) {
      const generations = this.#byCode.get(unit.code);
      if (generations) {
        const overlapping = generations.find((g) => validBetween(g, unit.validFrom ?? '0000-01-01', unit.validTo ?? '9999-12-31'));
        if (overlapping) throw new Error(`Mã đơn vị ${unit.code} khai báo hai lần trong danh mục với hiệu lực chồng nhau (${overlapping.name} và ${unit.name})`);
        generations.push(unit);
        generations.sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
      } else this.#byCode.set(unit.code, [unit]);
      for (const id of [unit.portalCode, unit.portalDepartmentId]) if (id) this.#byPortal.set(id, unit);
      const inProvince = this.#byProvince.get(unit.provinceCode);
      if (inProvince) inProvince.push(unit);
      else this.#byProvince.set(unit.provinceCode, [unit]);
    }
  }

  #checkLinks(units: readonly Unit[], checked: ReadonlySet<Unit>): void {
    resolveLineage(units.filter((u) => !checked.has(u) && (u.predecessors?.length || u.successors?.length)), this.#atDate);
  }

  /** Reads every deferred unit once (those of provinces already read keep their place): indexes, names and lineage then include them. */
  #readLater(): void {
    const later = this.#later;
    if (!later) return;
    this.#later = undefined;
    const { units, checkedLinks } = later.all();
    const fresh = units.filter((u) => !this.#readUnits.has(u));
    this.#index(fresh);
    this.#all = [...units, ...this.#current];
    this.#names.clear();
    this.#links = undefined;
    this.#checkLinks(fresh, checkedLinks);
  }

  /** Reads the deferred units of one province once: its name index is rebuilt on next use. */
  #readProvince(province: string | undefined): void {
    const later = this.#later;
    if (!later || province === undefined || this.#readProvinces.has(province)) return;
    const { units, checkedLinks } = later.load(province);
    this.#index(units);
    for (const unit of units) {
      this.#readUnits.add(unit);
      this.#names.delete(unit.provinceCode);
    }
    this.#readProvinces.add(province);
    this.#checkLinks(units, checkedLinks);
  }

  /** Reads the deferred unit(s) a code may name (as written, or padded to 5 digits as `#generations` tries). */
  #readCode(code: string): void {
    const later = this.#later;
    if (!later) return;
    const trimmed = code.trim();
    this.#readProvince(later.provinceOf(trimmed));
    this.#readProvince(later.provinceOf(trimmed.padStart(5, '0')));
  }

  /** Whether the month reaches back to the deferred units. */
  #reaches(period: Period): boolean {
    return this.#later !== undefined && monthBounds(period).first <= this.#later.until;
  }

  /**
   * The unit with this statistics code valid in the month (codes are reused: always give the month).
   * @example registry.byCode('03127', parsePeriod('2026-10'))?.name // 'Phường Điện Biên Phủ'
   */
  byCode(code: string, period: Period): Unit | undefined {
    if (this.#reaches(period)) this.#readCode(code);
    const generations = this.#generations(code);
    for (let i = generations.length - 1; i >= 0; i--) if (isValidIn(generations[i]!, period)) return generations[i];
    return undefined;
  }

  /** Every unit that ever had this code, oldest first. */
  unitsWithCode(code: string): readonly Unit[] {
    this.#readCode(code);
    return this.#generations(code);
  }

  /** The unit with this portal agency code (H18.105) or portal department id. */
  byPortalId(id: string): Unit | undefined {
    return this.#byPortal.get(id.trim());
  }

  /** Units valid at some point in the period, optionally limited to a level and a parent. */
  validIn(period: Period, filter: { level?: Unit['level']; provinceCode?: string; districtCode?: string } = {}): Unit[] {
    if (this.#reaches(period)) {
      if (filter.provinceCode) this.#readProvince(filter.provinceCode);
      else this.#readLater();
    }
    const pool = filter.provinceCode ? (this.#byProvince.get(filter.provinceCode) ?? []) : this.#all;
    return pool.filter(
      (u) => isValidIn(u, period) && (!filter.level || u.level === filter.level) && (!filter.districtCode || u.districtCode === filter.districtCode),
    );
  }

  /**
   * The units of a province valid in a month, commune level unless another level is asked for.
   * @example registry.unitsOf('11', parsePeriod('2026-10')).length // 45
   */
  unitsOf(provinceCode: string, period: Period, level: Unit['level'] | 'any' = 'commune'): Unit[] {
    return this.validIn(period, { provinceCode, ...(level !== 'any' ? { level } : {}) });
  }

  /** The units this one was formed from (valid the day before it began), with full/partial. */
  predecessors(unit: Unit): readonly ResolvedLink[] {
    return this.#lineage().get(unit)?.predecessors ?? [];
  }

  /** The units this one went into (valid the day after it ended), with full/partial. */
  successors(unit: Unit): readonly ResolvedLink[] {
    return this.#lineage().get(unit)?.successors ?? [];
  }

  /** Provinces valid in the month (63 before 1/7/2025, 34 from then). */
  provincesIn(period: Period): Province[] {
    return this.provinces.filter((p) => isValidIn(p, period));
  }

  /**
   * A province valid in the month, by statistics code ('11'), portal code ('H18') or name ('Điện Biên', 'Tỉnh Điện Biên').
   * @example registry.province('24', parsePeriod('2026-01'))?.name // 'Tỉnh Bắc Ninh' (Bắc Giang's code until 30/6/2025)
   */
  province(query: string, period: Period): Province | undefined {
    const text = query.trim();
    const valid = this.provincesIn(period);
    if (/^\d{1,2}$/.test(text)) return valid.find((p) => p.code === text.padStart(2, '0'));
    const portal = valid.find((p) => p.portalCode && p.portalCode.toUpperCase() === text.toUpperCase());
    if (portal) return portal;
    const key = unitNameKey(text);
    const exact = valid.filter((p) => unitNameKey(p.name) === key);
    if (exact.length === 1) return exact[0];
    // Typed without diacritics ("tinh dien bien"): compare bare names once the prefix is gone.
    const bare = (name: string) => stripDiacritics(unitNameKey(name)).toLowerCase().replace(/^(tinh|thanh pho) /, '');
    const loose = valid.filter((p) => bare(p.name) === bare(text));
    return loose.length === 1 ? loose[0] : undefined;
  }

  /**
   * Like province(), but an unknown province is an error listing what is accepted (for `--province`).
   * @example registry.requireProvince('H18', parsePeriod('2026-10')).code // '11'
   */
  requireProvince(query: string, period: Period): Province {
    const found = this.province(query, period);
    if (found) return found;
    const target = stripDiacritics(unitNameKey(query));
    const closest = this.provincesIn(period)
      .map((p) => ({ p, d: editDistance(target, stripDiacritics(unitNameKey(p.name))) }))
      .sort((a, b) => a.d - b.d)
      .slice(0, 3)
      .map(({ p }) => `${p.name} (${p.code}${p.portalCode ? `, ${p.portalCode}` : ''})`);
    throw Object.assign(
      new Error(`Không có tỉnh '${query}' trong tháng ${period} (cần mã thống kê như 11, mã cổng như H18 hoặc tên tỉnh); gần nhất: ${closest.join(', ') || '(không có)'}`),
      { code: 'UNKNOWN_PROVINCE' },
    );
  }

  /**
   * Units of any validity with this name or alias (in the province and the provinces it came from or went into; else home, else anywhere).
   * @example registry.unitsNamed('Phường Mường Thanh').map((u) => u.code) // ['03136', '03334']
   */
  unitsNamed(name: string, provinceCode?: string): Unit[] {
    this.#readLater();
    const key = unitNameKey(name);
    const search = (codes: Iterable<string>) => [...new Set(codes)].flatMap((code) => this.#namesOf(code).get(key) ?? []);
    const linked = (code: string) => [code, ...this.provinces.filter((p) => p.code === code).flatMap((p) => [...p.predecessors, ...p.successors])];
    if (provinceCode) return search(linked(provinceCode));
    const home = search(this.homeProvinces.flatMap(linked));
    return home.length ? home : search(this.#byProvince.keys());
  }

  /**
   * The unit with this name or alias valid in the month; undefined when none, UnknownUnitError when several.
   * @example registry.byName('Him Lam', parsePeriod('2023-09'), '11')?.code // '03127'
   */
  byName(name: string, period: Period, provinceCode?: string): Unit | undefined {
    const valid = this.#nameCandidates(unitNameKey(name), period, provinceCode).filter((u) => isValidIn(u, period));
    if (valid.length > 1) throw new UnknownUnitError(name, valid.map(unitLabel), 'ambiguous');
    return valid[0];
  }

  /**
   * Matches a unit found in a source: by code first (statistics or portal code), then by name. A name of
   * a unit that does not exist in the month is refused with its successors (or predecessors) named.
   * @example registry.match({ name: 'UBND Thanh Bình' }, period).unit.code // '03130'
   */
  match(found: { code?: string | null; name?: string | null }, period: Period, scope: { provinceCode?: string } = {}): UnitMatch {
    const code = found.code?.trim();
    const name = found.name?.trim() ?? '';
    if (code) {
      const unit = this.byCode(code, period) ?? this.byPortalId(code);
      if (unit && isValidIn(unit, period)) {
        if (name) this.#refuseStaleName(name, unit, period, scope.provinceCode);
        return { unit, by: 'code' };
      }
      this.#readCode(code);
      const other = unit ?? this.#generations(code).at(-1);
      if (other) throw this.#notValid(code, other, period);
    }
    if (!name) throw new UnknownUnitError(code ?? '(trống)', [], 'unknown');
    const candidates = this.#nameCandidates(unitNameKey(name), period, scope.provinceCode);
    const valid = candidates.filter((u) => isValidIn(u, period));
    if (valid.length === 1) return { unit: valid[0]!, by: 'name' };
    if (valid.length > 1) throw new UnknownUnitError(name, valid.map(unitLabel), 'ambiguous');
    if (candidates.length) throw this.#notValid(name, nearestInTime(candidates, period), period);
    throw new UnknownUnitError(name, this.closestNames(name, period, scope), 'unknown');
  }

  /** Up to three known unit names closest to a name (diacritics ignored), for error messages. */
  closestNames(name: string, period: Period, scope: { provinceCode?: string } = {}, limit = 3): string[] {
    const target = stripDiacritics(unitNameKey(name));
    const provinces = scope.provinceCode ? [scope.provinceCode] : this.homeProvinces;
    const pool = provinces.length ? provinces.flatMap((p) => this.validIn(period, { provinceCode: p })) : this.validIn(period);
    return pool
      .map((u) => ({ u, d: editDistance(target, stripDiacritics(unitNameKey(u.name))) }))
      .sort((a, b) => a.d - b.d || a.u.code.localeCompare(b.u.code))
      .slice(0, limit)
      .map(({ u }) => unitLabel(u));
  }

  /** The kind of a unit: recorded, or read from its official name. */
  kindOf(unit: Unit): UnitKind | null {
    return unit.kind ?? kindFromName(unit.name);
  }

  #atDate = (code: string, date: string): Unit | undefined => this.#byCode.get(code)?.find((u) => validBetween(u, date, date));

  #lineage(): Map<Unit, UnitLinks> {
    this.#readLater();
    return (this.#links ??= resolveLineage(this.#all, this.#atDate));
  }

  #generations(code: string): readonly Unit[] {
    const trimmed = code.trim();
    return this.#byCode.get(trimmed) ?? this.#byCode.get(trimmed.padStart(5, '0')) ?? [];
  }

  /**
   * Units of any validity with this name key: in the scope province (and the provinces it came from or
   * went into), else in the home provinces, else anywhere in the country.
   */
  #nameCandidates(key: string, period: Period, provinceCode?: string): Unit[] {
    // A name may be an old commune's, to be refused with what it became: the provinces searched are read first.
    const search = (codes: readonly string[]) =>
      codes.flatMap((code) => {
        this.#readProvince(code);
        return this.#namesOf(code).get(key) ?? [];
      });
    if (provinceCode) return search(this.#relatedProvinces(provinceCode, period));
    if (this.homeProvinces.length) {
      const home = search(this.homeProvinces.flatMap((code) => this.#relatedProvinces(code, period)));
      if (home.length) return home;
    }
    this.#readLater();
    return search([...this.#byProvince.keys()]);
  }

  #relatedProvinces(code: string, period: Period): string[] {
    const key = `${code}@${period}`;
    let related = this.#related.get(key);
    if (!related) {
      const province = this.province(code, period);
      this.#related.set(key, (related = [...new Set([code, ...(province?.predecessors ?? []), ...(province?.successors ?? [])])]));
    }
    return related;
  }

  #namesOf(provinceCode: string): Map<string, Unit[]> {
    let index = this.#names.get(provinceCode);
    if (index) return index;
    index = new Map();
    for (const unit of this.#byProvince.get(provinceCode) ?? []) {
      for (const key of namesOf(unit)) {
        const list = index.get(key);
        if (list) list.push(unit);
        else index.set(key, [unit]);
      }
    }
    this.#names.set(provinceCode, index);
    return index;
  }

  /** A code valid in the month next to the name of another generation of that code (or of a linked unit): an old export. */
  #refuseStaleName(name: string, unit: Unit, period: Period, provinceCode?: string): void {
    const key = unitNameKey(name);
    if (namesOf(unit).has(key)) return;
    this.#readLater();
    const related = new Set<Unit>([...this.#generations(unit.code), ...this.predecessors(unit).map((l) => l.unit), ...this.successors(unit).map((l) => l.unit)]);
    const stale = this.#nameCandidates(key, period, provinceCode ?? unit.provinceCode).filter((u) => related.has(u) && !isValidIn(u, period));
    if (stale.length) throw this.#notValid(name, stale[0]!, period);
  }

  #notValid(found: string, unit: Unit, period: Period): UnknownUnitError {
    const ended = unit.validTo !== null && unit.validTo < periodBounds(period).first;
    const direction = ended ? 'successors' : 'predecessors';
    const links = ended ? this.successors(unit) : this.predecessors(unit);
    return new UnknownUnitError(found, links.length ? links.map((l) => unitLabel(l.unit)) : [unitLabel(unit)], 'not-valid-in-period', {
      unit,
      direction,
      links,
      hint: lineageHint(unit, links, direction),
    });
  }
}

const nameKeys = new WeakMap<Unit, Set<string>>();

/** A unit's matching keys: official name, display name and aliases, normalised. */
function namesOf(unit: Unit): Set<string> {
  let keys = nameKeys.get(unit);
  if (!keys) nameKeys.set(unit, (keys = new Set([unit.name, unit.displayName, ...unit.aliases].map(unitNameKey))));
  return keys;
}

/** Of several generations with one name, the one closest to the month (the latest before it, or the earliest after). */
function nearestInTime(units: readonly Unit[], period: Period): Unit {
  const { first } = periodBounds(period);
  const before = units.filter((u) => u.validTo !== null && u.validTo < first).sort((a, b) => b.validTo!.localeCompare(a.validTo!));
  return before[0] ?? [...units].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''))[0]!;
}

const loaded = new Map<string, UnitRegistryIndex>();

/**
 * The registry of a units folder: the whole country plus the hand-kept files, read and checked once per
 * process (the registry never changes while a process runs).
 * @example loadUnitRegistry().byCode('03127', parsePeriod('2023-09'))?.displayName // 'UBND phường Him Lam'
 */
export function loadUnitRegistry(dir: string = DEFAULT_UNITS_DIR): UnitRegistryIndex {
  let registry = loaded.get(dir);
  if (!registry) {
    const data = readUnitData(dir);
    registry = new UnitRegistryIndex(data.units, { provinces: data.provinces, homeProvinces: data.homeProvinces, checkedLinks: data.checkedLinks, ...(data.later ? { later: data.later } : {}) });
    loaded.set(dir, registry);
  }
  return registry;
}
