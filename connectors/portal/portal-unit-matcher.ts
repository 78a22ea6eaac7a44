// Which registry unit a portal row is about. In order: the portal id remembered from earlier answers
// (store), a portal id/code or statistics code in the registry, the exact name within the province,
// then a looser key (case, NFD/NFC, `UBND`, a `- tỉnh X` suffix, spacing "Albá"/"Al Bá", tone marks
// "Ia Chía"/"Ia Chia") only when it is unique within the province — or, where it is not, when one
// candidate agrees tone for tone ("xã Mỹ Thọ - tỉnh Đồng Tháp" beside "phường Mỹ Tho"). An unknown
// row that looks like a commune is a problem with the closest names; other unknown rows are skipped
// quietly.
import type { Period } from '../../src/core/period.js';
import { UnknownUnitError, type Unit, type UnitRegistry } from '../../src/core/unit-registry.js';
import type { UnitLinkLookup } from '../../src/core/connector-contract.js';

export interface PortalUnitRow {
  /** The portal's own id (uuid on the current API). */
  readonly departmentId?: string | null | undefined;
  /** The portal's agency code (`H18.105`) or, on the legacy API, MA_COQUAN. */
  readonly departmentCode?: string | null | undefined;
  readonly departmentName: string;
  /** What the source says about the row's level (COMMUNE, CAPDONVIID 2...). */
  readonly communeLevel: boolean;
}

export interface PortalUnitScope {
  readonly registry: UnitRegistry;
  readonly period: Period;
  /** Statistics code of the province: names are matched only within it. */
  readonly provinceCode?: string | null | undefined;
  readonly links?: UnitLinkLookup | undefined;
}

export type UnitResolution =
  | { readonly kind: 'unit'; readonly unit: Unit; readonly by: 'link' | 'code' | 'name' | 'loose' }
  | { readonly kind: 'skip' }
  | { readonly kind: 'problem'; readonly found: string; readonly expected: string; readonly reason: string };

const COMMUNE_NAME = /^(ubnd|ủy ban nhân dân|uỷ ban nhân dân)?\s*(xã|phường|thị trấn|đặc khu)\s/iu;
/** Tone marks only (grave, acute, hook, tilde, dot below): vowel letters such as ơ, â, đ stay. */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** What precedes a commune's own name: the committee and the kind, in any order and case. */
const LOOSE_PREFIX = /^(?:(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|xã|phường|thị trấn|đặc khu)\s+)+/u;

/**
 * Whether a unit name reads like a commune-level unit.
 * @example looksLikeCommuneName('UBND phường Him Lam') // true
 */
export function looksLikeCommuneName(name: string): boolean {
  return COMMUNE_NAME.test(name.normalize('NFC').trim().replace(/\s+/g, ' ') + ' ');
}

/**
 * The loose matching key: the name key without a trailing `- tỉnh Gia Lai` / `- Gia Lai`, without
 * tone marks, spaces or hyphens.
 * @example looseNameKey('UBND xã Ia Chía - tỉnh Gia Lai') === looseNameKey('Xã Ia Chia') // true
 */
export function looseNameKey(name: string): string {
  return tonedNameKey(name).normalize('NFD').replace(TONE_MARKS, '').normalize('NFC');
}

/** The loose key with its tone marks kept: tells 'phường Mỹ Tho' from 'xã Mỹ Thọ - tỉnh Đồng Tháp' when both fold to one loose key. */
function tonedNameKey(name: string): string {
  const text = name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/\s+-\s+.*$/u, '').replace(LOOSE_PREFIX, '');
  return text.replace(/[\s\-–]+/g, '');
}

/** The one candidate whose name agrees tone for tone, when the loose key alone names several. */
function tonedCandidate(candidates: readonly Unit[], name: string): Unit | undefined {
  const key = tonedNameKey(name);
  const same = candidates.filter((u) => [u.name, u.displayName, ...u.aliases].some((n) => tonedNameKey(n) === key));
  return same.length === 1 ? same[0] : undefined;
}

/** Loose keys of the units valid in a period in one province, computed once per registry/period/province. */
const looseIndexes = new WeakMap<UnitRegistry, Map<string, Map<string, Unit[]>>>();

function looseIndex(registry: UnitRegistry, period: Period, provinceCode: string): Map<string, Unit[]> {
  let byScope = looseIndexes.get(registry);
  if (!byScope) looseIndexes.set(registry, (byScope = new Map()));
  const id = `${period}\u0000${provinceCode}`;
  let index = byScope.get(id);
  if (!index) {
    index = new Map();
    for (const unit of registry.validIn(period, { provinceCode })) {
      if (unit.level === 'province') continue;
      for (const key of new Set([unit.name, unit.displayName, ...unit.aliases].map(looseNameKey))) index.set(key, [...(index.get(key) ?? []), unit]);
    }
    byScope.set(id, index);
  }
  return index;
}

/**
 * Resolves a portal row to a registry unit, or says why not.
 * @example resolvePortalUnit({ departmentName: 'UBND xã Albá', communeLevel: true }, { registry, period, provinceCode: '52' }) // { kind: 'unit', by: 'loose', ... }
 */
export function resolvePortalUnit(row: PortalUnitRow, scope: PortalUnitScope): UnitResolution {
  const { registry, period } = scope;
  const id = row.departmentId?.trim() || null;
  const code = row.departmentCode?.trim() || null;
  const linked = id !== null ? scope.links?.byExternalId(id) : undefined;
  const byLink = linked?.kind === 'commune' ? registry.byCode(linked.unitCode, period) : undefined;
  const byPortal = (id !== null ? registry.byPortalId(id) : undefined) ?? (code !== null ? registry.byPortalId(code) : undefined);
  // A statistics code is tried for the month (codes are reused); the name then only guards against an old unit's name.
  const byStatistics = !byPortal && code && /^\d{5}$/.test(code) && registry.unitsWithCode(code).length ? code : undefined;
  const provinceScope = scope.provinceCode ? { provinceCode: scope.provinceCode } : {};
  try {
    if (byLink) return { kind: 'unit', ...registry.match({ code: byLink.code }, period), by: 'link' };
    const known = byPortal?.code ?? byStatistics;
    return known
      ? { kind: 'unit', ...registry.match({ code: known, name: row.departmentName }, period, provinceScope) }
      : { kind: 'unit', ...registry.match({ name: row.departmentName }, period, provinceScope) };
  } catch (error) {
    if (!(error instanceof UnknownUnitError)) throw error;
    if (error.reason === 'unknown' && scope.provinceCode) {
      const candidates = looseIndex(registry, period, scope.provinceCode).get(looseNameKey(row.departmentName)) ?? [];
      const unit = candidates.length === 1 ? candidates[0] : tonedCandidate(candidates, row.departmentName);
      if (unit) return { kind: 'unit', unit, by: 'loose' };
    }
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
