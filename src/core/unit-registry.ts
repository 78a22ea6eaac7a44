// The unit registry as the kernel sees it: what an administrative unit is, how a source's unit is
// matched, and the error that names an unknown one. The data and the index live in src/units.
import type { Period } from './period.js';

export type UnitLevel = 'province' | 'district' | 'commune' | 'provincial_department';

/** An administrative unit (code, validity): codes were reused in 2025, so a code alone is not a unit. */
export interface Unit {
  code: string;
  name: string;
  displayName: string;
  level: UnitLevel;
  provinceCode: string;
  districtCode?: string | null | undefined;
  portalCode?: string | null | undefined;
  portalDepartmentId?: string | null | undefined;
  aliases: string[];
  validFrom: string;
  validTo: string | null;
  successorCode?: string | null | undefined;
}

export interface UnitMatch {
  readonly unit: Unit;
  readonly by: 'code' | 'name';
}

/** Which units exist, and which one a source means. */
export interface UnitRegistry {
  readonly units: readonly Unit[];
  byCode(code: string): Unit | undefined;
  /** The unit with this portal agency code (H18.105) or portal department id. */
  byPortalId(id: string): Unit | undefined;
  /** Units valid at some point in the period, optionally limited to a level and a parent. */
  validIn(period: Period, filter?: { level?: UnitLevel; provinceCode?: string; districtCode?: string }): Unit[];
  /** By code first (statistics or portal code), then by name; throws UnknownUnitError. */
  match(found: { code?: string | null; name?: string | null }, period: Period, scope?: { provinceCode?: string }): UnitMatch;
  /** Up to `limit` known unit names closest to a name, for error messages. */
  closestNames(name: string, period: Period, scope?: { provinceCode?: string }, limit?: number): string[];
}

export class UnknownUnitError extends Error {
  readonly code = 'UNKNOWN_UNIT';
  constructor(
    readonly found: string,
    readonly closest: readonly string[],
    readonly reason: 'unknown' | 'ambiguous' | 'not-valid-in-period',
  ) {
    const why =
      reason === 'ambiguous'
        ? 'trùng tên với nhiều đơn vị'
        : reason === 'not-valid-in-period'
          ? 'không còn hiệu lực trong kỳ'
          : 'không có trong danh mục đơn vị';
    super(`Đơn vị '${found}' ${why}; gần nhất: ${closest.length ? closest.join(', ') : '(không có)'}`);
    this.name = 'UnknownUnitError';
  }
}
