// Requests of the current API: the URL and JSON body of each endpoint for a month, and the reverse
// (which endpoint and month a recorded request asked for), used to check saved captures.
import { parsePeriod, periodBounds, periodMonth, periodYear, type Period } from '../../src/core/period.js';
import { isPortalEndpoint, type PortalEndpoint } from '../../schema/portal/current-api.js';

export const DEFAULT_PORTAL_URL = 'https://dichvucong.gov.vn';
export const EVALUATION_PATH = '/api/v1/reporting/evaluation/';

export interface EvaluationRequest {
  readonly endpoint: PortalEndpoint;
  readonly period: Period;
  /** Province id on the current API; not used by `service-results`. */
  readonly rootDepartmentId: string;
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

/**
 * The JSON body the portal expects for an endpoint and month. `handling-satisfaction` takes an
 * inclusive date range instead of timeType; `dossier-digitized` spells the filter `formalityID`.
 * @example evaluationBody({ endpoint: 'transparency', period, rootDepartmentId: 'x', page: 1, pageSize: 200 })
 *   // { timeType: 'month', year: 2023, month: 9, rootDepartmentId: 'x', currentPage: 1, pageSize: 200 }
 */
export function evaluationBody(request: EvaluationRequest): Record<string, unknown> {
  const { endpoint, period } = request;
  if (endpoint === 'service-results') {
    return { timeType: 'month', year: periodYear(period), month: periodMonth(period), departmentType: 'ADMINISTRATIVE_UNIT' };
  }
  const paging = { rootDepartmentId: request.rootDepartmentId, currentPage: request.page, pageSize: request.pageSize };
  const body: Record<string, unknown> =
    endpoint === 'handling-satisfaction'
      ? { fromDate: periodBounds(period).first, toDate: periodBounds(period).last, ...paging }
      : { timeType: 'month', year: periodYear(period), month: periodMonth(period), ...paging };
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
 * The month a recorded request body asked for; anything that is not exactly one month is refused.
 * @example requestPeriod('handling-satisfaction', { fromDate: '2023-09-01', toDate: '2023-09-30' }) // { ok: true, period: '2023-09' }
 */
export function requestPeriod(endpoint: PortalEndpoint, body: Record<string, unknown>): RequestPeriod {
  if (endpoint === 'handling-satisfaction') {
    const from = String(body.fromDate ?? '');
    const to = String(body.toDate ?? '');
    const found = `fromDate=${from || '(trống)'}, toDate=${to || '(trống)'}`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from)) return { ok: false, found };
    try {
      const period = parsePeriod(from.slice(0, 7));
      const bounds = periodBounds(period);
      return from === bounds.first && to === bounds.last ? { ok: true, period } : { ok: false, found };
    } catch {
      return { ok: false, found };
    }
  }
  const found = `timeType=${String(body.timeType)}, year=${String(body.year)}, month=${String(body.month)}`;
  if (body.timeType !== 'month') return { ok: false, found };
  const year = Number(body.year);
  const month = Number(body.month);
  if (!Number.isInteger(year) || !Number.isInteger(month)) return { ok: false, found };
  try {
    return { ok: true, period: parsePeriod(`${year}-${String(month).padStart(2, '0')}`) };
  } catch {
    return { ok: false, found };
  }
}
