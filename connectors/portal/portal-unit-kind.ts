// The kind of a unit row, read from whichever field the answer carries: `childGroup` (service-results
// drill-down), `level` (shape-B trees, where PROVINCE means a provincial department) or
// `departmentType` / `departmentLevel` / `agencyLevel` (shape A). A row with none of them, or with a
// value never seen, stops the reading of the whole answer: it names the field and what was expected.

export type PortalUnitKind = 'commune' | 'agency' | 'province';

export type UnitKindReading = { readonly ok: true; readonly kind: PortalUnitKind } | { readonly ok: false; readonly field: string; readonly found: string; readonly expected: string };

const CHILD_GROUP: Record<string, PortalUnitKind> = { COMMUNE: 'commune', AGENCY: 'agency' };
const TREE_LEVEL: Record<string, PortalUnitKind> = { COMMUNE: 'commune', PROVINCE: 'agency', '2': 'commune', '1': 'agency' };
const DEPARTMENT_TYPE: Record<string, PortalUnitKind> = { COMMUNE_PEOPLE_COMMITTEE: 'commune', PROVINCIAL_DEPARTMENT: 'agency', PROVINCE: 'province' };
const AGENCY_LEVEL: Record<string, PortalUnitKind> = { level_1: 'province', level_2: 'agency' };

/**
 * The kind of one unit row (`path` is its JSON path, for the message).
 * @example unitKindOf({ level: 'PROVINCE' }, 'data.children[0]') // { ok: true, kind: 'agency' }
 */
export function unitKindOf(row: Readonly<Record<string, unknown>>, path: string): UnitKindReading {
  const read = (field: string, table: Record<string, PortalUnitKind>): UnitKindReading | null => {
    const value = row[field];
    if (value === undefined || value === null) return null;
    const kind = table[String(value).trim()];
    return kind ? { ok: true, kind } : { ok: false, field: `${path}.${field}`, found: JSON.stringify(value), expected: Object.keys(table).filter((k) => !/^\d$/.test(k)).join(' | ') };
  };
  const byType = read('departmentType', DEPARTMENT_TYPE);
  if (byType) return byType;
  const level = row.departmentLevel;
  if (level === 'COMMUNE') return { ok: true, kind: 'commune' };
  if (level === 'PROVINCE') {
    // Shape A puts the province and its departments at departmentLevel PROVINCE: agencyLevel tells them apart.
    return read('agencyLevel', AGENCY_LEVEL) ?? { ok: false, field: `${path}.agencyLevel`, found: '(không có)', expected: `level_1 | level_2 (departmentLevel PROVINCE không đủ phân biệt tỉnh và sở)` };
  }
  if (level !== undefined && level !== null) return { ok: false, field: `${path}.departmentLevel`, found: JSON.stringify(level), expected: 'COMMUNE | PROVINCE' };
  return (
    read('childGroup', CHILD_GROUP) ??
    read('level', TREE_LEVEL) ?? {
      ok: false,
      field: `${path}.childGroup`,
      found: '(không có trường loại đơn vị)',
      expected: 'một trong các trường childGroup (COMMUNE | AGENCY), level (COMMUNE | PROVINCE) hoặc departmentType (COMMUNE_PEOPLE_COMMITTEE | PROVINCIAL_DEPARTMENT)',
    }
  );
}
