// Requests of the current API: the URL and JSON body of each endpoint for a month, quarter or year,
// and the reverse (which endpoint and period a recorded request asked for), used to check saved captures.
import { parseAnyPeriod, periodBounds, periodKind, periodMonth, periodQuarter, periodYear, type Period } from '../../src/core/period.js';
import { isPortalEndpoint, type PortalEndpoint } from '../../schema/portal/current-api.js';

export const DEFAULT_PORTAL_URL = 'https://dichvucong.gov.vn';
export const EVALUATION_PATH = '/api/v1/reporting/evaluation/';

export interface EvaluationRequest {
  readonly endpoint: PortalEndpoint;
  readonly period: Period;
  /** Province id on the current API; null for the national `service-results` summary. */
  readonly rootDepartmentId: string | null;
  readonly page: number;
  readonly pageSize: number;
  /** Optional per-procedure filter. */
  readonly formalityId?: string | undefined;
}

/**
 * The URL of an evaluation endpoint.
 * @example evaluationUrl('https://dichvucong.gov.vn/', 'transparency') // 'https://dichvucong.gov.vn/api/v1/reporting/evaluation/transparency'
 */
export function evaluationUrl(baseUrl: string, endpoint: PortalEndpoint): string {
  return `${baseUrl.replace(/\/+$/, '')}${EVALUATION_PATH}${endpoint}`;
}

/** `timeType` with `month` or `quarter` (a year needs neither). */
function periodFields(period: Period): Record<string, unknown> {
  const kind = periodKind(period);
  const fields: Record<string, unknown> = { timeType: kind, year: periodYear(period) };
  if (kind === 'month') fields.month = periodMonth(period);
  if (kind === 'quarter') fields.quarter = periodQuarter(period);
  return fields;
}

/**
 * The JSON body the portal expects for an endpoint and period. `handling-satisfaction` takes an
 * inclusive date range instead of timeType; `dossier-digitized` spells the filter `formalityID`;
 * `service-results` without a province is the national summary, with one the province drill-down.
 * @example evaluationBody({ endpoint: 'transparency', period, rootDepartmentId: 'x', page: 1, pageSize: 200 })
 *   // { timeType: 'month', year: 2023, month: 9, rootDepartmentId: 'x', currentPage: 1, pageSize: 200 }
 */
export function evaluationBody(request: EvaluationRequest): Record<string, unknown> {
  const { endpoint, period } = request;
  if (endpoint === 'service-results' && !request.rootDepartmentId) return { ...periodFields(period), departmentType: 'ADMINISTRATIVE_UNIT' };
  const paging = { rootDepartmentId: request.rootDepartmentId, currentPage: request.page, pageSize: request.pageSize };
  const body: Record<string, unknown> =
    endpoint === 'handling-satisfaction'
      ? { fromDate: periodBounds(period).first, toDate: periodBounds(period).last, ...paging }
      : { ...periodFields(period), ...paging };
  if (request.formalityId) body[endpoint === 'dossier-digitized' ? 'formalityID' : 'formalityId'] = request.formalityId;
  return body;
}

/** The endpoint named by a URL of the current API, or null for any other URL. */
export function endpointOfUrl(url: string): PortalEndpoint | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const index = path.indexOf(EVALUATION_PATH);
  if (index < 0) return null;
  const name = path.slice(index + EVALUATION_PATH.length).replace(/\/+$/, '');
  return isPortalEndpoint(name) ? name : null;
}

export type RequestPeriod = { readonly ok: true; readonly period: Period } | { readonly ok: false; readonly found: string };

/**
 * The period a recorded request body asked for: a month, a quarter or a year (`timeType`), or for
 * `handling-satisfaction` a date range covering exactly one of them.
 * @example requestPeriod('handling-satisfaction', { fromDate: '2023-09-01', toDate: '2023-09-30' }) // { ok: true, period: '2023-09' }
 */
export function requestPeriod(endpoint: PortalEndpoint, body: Record<string, unknown>): RequestPeriod {
  if (endpoint === 'handling-satisfaction' && (body.fromDate !== undefined || body.timeType === undefined)) {
    const from = String(body.fromDate ?? '');
    const to = String(body.toDate ?? '');
    const found = `fromDate=${from || '(trống)'}, toDate=${to || '(trống)'}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return { ok: false, found };
    const year = from.slice(0, 4);
    const month = Number(from.slice(5, 7));
    const candidates = [from.slice(0, 7), `${year}-Q${Math.ceil(month / 3)}`, year];
    for (const text of candidates) {
      try {
        const period = parseAnyPeriod(text);
        const bounds = periodBounds(period);
        if (from === bounds.first && to === bounds.last) return { ok: true, period };
      } catch {
        return { ok: false, found };
      }
    }
    return { ok: false, found };
  }
  const found = `timeType=${String(body.timeType)}, year=${String(body.year)}, month=${String(body.month)}, quarter=${String(body.quarter)}`;
  const year = Number(body.year);
  if (!Number.isInteger(year)) return { ok: false, found };
  const text =
    body.timeType === 'month' && Number.isInteger(Number(body.month))
      ? `${year}-${String(Number(body.month)).padStart(2, '0')}`
      : body.timeType === 'quarter' && Number.isInteger(Number(body.quarter))
        ? `${year}-Q${Number(body.quarter)}`
        : body.timeType === 'year'
          ? String(year)
          : null;
  if (text === null) return { ok: false, found };
  try {
    return { ok: true, period: parseAnyPeriod(text) };
  } catch {
    return { ok: false, found };
  }
}
