// Which administrative unit a template row is about: by code first, then by name through the unit
// registry (aliases, "UBND"/"phường" prefixes, NFD). A row whose code and name point at two
// different units is refused rather than trusted: a copied row with a stale code is a common slip.
import type { ParseProblem } from '../../src/core/connector-contract.js';
import type { Period } from '../../src/core/period.js';
import { type SourceLocation, describeLocation as where } from '../../src/core/source.js';
import { UnknownUnitError, type Unit, type UnitRegistry } from '../../src/core/unit-registry.js';

export type TemplateUnitResolution = { readonly kind: 'unit'; readonly unit: Unit } | { readonly kind: 'problem'; readonly problem: ParseProblem };

/**
 * Resolves a row's unit cells to a registry unit, or to a problem naming the closest known units.
 * @example resolveTemplateUnit({ code: null, name: 'UBND Thanh Bình' }, registry, period, location) // { kind: 'unit', unit: { code: '03130', ... } }
 */
export function resolveTemplateUnit(
  found: { readonly code: string | null; readonly name: string | null },
  registry: UnitRegistry,
  period: Period,
  location: SourceLocation,
): TemplateUnitResolution {
  const shown = [found.code, found.name].filter((v): v is string => Boolean(v)).join(' – ');
  let unit: Unit;
  let by: 'code' | 'name';
  try {
    ({ unit, by } = registry.match(found, period));
  } catch (error) {
    if (!(error instanceof UnknownUnitError)) throw error;
    return {
      kind: 'problem',
      problem: {
        location,
        found: shown,
        expected: `một đơn vị trong danh mục đơn vị hành chính${error.closest.length ? `; gần nhất: ${error.closest.join(', ')}` : ''}`,
        reason: `${where(location)}: ${error.message}. Dòng này không được nhập; các dòng khác vẫn được nhập.`,
      },
    };
  }
  if (by === 'code' && found.name?.trim()) {
    const byName = matchByNameOnly(found.name, registry, period);
    if (byName && byName.code !== unit.code) {
      return {
        kind: 'problem',
        problem: {
          location,
          found: shown,
          expected: `mã và tên cùng một đơn vị: mã ${unit.code} là ${unit.displayName}, tên '${found.name.trim()}' là mã ${byName.code}`,
          reason: `${where(location)}: mã đơn vị và tên đơn vị không khớp nhau; hãy sửa mã hoặc tên rồi nhập lại.`,
        },
      };
    }
  }
  return { kind: 'unit', unit };
}

function matchByNameOnly(name: string, registry: UnitRegistry, period: Period): Unit | null {
  try {
    return registry.match({ name }, period).unit;
  } catch (error) {
    // An unknown spelling next to a known code is fine: the code decides.
    if (error instanceof UnknownUnitError) return null;
    throw error;
  }
}
