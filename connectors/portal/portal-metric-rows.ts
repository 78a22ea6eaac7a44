// From one validated answer of the current API to canonical metric rows (or problems), per unit.
// Shape A reads metrics[].numerator/denominator by code, shape B reads child (and parent) fields,
// service-results reads the portal's own total per unit or per province; which code or field feeds
// which metric comes from the vocabulary. null stays null; 0/0 stays 0 and 0, so the framework's
// empty-denominator rule decides. Provincial departments are kept as the province's agencies.
import type { Period } from '../../src/core/period.js';
import { UnreadableSourceError, type ParseEvent, type UnitLinkLookup } from '../../src/core/connector-contract.js';
import type { SourceLocation } from '../../src/core/source.js';
import type { UnitRegistry } from '../../src/core/unit-registry.js';
import type { ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import type { PortalMetricMapping } from './portal-metric-mapping.js';
import type { PortalResponse } from './portal-response.js';
import { unitKindOf, type PortalUnitKind } from './portal-unit-kind.js';
import { resolvePortalUnit } from './portal-unit-matcher.js';

export interface PortalRowsScope {
  readonly period: Period;
  readonly registry: UnitRegistry;
  readonly catalog: ProvinceCatalog;
  readonly mapping: PortalMetricMapping;
  readonly links?: UnitLinkLookup | undefined;
  /** Saved captures name their file in locations. */
  readonly file?: string | null | undefined;
}

interface UnitRow {
  readonly record: Readonly<Record<string, unknown>>;
  readonly path: string;
  readonly departmentId: string;
  readonly departmentName: string;
  readonly departmentCode: string | null;
}

/**
 * Metric rows, problems, notes and learned unit links of one answer. Structural errors (a missing
 * field, an unknown unit kind) throw before any row is returned: nothing is scored from an answer
 * that cannot be read whole.
 * @example portalMetricEvents(readPortalBody(bytes, ctx), { period, registry, catalog, mapping }).filter((e) => e.kind === 'metric')
 */
export function portalMetricEvents(response: PortalResponse, scope: PortalRowsScope): ParseEvent[] {
  const base: SourceLocation = { endpoint: response.endpoint, ...(scope.file ? { file: scope.file } : {}) };
  const fail = (message: string, path: string, unit?: string): never => {
    throw new UnreadableSourceError(`Cổng DVCQG, endpoint '${response.endpoint}': ${message}; không tính điểm từ phản hồi này`, { ...base, ...(unit ? { unit } : {}), path });
  };
  if (response.scope.scope === 'national') return nationalEvents(response, scope, base, fail);
  const province = response.scope.province;
  const provinceCode = province?.code ?? null;
  const events: ParseEvent[] = [];
  const rows = unitRows(response);
  const kinds = rows.map((row) => {
    const kind = unitKindOf(row.record, row.path);
    if (!kind.ok) fail(`loại đơn vị không đọc được tại ${kind.field}: có ${kind.found}, cần ${kind.expected}`, kind.field, row.departmentName);
    return (kind as { kind: PortalUnitKind }).kind;
  });
  const fields = response.shape === 'A' ? [] : scope.mapping.byField(response.endpoint);
  // A mapped field the schema does not require must still be present on every row: check before using any.
  rows.forEach((row, i) => {
    if (kinds[i] === 'province') return;
    for (const { field } of fields) {
      const value = row.record[field];
      if (value !== null && typeof value !== 'number') {
        fail(`${value === undefined ? `thiếu trường '${field}'` : `trường '${field}' có giá trị ${JSON.stringify(value)}, cần một số hoặc null`} tại ${row.path}.${field} (đơn vị '${row.departmentName}')`, `${row.path}.${field}`, row.departmentName);
      }
    }
  });

  const seen = new Map<string, string>();
  const agencies: string[] = [];
  const agenciesWithoutCode: string[] = [];
  const push = (unitCode: string, metric: string, value: number | null, unit: string, path: string) =>
    events.push({ kind: 'metric', row: { period: scope.period, unitCode, metric, value, location: { ...base, unit, path } } });
  const emit = (unitCode: string, row: UnitRow) => {
    if (response.shape === 'A') {
      const metrics = (row.record.metrics ?? []) as { code: string; numerator: number | null; denominator: number | null }[];
      metrics.forEach((metric, j) => {
        for (const { key, part } of scope.mapping.byCode(response.endpoint, metric.code)) push(unitCode, key, metric[part], row.departmentName, `${row.path}.metrics[${j}].${part}`);
      });
    } else {
      for (const { key, field } of fields) push(unitCode, key, row.record[field] as number | null, row.departmentName, `${row.path}.${field}`);
    }
  };

  rows.forEach((row, i) => {
    const kind = kinds[i]!;
    const location = { ...base, unit: row.departmentName, path: row.path };
    if (kind === 'province') return; // the province's own row (shape A): the overview says it
    if (kind === 'agency') {
      const code = row.departmentCode ?? scope.links?.byExternalId(row.departmentId)?.unitCode ?? null;
      if (code === null) return void agenciesWithoutCode.push(row.departmentName);
      agencies.push(row.departmentName);
      if (provinceCode && scope.links?.byExternalId(row.departmentId)?.unitCode !== code) {
        events.push({ kind: 'link', link: { source: 'portal', externalId: row.departmentId, externalCode: code, name: row.departmentName, provinceCode, kind: 'agency', unitCode: code } });
      }
      return emit(code, row);
    }
    const resolution = resolvePortalUnit(
      { departmentId: row.departmentId, departmentCode: row.departmentCode, departmentName: row.departmentName, communeLevel: true },
      { registry: scope.registry, period: scope.period, provinceCode, links: scope.links },
    );
    if (resolution.kind === 'skip') return;
    if (resolution.kind === 'problem') return void events.push({ kind: 'problem', problem: { location, found: resolution.found, expected: resolution.expected, reason: resolution.reason } });
    const unit = resolution.unit;
    const earlier = seen.get(unit.code);
    if (earlier !== undefined) {
      events.push({
        kind: 'problem',
        problem: { location, found: row.departmentName, expected: 'mỗi đơn vị một dòng', reason: `Dòng ${row.path} và dòng ${earlier} cùng ứng với đơn vị ${unit.displayName} (${unit.code}); bỏ dòng sau` },
      });
      return;
    }
    seen.set(unit.code, row.path);
    if (resolution.by !== 'link' && provinceCode) {
      const previous = scope.links?.byUnitCode(unit.code);
      if (resolution.by === 'loose') {
        events.push({ kind: 'note', note: { location, message: `Tên trên Cổng '${row.departmentName}' khớp gần đúng với ${unit.displayName} (${unit.code}), duy nhất trong tỉnh; từ nay nhận theo mã Cổng ${row.departmentId}` } });
      }
      if (previous && previous.externalId !== row.departmentId) {
        events.push({ kind: 'note', note: { location, message: `Cổng đổi mã của ${unit.displayName} (${unit.code}): ${previous.externalId} → ${row.departmentId} (cùng tên '${row.departmentName}'); đã cập nhật` } });
      }
      if (previous?.externalId !== row.departmentId) {
        events.push({ kind: 'link', link: { source: 'portal', externalId: row.departmentId, externalCode: row.departmentCode, name: row.departmentName, provinceCode, kind: 'commune', unitCode: unit.code } });
      }
    }
    emit(unit.code, row);
  });

  if (response.shape === 'B' && provinceCode) {
    // The province as a whole (data.parent): the same fields, for the province's own figures.
    const parent = response.data.parent as Record<string, unknown>;
    for (const { key, field } of fields) {
      const value = parent[field];
      if (value === null || typeof value === 'number') push(provinceCode, key, value, String(parent.departmentName ?? provinceCode), `data.parent.${field}`);
    }
  }
  if (agencies.length || agenciesWithoutCode.length) {
    const name = province?.name ?? 'tỉnh';
    const unknown = agenciesWithoutCode.length ? `; ${agenciesWithoutCode.length} cơ quan chưa biết mã Cổng (phản hồi không có departmentCode) chưa ghi nhận: ${agenciesWithoutCode.slice(0, 3).join(', ')}${agenciesWithoutCode.length > 3 ? '…' : ''}` : '';
    events.push({
      kind: 'note',
      note: { location: base, message: `${agencies.length} sở, ban, ngành của ${name} được ghi nhận là cơ quan cấp tỉnh (không phải xã, không cách ly); bộ chỉ số cấp xã không chấm các cơ quan này${unknown}` },
    });
  }
  return events;
}

/** The unit rows of an answer, whatever its shape. */
function unitRows(response: PortalResponse): UnitRow[] {
  const rows: readonly Record<string, unknown>[] =
    response.shape === 'A' ? response.data.evaluation : response.shape === 'B' ? (response.data.children as Record<string, unknown>[]) : response.data.evaluation;
  const prefix = response.shape === 'B' ? 'data.children' : 'data.evaluation';
  const parentId = response.shape === 'B' ? response.data.parent.departmentId : null;
  return rows.flatMap((record, i) =>
    record.departmentId === parentId
      ? []
      : [
          {
            record,
            path: `${prefix}[${i}]`,
            departmentId: String(record.departmentId),
            departmentName: String(record.departmentName),
            departmentCode: typeof record.departmentCode === 'string' && record.departmentCode.trim() ? record.departmentCode.trim() : null,
          },
        ],
  );
}

/** The national summary: the portal's own total per province, provinces found by root id or portal code. */
function nationalEvents(response: PortalResponse, scope: PortalRowsScope, base: SourceLocation, fail: (message: string, path: string) => never): ParseEvent[] {
  if (response.shape !== 'summary') return fail('phản hồi cả nước phải là service-results', 'data');
  const fields = scope.mapping.byField('service-results');
  const events: ParseEvent[] = [];
  response.data.evaluation.forEach((row, i) => {
    const path = `data.evaluation[${i}]`;
    const province = scope.catalog.byRootId(row.departmentId) ?? (row.departmentCode ? scope.catalog.byPortalCode(row.departmentCode) : undefined);
    if (!province) {
      events.push({
        kind: 'problem',
        problem: {
          location: { ...base, unit: row.departmentName, path },
          found: `${row.departmentName}, mã ${row.departmentCode ?? '?'}, id ${row.departmentId}`,
          expected: 'một tỉnh trong danh mục schema/provinces.json (portalCode, rootDepartmentId)',
          reason: 'Tỉnh trên Cổng không có trong danh mục tỉnh',
        },
      });
      return;
    }
    const record = row as Record<string, unknown>;
    for (const { key, field } of fields) events.push({ kind: 'metric', row: { period: scope.period, unitCode: province.code, metric: key, value: record[field] as number | null, location: { ...base, unit: row.departmentName, path: `${path}.${field}` } } });
  });
  return events;
}
