// Which province and which period an answer of the current API is about, from the answer itself:
// the root id (shape-B parent, shape-A overview) or, where there is none (service-results overview),
// the portal code looked up in the province catalog; the months filled in `dossierChart`. Checked
// against the request when there is one; a saved body without a request is identified by them.
import { periodKind, periodMonths, type Period } from '../../src/core/period.js';
import type { PortalProvince, ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import type { PortalResponse } from './portal-response.js';
import { unitKindOf } from './portal-unit-kind.js';

/** What the answer says about its province. */
export type StatedScope =
  | { readonly scope: 'national'; readonly field: string }
  | { readonly scope: 'province'; readonly rootDepartmentId: string | null; readonly portalCode: string | null; readonly name: string | null; readonly field: string }
  | { readonly scope: 'unknown' };

/** The province (or the country) an answer was checked to be about. */
export type AnswerScope = { readonly scope: 'national' } | { readonly scope: 'province'; readonly rootDepartmentId: string; readonly province: PortalProvince | null };

/** What the request asked for; null fields = not known (a saved body). */
export interface RequestedScope {
  readonly rootDepartmentId: string | null;
  /** Statistics code of the province, when the operator or the configuration says it. */
  readonly provinceCode: string | null;
  /** True for `service-results` asked without a province (the national summary). */
  readonly national?: boolean;
}

export type ScopeFailure = (message: string, field: string) => never;

/** Reads the province an answer states about itself. */
export function statedScope(response: PortalResponse): StatedScope {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  if (response.shape === 'B') {
    const parent = response.data.parent;
    return { scope: 'province', rootDepartmentId: parent.departmentId, portalCode: text(parent.departmentCode), name: text(parent.departmentName), field: 'data.parent.departmentId' };
  }
  if (response.shape === 'summary') {
    const { overview, evaluation } = response.data;
    if (evaluation.some((row) => row.groupScores) || (overview && !text(overview.departmentCode) && !text(overview.departmentId))) return { scope: 'national', field: 'data.evaluation[].groupScores' };
    if (!overview) return { scope: 'unknown' };
    return { scope: 'province', rootDepartmentId: text(overview.departmentId), portalCode: text(overview.departmentCode), name: text(overview.departmentName), field: 'data.overview.departmentCode' };
  }
  const { overview, evaluation } = response.data;
  if (overview && (text(overview.departmentId) || text(overview.departmentCode))) {
    return {
      scope: 'province',
      rootDepartmentId: text(overview.departmentId),
      portalCode: text(overview.departmentCode),
      name: text(overview.departmentName),
      field: text(overview.departmentId) ? 'data.overview.departmentId' : 'data.overview.departmentCode',
    };
  }
  const index = evaluation.findIndex((row, i) => {
    const kind = unitKindOf(row, `data.evaluation[${i}]`);
    return kind.ok && kind.kind === 'province';
  });
  if (index < 0) return { scope: 'unknown' };
  const row = evaluation[index]!;
  return { scope: 'province', rootDepartmentId: row.departmentId, portalCode: text(row.departmentCode), name: row.departmentName, field: `data.evaluation[${index}].departmentId` };
}

/**
 * Checks that an answer is about the province (or the country) asked for, and says which. Without a
 * request, the answer's own province must be in the catalog.
 */
export function checkAnswerScope(response: PortalResponse, requested: RequestedScope, catalog: ProvinceCatalog, fail: ScopeFailure): AnswerScope {
  const stated = statedScope(response);
  const expected =
    (requested.rootDepartmentId ? catalog.byRootId(requested.rootDepartmentId) : undefined) ?? (requested.provinceCode ? catalog.byCode(requested.provinceCode) : undefined);
  const askedFor = expected ? `tỉnh ${expected.name} (${expected.portalCode}, rootDepartmentId ${expected.rootDepartmentId})` : requested.rootDepartmentId ? `rootDepartmentId ${requested.rootDepartmentId}` : null;
  if (stated.scope === 'unknown') {
    return fail(`phản hồi không cho biết tỉnh (không có data.overview.departmentId/departmentCode, data.parent hay dòng cấp tỉnh)${askedFor ? `, cần ${askedFor}` : ''}; không dùng phản hồi này`, 'data.overview.departmentId');
  }
  if (stated.scope === 'national') {
    if (requested.national || (!requested.rootDepartmentId && !requested.provinceCode)) return { scope: 'national' };
    return fail(`phản hồi là số liệu cả nước (một dòng mỗi tỉnh, có groupScores), không phải ${askedFor ?? 'một tỉnh'}; không dùng phản hồi này`, stated.field);
  }
  if (requested.national) return fail(`phản hồi là số liệu của '${stated.name ?? '?'}' (${stated.field}), đã hỏi số liệu cả nước; không dùng phản hồi này`, stated.field);
  const byId = stated.rootDepartmentId ? catalog.byRootId(stated.rootDepartmentId) : undefined;
  const byCode = stated.portalCode ? catalog.byPortalCode(stated.portalCode) : undefined;
  const province = byId ?? byCode ?? null;
  const statedText = `'${stated.name ?? '?'}' (${stated.rootDepartmentId ? `departmentId ${stated.rootDepartmentId}` : `departmentCode ${stated.portalCode ?? '?'}`})`;
  if (expected || requested.rootDepartmentId) {
    const sameId = stated.rootDepartmentId !== null && stated.rootDepartmentId === (expected?.rootDepartmentId ?? requested.rootDepartmentId);
    const sameCode = stated.rootDepartmentId === null && expected !== undefined && stated.portalCode !== null && stated.portalCode.toUpperCase() === expected.portalCode.toUpperCase();
    if (!sameId && !sameCode) {
      if (stated.rootDepartmentId === null && !expected) {
        return fail(`phản hồi chỉ cho biết mã tỉnh trên Cổng ${statedText}, mà rootDepartmentId ${requested.rootDepartmentId} không có trong danh mục tỉnh (schema/provinces.json) để đối chiếu; không dùng phản hồi này`, stated.field);
      }
      return fail(`phản hồi là của ${statedText} tại ${stated.field}, không phải ${askedFor}; không dùng phản hồi này`, stated.field);
    }
    return { scope: 'province', rootDepartmentId: expected?.rootDepartmentId ?? requested.rootDepartmentId!, province: expected ?? province };
  }
  if (!province) {
    return fail(`phản hồi là của ${statedText} tại ${stated.field}, không có trong danh mục 34 tỉnh (schema/provinces.json: portalCode, rootDepartmentId); không dùng phản hồi này`, stated.field);
  }
  return { scope: 'province', rootDepartmentId: province.rootDepartmentId, province };
}

/** Months (1–12) of a chart whose entry carries a value (a number other than 0). */
export function filledChartMonths(chart: unknown): number[] {
  if (!Array.isArray(chart)) return [];
  const months: number[] = [];
  for (const entry of chart) {
    if (entry === null || typeof entry !== 'object') continue;
    const record = entry as Record<string, unknown>;
    const month = Number(record.month ?? record.label);
    if (!Number.isInteger(month)) continue;
    if (Object.entries(record).some(([k, v]) => k !== 'month' && k !== 'label' && typeof v === 'number' && v !== 0)) months.push(month);
  }
  return months;
}

/**
 * `service-results` fills `dossierChart` for the months of the period asked (monthlyChart covers the
 * whole year whatever the period, so it says nothing): a filled month outside the period contradicts it.
 */
export function checkAnswerPeriod(response: PortalResponse, period: Period, fail: ScopeFailure): void {
  if (response.shape !== 'summary') return;
  const filled = filledChartMonths(response.data.dossierChart);
  const allowed = new Set(periodMonths(period).map((p) => Number(p.slice(5, 7))));
  const outside = filled.filter((m) => !allowed.has(m));
  if (!outside.length) return;
  const months = filled.map((m) => String(m).padStart(2, '0')).join(', ');
  const hint = periodKind(period) === 'month' && filled.length > 1 ? `; đây là số liệu của một quý hoặc một năm: hãy nhập bằng --period YYYY-Qn hoặc --period YYYY thay cho --month` : '';
  fail(`phản hồi có số liệu các tháng ${months} (data.dossierChart), không khớp kỳ đã hỏi ${period}${hint}`, 'data.dossierChart');
}
