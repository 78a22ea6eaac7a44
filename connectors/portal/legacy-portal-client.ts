// Client of the portal's legacy API (POST /jsp/rest.jsp, form field `params` holding a JSON string),
// needed to backfill months before 2025. It answers a bare JSON array of rows with group scores.
// Same politeness and breaker as the current API: it is the same portal behind the same firewall.
import { periodMonth, periodYear, parsePeriod, type Period } from '../../src/core/period.js';
import { legacyParamsSchema, legacyResponseSchema, type LegacyRow } from '../../schema/portal/legacy-api.js';
import { isFirewallPage, looksLikeHtml } from './html-answer.js';
import { PoliteTransport, type PoliteTransportOptions } from './polite-transport.js';
import { PortalError, type PortalRawResponse } from './portal-error.js';
import { DEFAULT_PORTAL_URL, type RequestPeriod } from './portal-request.js';
import { shapeIssue } from './shape-issue.js';

export const LEGACY_PATH = '/jsp/rest.jsp';
export const LEGACY_SERVICE = 'report_tinh_766_service';
/** How the legacy endpoint is named in messages and capture metadata. */
export const LEGACY_ENDPOINT = `rest.jsp ${LEGACY_SERVICE}`;
const MAX_PAGES = 100;

export interface LegacyPageRequest {
  readonly period: Period;
  /** The province id of the legacy system (p_tinh_id), not the current API's uuid. */
  readonly provinceId: string;
  readonly page?: number;
  readonly pageSize?: number;
  readonly signal?: AbortSignal | undefined;
}

export interface LegacyPage {
  readonly period: Period;
  readonly page: number;
  readonly request: { readonly method: 'POST'; readonly url: string; readonly body: { readonly params: Record<string, unknown> } };
  readonly response: PortalRawResponse;
  readonly attempts: number;
  readonly rows: LegacyRow[];
}

/**
 * The `params` object of a monthly report request.
 * @example legacyParams({ period: parsePeriod('2023-09'), provinceId: '11358', page: 1, pageSize: 1000 }).p_thang // 9
 */
export function legacyParams(request: { period: Period; provinceId: string; page: number; pageSize: number }): Record<string, unknown> {
  return {
    type: 'ref',
    service: LEGACY_SERVICE,
    p_nam: String(periodYear(request.period)),
    p_thang: periodMonth(request.period),
    p_quy: 0,
    p_6thang: 0,
    p_tinh_id: request.provinceId,
    p_huyen_id: '0',
    p_xa_id: '0',
    pageIndex: request.page,
    pageSize: request.pageSize,
    p_loaidonvi: 1,
    loaichitieu: 0,
  };
}

/** The form-urlencoded body: one field `params` holding the JSON text. */
export function legacyFormBody(params: Record<string, unknown>): string {
  return new URLSearchParams({ params: JSON.stringify(params) }).toString();
}

/** Reads the `params` JSON back out of a form body; null when it is not a legacy report request. */
export function legacyParamsOfForm(formBody: string): Record<string, unknown> | null {
  const text = new URLSearchParams(formBody).get('params');
  if (!text) return null;
  try {
    const parsed = legacyParamsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The month a legacy request asked for (quarter, half-year and whole-year requests are refused).
 * @example legacyRequestPeriod({ p_nam: '2023', p_thang: 9, p_quy: 0, p_6thang: 0 }) // { ok: true, period: '2023-09' }
 */
export function legacyRequestPeriod(params: Record<string, unknown>): RequestPeriod {
  const found = `p_nam=${String(params.p_nam)}, p_thang=${String(params.p_thang)}, p_quy=${String(params.p_quy ?? 0)}, p_6thang=${String(params.p_6thang ?? 0)}`;
  const month = Number(params.p_thang);
  if (!Number.isInteger(month) || month < 1 || month > 12 || Number(params.p_quy ?? 0) !== 0 || Number(params.p_6thang ?? 0) !== 0) return { ok: false, found };
  try {
    return { ok: true, period: parsePeriod(`${String(params.p_nam)}-${String(month).padStart(2, '0')}`) };
  } catch {
    return { ok: false, found };
  }
}

/**
 * Validates a legacy answer: a JSON array of rows with every score column present.
 * @example readLegacyBody(bytes, { period, status: 200 }).length
 */
export function readLegacyBody(body: Uint8Array, context: { period: Period | null; status: number | null; url?: string; response?: PortalRawResponse }): LegacyRow[] {
  const where = {
    endpoint: LEGACY_ENDPOINT,
    period: context.period,
    status: context.status,
    ...(context.url ? { url: context.url } : {}),
    ...(context.response ? { response: context.response } : {}),
  };
  if (looksLikeHtml({ headers: context.response?.headers ?? {}, body }) || isFirewallPage(body)) {
    throw new PortalError('html', 'phản hồi là một trang HTML (có thể là trang tường lửa), không phải dữ liệu JSON', where);
  }
  const text = Buffer.from(body).toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PortalError('envelope', `phản hồi không phải JSON hợp lệ (bắt đầu bằng: ${JSON.stringify(text.slice(0, 40))})`, where);
  }
  if (!Array.isArray(json)) {
    throw new PortalError('envelope', `cần một danh sách (mảng JSON) các dòng, nhận được ${json === null ? 'null' : typeof json}: ${JSON.stringify(json).slice(0, 80)}`, where);
  }
  const rows = legacyResponseSchema.safeParse(json);
  if (!rows.success) {
    const issue = shapeIssue(json, '', rows.error.issues[0]!);
    throw new PortalError('shape', `cấu trúc phản hồi đã thay đổi: ${issue.message}. Không tính điểm từ phản hồi này.`, { ...where, field: issue.field });
  }
  return rows.data;
}

/**
 * The legacy API's client.
 * @example for await (const page of new LegacyPortalClient({ pauseMs: 0 }).fetchAllPages({ period, provinceId: '11358' })) page.rows.length
 */
export class LegacyPortalClient {
  readonly baseUrl: string;
  readonly transport: PoliteTransport;

  constructor(options: PoliteTransportOptions & { readonly baseUrl?: string } = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_PORTAL_URL).replace(/\/+$/, '');
    this.transport = new PoliteTransport(options);
  }

  async fetchPage(request: LegacyPageRequest): Promise<LegacyPage> {
    const page = request.page ?? 1;
    const url = `${this.baseUrl}${LEGACY_PATH}`;
    const params = legacyParams({ period: request.period, provinceId: request.provinceId, page, pageSize: request.pageSize ?? 1000 });
    const sent = { method: 'POST' as const, url, body: { params } };
    const answer = await this.transport.post({
      endpoint: LEGACY_ENDPOINT,
      period: request.period,
      url,
      body: legacyFormBody(params),
      contentType: 'application/x-www-form-urlencoded; charset=UTF-8',
      sent,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const response: PortalRawResponse = { status: answer.status, headers: answer.headers, body: answer.body };
    if (answer.status < 200 || answer.status > 299) {
      throw new PortalError('http', `Cổng trả HTTP ${answer.status}, cần 200`, { endpoint: LEGACY_ENDPOINT, period: request.period, status: answer.status, url, response });
    }
    let rows: LegacyRow[];
    try {
      rows = readLegacyBody(answer.body, { period: request.period, status: answer.status, url, response });
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      throw new PortalError(error.kind, error.reason, {
        endpoint: LEGACY_ENDPOINT,
        period: request.period,
        status: answer.status,
        url,
        response,
        request: sent,
        ...(error.field ? { field: error.field } : {}),
      });
    }
    return { period: request.period, page, request: sent, response, attempts: answer.attempts, rows };
  }

  /** Pages until a page comes back shorter than pageSize. */
  async *fetchAllPages(request: Omit<LegacyPageRequest, 'page'>): AsyncGenerator<LegacyPage> {
    const pageSize = request.pageSize ?? 1000;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.fetchPage({ ...request, page, pageSize });
      yield answer;
      if (answer.rows.length < pageSize) return;
    }
  }
}
