// Client of the portal's current reporting API: builds each endpoint's request, sends it through the
// polite transport, and accepts only HTTP 201 with a valid `{code: "OK"}` envelope for the province
// asked for. Shape-A endpoints are paginated: every page is fetched and returned on its own.
import type { Period } from '../../src/core/period.js';
import { isShapeA, type PortalEndpoint } from '../../schema/portal/current-api.js';
import type { ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import { PoliteTransport, type PoliteTransportOptions } from './polite-transport.js';
import { PortalError, type PortalRawResponse } from './portal-error.js';
import { DEFAULT_PORTAL_URL, evaluationBody, evaluationUrl } from './portal-request.js';
import { readPortalBody, type PortalResponse } from './portal-response.js';

export interface PortalClientOptions extends PoliteTransportOptions {
  /** Default https://dichvucong.gov.vn (the app reads DVC_PORTAL_URL). */
  readonly baseUrl?: string;
  /** Province codes and root ids, to check answers that name their province by code (default: schema/provinces.json). */
  readonly catalog?: ProvinceCatalog | undefined;
}

export interface PortalPageRequest {
  readonly endpoint: PortalEndpoint;
  readonly period: Period;
  /** The province; null asks `service-results` for the national summary. */
  readonly rootDepartmentId: string | null;
  readonly page?: number;
  readonly pageSize?: number;
  readonly formalityId?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** One answered page: the request as sent, the raw answer, and the validated reading of it. */
export interface PortalPage {
  readonly endpoint: PortalEndpoint;
  readonly period: Period;
  readonly page: number;
  readonly totalPages: number;
  readonly request: { readonly method: 'POST'; readonly url: string; readonly body: Record<string, unknown> };
  readonly response: PortalRawResponse;
  readonly attempts: number;
  readonly parsed: PortalResponse;
}

/** The portal answers a successful report request with 201 Created. */
export const PORTAL_SUCCESS_STATUS = 201;
/** A guard against a pagination that never ends. */
const MAX_PAGES = 500;

/**
 * The current API's client. Dependencies (axios instance, sleep, random, breaker store) are injected.
 * @example const client = new PortalClient({ baseUrl, pauseMs: 0 });
 *   for await (const page of client.fetchAllPages({ endpoint: 'transparency', period, rootDepartmentId })) console.log(page.page)
 */
export class PortalClient {
  readonly baseUrl: string;
  readonly transport: PoliteTransport;
  readonly catalog: ProvinceCatalog | undefined;

  constructor(options: PortalClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? DEFAULT_PORTAL_URL).replace(/\/+$/, '');
    this.catalog = options.catalog;
    this.transport = new PoliteTransport(options);
  }

  /** Fetches one page; throws PortalError (with the raw answer attached when there is one). */
  async fetchPage(request: PortalPageRequest): Promise<PortalPage> {
    const page = request.page ?? 1;
    const url = evaluationUrl(this.baseUrl, request.endpoint);
    const body = evaluationBody({
      endpoint: request.endpoint,
      period: request.period,
      rootDepartmentId: request.rootDepartmentId,
      page,
      pageSize: request.pageSize ?? 200,
      formalityId: request.formalityId,
    });
    const sent = { method: 'POST' as const, url, body };
    const answer = await this.transport.post({
      endpoint: request.endpoint,
      period: request.period,
      url,
      body: JSON.stringify(body),
      contentType: 'application/json',
      sent,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const response: PortalRawResponse = { status: answer.status, headers: answer.headers, body: answer.body };
    const where = { endpoint: request.endpoint, period: request.period, status: answer.status, url, attempts: answer.attempts, response, request: sent };
    if (answer.status !== PORTAL_SUCCESS_STATUS) {
      throw new PortalError('http', `Cổng trả HTTP ${answer.status}, cần ${PORTAL_SUCCESS_STATUS}`, where);
    }
    let parsed: PortalResponse;
    try {
      parsed = readPortalBody(answer.body, {
        endpoint: request.endpoint,
        period: request.period,
        status: answer.status,
        rootDepartmentId: request.rootDepartmentId,
        national: request.endpoint === 'service-results' && !request.rootDepartmentId,
        catalog: this.catalog,
        expectedPage: isShapeA(request.endpoint) ? page : undefined,
        url,
        response,
      });
    } catch (error) {
      if (!(error instanceof PortalError)) throw error;
      throw new PortalError(error.kind, error.reason, { ...where, ...(error.field ? { field: error.field } : {}) });
    }
    const totalPages = parsed.shape === 'A' ? Math.max(1, parsed.data.pagination.totalPages) : 1;
    return { endpoint: request.endpoint, period: request.period, page, totalPages, request: sent, response, attempts: answer.attempts, parsed };
  }

  /** Fetches every page of an endpoint (shape A follows `data.pagination.totalPages`). */
  async *fetchAllPages(request: Omit<PortalPageRequest, 'page'>): AsyncGenerator<PortalPage> {
    const first = await this.fetchPage({ ...request, page: 1 });
    yield first;
    if (first.totalPages > MAX_PAGES) {
      throw new PortalError('shape', `Cổng báo ${first.totalPages} trang, vượt giới hạn ${MAX_PAGES} trang; hãy tăng pageSize`, {
        endpoint: request.endpoint,
        period: request.period,
        status: first.response.status,
        field: 'data.pagination.totalPages',
      });
    }
    for (let page = 2; page <= first.totalPages; page++) yield await this.fetchPage({ ...request, page });
  }
}
