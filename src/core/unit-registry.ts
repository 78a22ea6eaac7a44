// The unit registry as the kernel sees it: what an administrative unit and a province are (each a
// code with a validity: codes were reused in 2025), their lineage, how a source's unit is matched,
// and the error that names an unknown one. The data and the index live in src/units.
import type { Period } from './period.js';

export type UnitLevel = 'province' | 'district' | 'commune' | 'provincial_department';
/** xã / phường / thị trấn / đặc khu, and huyện for the island districts that had no communes. */
export type UnitKind = 'rural_commune' | 'ward' | 'township' | 'special_zone' | 'district';

/** One lineage link as written in the data: the other unit's code and whether all of it went over. */
export interface LineageLink {
  code: string;
  link: 'full' | 'partial';
}

/** An administrative unit (code, validity): codes were reused in 2025, so a code alone is not a unit. */
export interface Unit {
  code: string;
  name: string;
  displayName: string;
  level: UnitLevel;
  kind?: UnitKind | undefined;
  provinceCode: string;
  districtCode?: string | null | undefined;
  portalCode?: string | null | undefined;
  portalDepartmentId?: string | null | undefined;
  aliases: string[];
  /** null: valid since before the records the registry holds (the old communes as they stood on 30/6/2025). */
  validFrom: string | null;
  validTo: string | null;
  /** Units this one was formed from (each resolved on the day before validFrom). */
  predecessors?: LineageLink[] | undefined;
  /** Units this one went into (each resolved on the day after validTo). */
  successors?: LineageLink[] | undefined;
}

/** A lineage link resolved to the unit it names. */
export interface ResolvedLink {
  readonly unit: Unit;
  readonly link: 'full' | 'partial';
}

/** A province for a period: 63 until 30/6/2025, 34 from 1/7/2025 (codes reused with another meaning, e.g. 24). */
export interface Province {
  readonly code: string;
  readonly name: string;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  /** Codes of the provinces this one was formed from / went into. */
  readonly predecessors: readonly string[];
  readonly successors: readonly string[];
  /** The portal's agency code (H18) and root department id, when known (hand-kept files, portal catalog). */
  readonly portalCode?: string | null;
  readonly portalRootDepartmentId?: string | null;
  /** The act that formed (or ended) it: the resolution on the 2025 reorganisation. */
  readonly basis?: string;
}

export interface UnitMatch {
  readonly unit: Unit;
  readonly by: 'code' | 'name';
}

/**
 * Which units and provinces exist in a month, which one a source means, and where each came from.
 * Every lookup by code is made for a month: 03127 is Phường Him Lam in 2023-09 and Phường Điện Biên
 * Phủ in 2026-10.
 */
export interface UnitRegistry {
  readonly units: readonly Unit[];
  readonly provinces: readonly Province[];
  /** Provinces this installation keeps files for: unscoped names and frameworks look there first. */
  readonly homeProvinces: readonly string[];
  /** The unit with this statistics code valid in the month. */
  byCode(code: string, period: Period): Unit | undefined;
  /** Every unit that ever had this code, oldest first. */
  unitsWithCode(code: string): readonly Unit[];
  /** The unit with this name or alias valid in the month (province first if given); undefined if none, UnknownUnitError 'ambiguous' if several. */
  byName(name: string, period: Period, provinceCode?: string): Unit | undefined;
  /** Units of any validity with this name or alias. */
  unitsNamed(name: string, provinceCode?: string): Unit[];
  /** The unit with this portal agency code (H18.105) or portal department id. */
  byPortalId(id: string): Unit | undefined;
  /** Units valid at some point in the period, optionally limited to a level and a parent. */
  validIn(period: Period, filter?: { level?: UnitLevel; provinceCode?: string; districtCode?: string }): Unit[];
  /** The units of a province valid in the month (commune level unless another level, or 'any', is asked for). */
  unitsOf(provinceCode: string, period: Period, level?: UnitLevel | 'any'): Unit[];
  /** The units this one was formed from, with full/partial. */
  predecessors(unit: Unit): readonly ResolvedLink[];
  /** The units this one went into, with full/partial. */
  successors(unit: Unit): readonly ResolvedLink[];
  /** Provinces valid in the month. */
  provincesIn(period: Period): Province[];
  /** A province valid in the month by statistics code ('11'), portal code ('H18') or name. */
  province(query: string, period: Period): Province | undefined;
  /** Like province(); an unknown one throws an error (code UNKNOWN_PROVINCE) naming the closest. */
  requireProvince(query: string, period: Period): Province;
  /** The unit's kind: recorded, or read from its official name. */
  kindOf(unit: Unit): UnitKind | null;
  /** By code first (statistics or portal code), then by name; throws UnknownUnitError. */
  match(found: { code?: string | null; name?: string | null }, period: Period, scope?: { provinceCode?: string }): UnitMatch;
  /** Up to `limit` known unit names closest to a name, for error messages. */
  closestNames(name: string, period: Period, scope?: { provinceCode?: string }, limit?: number): string[];
}

/** What a unit named in a month it does not exist in became (successors) or came from (predecessors). */
export interface UnitLineageHint {
  readonly unit: Unit;
  readonly direction: 'successors' | 'predecessors';
  readonly links: readonly ResolvedLink[];
  /** "Phường Him Lam → nay thuộc Phường Điện Biên Phủ (03127)". */
  readonly hint: string;
}

/** "2025-07-01" → "01/07/2025", as Vietnamese documents write dates. */
export const vietnameseDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Why a unit could not be used: unknown, ambiguous, or not valid in the month (then `lineage` says what it became / came from). */
export class UnknownUnitError extends Error {
  readonly code = 'UNKNOWN_UNIT';
  constructor(
    readonly found: string,
    readonly closest: readonly string[],
    readonly reason: 'unknown' | 'ambiguous' | 'not-valid-in-period',
    readonly lineage?: UnitLineageHint,
  ) {
    const why =
      reason === 'ambiguous'
        ? 'trùng tên với nhiều đơn vị'
        : reason === 'not-valid-in-period'
          ? 'không còn hiệu lực trong kỳ'
          : 'không có trong danh mục đơn vị';
    const when = lineage
      ? lineage.direction === 'successors'
        ? `không còn tồn tại (hết hiệu lực ${vietnameseDate(lineage.unit.validTo ?? '')})`
        : `chưa tồn tại (có hiệu lực từ ${vietnameseDate(lineage.unit.validFrom ?? '')})`
      : '';
    super(lineage ? `Đơn vị '${found}' ${when}: ${lineage.hint}` : `Đơn vị '${found}' ${why}; gần nhất: ${closest.length ? closest.join(', ') : '(không có)'}`);
    this.name = 'UnknownUnitError';
  }
}
