// From one validated answer of the current API to canonical metric rows (or problems), per unit.
// Shape A reads metrics[].numerator/denominator by code, shape B reads child fields; which code or
// field feeds which metric comes from the vocabulary. null stays null.
import type { Period } from '../../src/core/period.js';
import { UnreadableSourceError, type ParseEvent } from '../../src/core/connector-contract.js';
import type { PortalMetricMapping } from './portal-metric-mapping.js';
import { isProvinceRow, type PortalResponse } from './portal-response.js';
import { resolvePortalUnit, type PortalUnitRow } from './portal-unit-matcher.js';
import type { SourceLocation } from '../../src/core/source.js';
import type { UnitRegistry } from '../../src/core/unit-registry.js';

export interface PortalRowsScope {
  readonly period: Period;
  readonly registry: UnitRegistry;
  /** Statistics code of the province, to match names within it. */
  readonly provinceCode?: string | null | undefined;
  readonly mapping: PortalMetricMapping;
  /** Saved captures name their file in locations. */
  readonly file?: string | null | undefined;
}

/**
 * Metric rows and problems of one answer. Structural errors throw before any row is returned, so
 * nothing is scored from an answer that cannot be read whole.
 * @example portalMetricEvents(readPortalBody(bytes, ctx), { period, registry, mapping }).filter((e) => e.kind === 'metric')
 */
export function portalMetricEvents(response: PortalResponse, scope: PortalRowsScope): ParseEvent[] {
  if (response.shape === 'summary') return [];
  const events: ParseEvent[] = [];
  const seen = new Map<string, string>();
  const base: SourceLocation = { endpoint: response.endpoint, ...(scope.file ? { file: scope.file } : {}) };

  const unitOf = (row: PortalUnitRow, path: string): string | null => {
    const location = { ...base, unit: row.departmentName, path };
    const resolution = resolvePortalUnit(row, scope.registry, scope.period, scope.provinceCode);
    if (resolution.kind === 'skip') return null;
    if (resolution.kind === 'problem') {
      events.push({ kind: 'problem', problem: { location, found: resolution.found, expected: resolution.expected, reason: resolution.reason } });
      return null;
    }
    const code = resolution.unit.code;
    const earlier = seen.get(code);
    if (earlier !== undefined) {
      events.push({
        kind: 'problem',
        problem: {
          location,
          found: row.departmentName,
          expected: 'mỗi đơn vị một dòng',
          reason: `Dòng ${path} và dòng ${earlier} cùng ứng với đơn vị ${resolution.unit.displayName} (${code}); bỏ dòng sau`,
        },
      });
      return null;
    }
    seen.set(code, path);
    return code;
  };

  const push = (unitCode: string, metric: string, value: number | null, unit: string, path: string) =>
    events.push({ kind: 'metric', row: { period: scope.period, unitCode, metric, value, location: { ...base, unit, path } } });

  if (response.shape === 'A') {
    response.data.evaluation.forEach((row, i) => {
      if (isProvinceRow(row)) return;
      const rowPath = `data.evaluation[${i}]`;
      const unitCode = unitOf(
        {
          departmentId: row.departmentId,
          departmentCode: row.departmentCode,
          departmentName: row.departmentName,
          communeLevel: row.departmentLevel === 'COMMUNE' || row.departmentType === 'COMMUNE_PEOPLE_COMMITTEE',
        },
        rowPath,
      );
      if (unitCode === null) return;
      row.metrics.forEach((metric, j) => {
        for (const { key, part } of scope.mapping.byCode(response.endpoint, metric.code)) {
          push(unitCode, key, metric[part], row.departmentName, `${rowPath}.metrics[${j}].${part}`);
        }
      });
    });
    return events;
  }

  const fields = scope.mapping.byField(response.endpoint);
  response.data.children.forEach((child, i) => {
    const rowPath = `data.children[${i}]`;
    const record = child as Record<string, unknown>;
    // A mapped field the schema does not require must still be present: check before using the row.
    for (const { field } of fields) {
      const value = record[field];
      if (value !== null && typeof value !== 'number') {
        throw new UnreadableSourceError(
          `Cổng DVCQG, endpoint '${response.endpoint}': ${value === undefined ? `thiếu trường '${field}'` : `trường '${field}' có giá trị ${JSON.stringify(value)}, cần một số hoặc null`} tại ${rowPath}.${field} (đơn vị '${child.departmentName}'); không tính điểm từ phản hồi này`,
          { ...base, unit: child.departmentName, path: `${rowPath}.${field}` },
        );
      }
    }
  });
  response.data.children.forEach((child, i) => {
    const rowPath = `data.children[${i}]`;
    if (child.departmentId === response.data.parent.departmentId) return;
    const level = child.level === null || child.level === undefined ? '' : String(child.level);
    const unitCode = unitOf(
      { departmentId: child.departmentId, departmentName: child.departmentName, communeLevel: /COMMUNE|^2$/.test(level) },
      rowPath,
    );
    if (unitCode === null) return;
    for (const { key, field } of fields) {
      push(unitCode, key, (child as Record<string, unknown>)[field] as number | null, child.departmentName, `${rowPath}.${field}`);
    }
  });
  return events;
}
