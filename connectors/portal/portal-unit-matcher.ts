// Which registry unit a portal row is about: by portal id or code first, then by normalised name
// within the province. Rows of levels the registry does not hold (provincial departments) are
// skipped quietly; an unknown row that looks like a commune is a problem with the closest names.
import type { Period } from '../../src/core/period.js';
import { UnknownUnitError, type Unit, type UnitRegistry } from '../../src/core/unit-registry.js';

export interface PortalUnitRow {
  /** The portal's own id (uuid on the current API). */
  readonly departmentId?: string | null | undefined;
  /** The portal's agency code (`H18.105`) or, on the legacy API, MA_COQUAN. */
  readonly departmentCode?: string | null | undefined;
  readonly departmentName: string;
  /** What the source says about the row's level (COMMUNE, CAPDONVIID 2...). */
  readonly communeLevel: boolean;
}

export type UnitResolution =
  | { readonly kind: 'unit'; readonly unit: Unit; readonly by: 'code' | 'name' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'problem'; readonly found: string; readonly expected: string; readonly reason: string };

const COMMUNE_NAME = /^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)?\s*(xã|phường|thị trấn|đặc khu)\s/iu;

/**
 * Whether a unit name reads like a commune-level unit.
 * @example looksLikeCommuneName('UBND phường Him Lam') // true
 */
export function looksLikeCommuneName(name: string): boolean {
  return COMMUNE_NAME.test(name.normalize('NFC').trim().replace(/\s+/g, ' ') + ' ');
}

/**
 * Resolves a portal row to a registry unit, or says why not.
 * @example resolvePortalUnit({ departmentName: 'Phường Him Lam', communeLevel: true }, registry, period, '11') // { kind: 'unit', ... }
 */
export function resolvePortalUnit(row: PortalUnitRow, registry: UnitRegistry, period: Period, provinceCode?: string | null): UnitResolution {
  const id = row.departmentId?.trim() || null;
  const code = row.departmentCode?.trim() || null;
  const byPortal = (id !== null ? registry.byPortalId(id) : undefined) ?? (code !== null ? registry.byPortalId(code) : undefined);
  // A statistics code is tried for the month (codes are reused); the name then only guards against an old unit's name.
  const byStatistics = !byPortal && code && /^\d{5}$/.test(code) && registry.unitsWithCode(code).length ? code : undefined;
  const scope = provinceCode ? { provinceCode } : {};
  try {
    const known = byPortal?.code ?? byStatistics;
    return known
      ? { kind: 'unit', ...registry.match({ code: known, name: row.departmentName }, period, scope) }
      : { kind: 'unit', ...registry.match({ name: row.departmentName }, period, scope) };
  } catch (error) {
    if (!(error instanceof UnknownUnitError)) throw error;
    const looksLikeCommune = row.communeLevel || looksLikeCommuneName(row.departmentName);
    if (error.reason === 'unknown' && !looksLikeCommune) return { kind: 'skip' };
    const found = [row.departmentName, code ? `mã ${code}` : null, id && id !== code ? `id ${id}` : null].filter(Boolean).join(', ');
    return {
      kind: 'problem',
      found,
      expected: error.closest.length ? `một đơn vị trong danh mục; gần nhất: ${error.closest.join(', ')}` : 'một đơn vị trong danh mục đơn vị',
      reason: error.message,
    };
  }
}
