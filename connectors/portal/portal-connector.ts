// The national portal connector (current API, 2025 onwards): captures every page of each evaluation
// endpoint for one province and month as raw JSON, and parses a capture into canonical metric rows
// per unit. Live captures, HAR entries and saved bodies all go through the same parse.
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { periodKind, periodLabel, periodOfInstant, periodTerm, shiftPeriod, type Period } from '../../src/core/period.js';
import { metricVocabulary, type MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import { isPortalEndpoint, isShapeA, PORTAL_ENDPOINTS, SHAPE_A_ENDPOINTS, SHAPE_B_ENDPOINTS, type PortalEndpoint } from '../../schema/portal/current-api.js';
import { loadProvinceCatalog, type ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import {
  readContent,
  UnreadableSourceError,
  type ArchivedCapture,
  type CaptureContext,
  type CheckResult,
  type Connector,
  type ConnectorDescription,
  type ParseContext,
  type ParseEvent,
  type RawCapture,
} from '../../src/core/connector-contract.js';
import { PortalClient, PORTAL_SUCCESS_STATUS, type PortalPage } from './portal-client.js';
import { PortalError } from './portal-error.js';
import { portalMetricEvents } from './portal-metric-rows.js';
import { portalMetricMapping, type PortalMetricMapping } from './portal-metric-mapping.js';
import { portalTransportFields } from './portal-config-fields.js';
import { requestPeriod } from './portal-request.js';
import { checkPortalAnswer, validatePortalBody, type UnscopedResponse } from './portal-response.js';
import { RequestPacer, transportOptions, type SleepFunction } from './polite-transport.js';
import type { CircuitBreakerStore } from '../../src/core/circuit-breaker.js';

/**
 * The province drill-down of `service-results` first (it names every unit with its portal code, so the
 * departments of shape-A answers, which carry no code, are known by id), then the six evaluation endpoints.
 */
export const DEFAULT_PORTAL_ENDPOINTS: readonly PortalEndpoint[] = ['service-results', ...SHAPE_A_ENDPOINTS, ...SHAPE_B_ENDPOINTS];

export const portalConfigSchema = z.object({
  ...portalTransportFields,
  /** The province's id on the current API (schema/units/*.json: province.portalRootDepartmentId). */
  rootDepartmentId: z.string().trim().min(1),
  pageSize: z.number().int().min(1).max(1000).default(200),
  endpoints: z.array(z.enum(PORTAL_ENDPOINTS)).min(1).optional(),
  formalityId: z.string().trim().min(1).optional(),
});

export type PortalConfig = z.output<typeof portalConfigSchema>;
export type PortalConfigInput = z.input<typeof portalConfigSchema>;

export interface PortalConnectorDeps {
  readonly http?: AxiosInstance;
  readonly sleep?: SleepFunction;
  readonly random?: () => number;
  /** Default: in memory (one process). Production passes the Postgres-backed store. */
  readonly breaker?: CircuitBreakerStore;
  readonly breakerSource?: string;
  readonly vocabulary?: MetricVocabulary;
  readonly userAgent?: string;
  /** Share one pacer between connectors that talk to the same portal (default: one per connector). */
  readonly pacer?: RequestPacer;
  /** Clock for `check` only (which month to ask about). */
  readonly now?: () => Date;
  /** Province codes and root ids (default: schema/provinces.json). */
  readonly catalog?: ProvinceCatalog;
}

/**
 * Connector for the portal's current reporting API.
 * @example const portal = new PortalConnector({ breaker });
 *   for await (const capture of portal.capture({ period, config: portalConfigSchema.parse({ rootDepartmentId, provinceCode: '11' }) })) archive(capture)
 */
export class PortalConnector implements Connector<PortalConfig> {
  readonly #deps: PortalConnectorDeps;
  readonly #mapping: PortalMetricMapping;
  readonly #pacer: RequestPacer;
  readonly #catalog: ProvinceCatalog;

  constructor(deps: PortalConnectorDeps = {}) {
    this.#deps = deps;
    this.#catalog = deps.catalog ?? loadProvinceCatalog();
    this.#pacer = deps.pacer ?? new RequestPacer();
    this.#mapping = portalMetricMapping(deps.vocabulary ?? metricVocabulary());
  }

  describe(): ConnectorDescription<PortalConfig> {
    return {
      name: 'portal',
      source: 'portal',
      title: 'Cổng Dịch vụ công quốc gia (API báo cáo đánh giá hiện hành)',
      configSchema: portalConfigSchema,
      metrics: this.#mapping.keys,
    };
  }

  /** One cheap request (one row of `transparency` for last month) proving the portal answers for the province. */
  async check(config: PortalConfig): Promise<CheckResult> {
    const parsed = portalConfigSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, message: `Cấu hình Cổng DVCQG không hợp lệ, trường '${issue.path.join('.')}': ${issue.message}` };
    }
    const cfg = parsed.data;
    const period = shiftPeriod(periodOfInstant((this.#deps.now ?? (() => new Date()))()), -1);
    try {
      const page = await this.#client({ ...cfg, retries: 0 }).fetchPage({ endpoint: 'transparency', period, rootDepartmentId: cfg.rootDepartmentId, page: 1, pageSize: 1 });
      const name = page.parsed.shape === 'A' ? page.parsed.data.overview?.departmentName : null;
      return { ok: true, message: `Kết nối được Cổng DVCQG (${cfg.baseUrl}): có số liệu tháng ${period} của ${name ? `'${name}'` : 'tỉnh'} (rootDepartmentId ${cfg.rootDepartmentId}).` };
    } catch (error) {
      if (error instanceof PortalError) return { ok: false, message: error.message };
      return { ok: false, message: `Không kiểm tra được Cổng DVCQG (${cfg.baseUrl}): ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /**
   * Yields one capture per answered page. A 201 answer refused for its content (shape changed,
   * wrong province, code not OK) is yielded first, so it is archived for inspection, then the
   * PortalError is thrown: capture stops, nothing is guessed.
   */
  async *capture(context: CaptureContext<PortalConfig>): AsyncIterable<RawCapture> {
    const cfg = portalConfigSchema.parse(context.config);
    const client = this.#client(cfg);
    for (const endpoint of cfg.endpoints ?? DEFAULT_PORTAL_ENDPOINTS) {
      try {
        for await (const page of client.fetchAllPages({
          endpoint,
          period: context.period,
          rootDepartmentId: cfg.rootDepartmentId,
          pageSize: cfg.pageSize,
          formalityId: cfg.formalityId,
          signal: context.signal,
        })) {
          yield pageCapture(page, cfg);
        }
      } catch (error) {
        const tooLarge = error instanceof PortalError && error.kind === 'too-large' && error.response?.file !== undefined;
        if (error instanceof PortalError && error.request && (tooLarge || (error.response?.status === PORTAL_SUCCESS_STATUS && ['shape', 'wrong-root', 'wrong-period', 'envelope'].includes(error.kind)))) {
          yield refusedCapture(error, endpoint, context.period, cfg);
        }
        throw error;
      }
    }
  }

  async *parse(capture: ArchivedCapture | RawCapture, context: ParseContext): AsyncIterable<ParseEvent> {
    yield* await this.readCapture(capture, context);
  }

  /** The whole reading of one capture (throws UnreadableSourceError before returning any row). */
  async readCapture(capture: ArchivedCapture | RawCapture, context: ParseContext): Promise<ParseEvent[]> {
    const endpoint = capture.metadata.endpoint;
    const where = { endpoint: typeof endpoint === 'string' ? endpoint : '(không rõ)', ...(capture.fileName ? { file: capture.fileName } : {}) };
    if (capture.source !== 'portal') {
      throw new UnreadableSourceError(`Bản ghi nguồn '${capture.source}' không phải của Cổng DVCQG (API hiện hành)`, where);
    }
    if (!isPortalEndpoint(endpoint)) {
      throw new UnreadableSourceError(`Bản ghi Cổng DVCQG không cho biết endpoint (metadata.endpoint = ${JSON.stringify(endpoint)}); cần một trong: ${PORTAL_ENDPOINTS.join(', ')}`, where);
    }
    if (capture.period !== null && capture.period !== context.period) {
      throw new UnreadableSourceError(`Cổng DVCQG, endpoint '${endpoint}': bản ghi là số liệu ${periodTerm(capture.period)}, đang xử lý ${periodTerm(context.period)}`, where);
    }
    const body = requestBody(capture);
    if (body) {
      const asked = requestPeriod(endpoint, body);
      if (!asked.ok || asked.period !== context.period) {
        const hint = asked.ok && periodKind(asked.period) !== 'month' && periodKind(context.period) === 'month' ? ` (số liệu ${periodLabel(asked.period)}: hãy dùng --period ${asked.period} thay cho --month)` : '';
        throw new UnreadableSourceError(`Cổng DVCQG, endpoint '${endpoint}': yêu cầu đã gửi hỏi ${asked.ok ? periodTerm(asked.period) : asked.found}, không phải ${periodTerm(context.period)}${hint}`, { ...where, path: 'request.body.timeType' });
      }
    }
    const refused = capture.metadata.refused as { kind?: unknown; message?: unknown } | undefined;
    // Never read: its size alone refused it (reading it is what the limit protects against).
    if (refused?.kind === 'too-large') throw new UnreadableSourceError(String(refused.message), where);
    const status = typeof capture.metadata.status === 'number' ? capture.metadata.status : null;
    const rootDepartmentId = stringOrNull(capture.metadata.rootDepartmentId) ?? stringOrNull(body?.rootDepartmentId);
    const provinceCode = stringOrNull(capture.metadata.provinceCode);
    const national = endpoint === 'service-results' && (capture.metadata.national === true || (body !== null && body.rootDepartmentId === undefined));
    const expectedPage = typeof body?.currentPage === 'number' && isShapeA(endpoint) ? body.currentPage : undefined;
    try {
      if (status !== null && status !== PORTAL_SUCCESS_STATUS) {
        throw new PortalError('http', `bản ghi có HTTP ${status}, cần ${PORTAL_SUCCESS_STATUS}`, { endpoint, period: context.period, status });
      }
      const bodyContext = { endpoint, period: context.period, status, rootDepartmentId, provinceCode, national, catalog: this.#catalog, expectedPage };
      // A live page was validated by the client as it arrived: the same bytes are not decoded and checked twice.
      const known = validatedPages.get(capture.metadata);
      const response = checkPortalAnswer(known?.endpoint === endpoint ? known : validatePortalBody(await readContent(capture.content), bodyContext), bodyContext);
      return portalMetricEvents(response, {
        period: context.period,
        registry: context.registry,
        catalog: this.#catalog,
        mapping: this.#mapping,
        links: context.unitLinks,
        file: capture.fileName,
      });
    } catch (error) {
      if (error instanceof PortalError) throw new UnreadableSourceError(error.message, { ...where, ...(error.field ? { path: error.field } : {}) });
      throw error;
    }
  }

  #client(cfg: PortalConfig): PortalClient {
    return new PortalClient({ ...transportOptions(cfg, this.#deps, this.#pacer), baseUrl: cfg.baseUrl, catalog: this.#catalog });
  }
}

/** The province header of a unit registry file (schema/units/*.json), as far as the portal needs it. */
export interface RegistryProvince {
  readonly province: { readonly code: string; readonly portalRootDepartmentId?: string | undefined };
}

/**
 * The connector configuration of a province from the unit registry files (root id in data, not code).
 * @example portalConfigFromRegistry('11', {}, loadRegistryFiles()).rootDepartmentId // '019d2be3-6a85-74ec-a341-16615c474af4'
 */
export function portalConfigFromRegistry(provinceCode: string, overrides: Partial<PortalConfigInput>, files: readonly RegistryProvince[]): PortalConfig {
  const file = files.find((f) => f.province.code === provinceCode && f.province.portalRootDepartmentId);
  const rootDepartmentId = overrides.rootDepartmentId ?? file?.province.portalRootDepartmentId;
  if (!rootDepartmentId) {
    throw new Error(`Danh mục đơn vị không có rootDepartmentId của tỉnh mã ${provinceCode} (trường province.portalRootDepartmentId trong schema/units/*.json)`);
  }
  return portalConfigSchema.parse({ provinceCode, ...overrides, rootDepartmentId });
}

/**
 * The validated answer of each live page, by its capture's metadata object (kept by the archived
 * capture made from it, in this process only): the parse reuses it instead of reading the bytes again.
 */
const validatedPages = new WeakMap<object, UnscopedResponse>();

function pageCapture(page: PortalPage, cfg: PortalConfig): RawCapture {
  const capture = {
    source: 'portal',
    period: page.period,
    scope: `${cfg.provinceCode}/${page.endpoint}`,
    fileName: `${page.endpoint}-${page.period}-p${page.page}.json`,
    mediaType: 'application/json',
    content: { kind: 'bytes', bytes: page.response.body },
    request: page.request,
    metadata: {
      endpoint: page.endpoint,
      page: page.page,
      totalPages: page.totalPages,
      status: page.response.status,
      headers: page.response.headers,
      attempts: page.attempts,
      rootDepartmentId: cfg.rootDepartmentId,
      provinceCode: cfg.provinceCode,
      formalityId: cfg.formalityId ?? null,
    },
  } satisfies RawCapture;
  validatedPages.set(capture.metadata, page.parsed);
  return capture;
}

function refusedCapture(error: PortalError, endpoint: PortalEndpoint, period: Period, cfg: PortalConfig): RawCapture {
  const response = error.response!;
  const page = typeof error.request?.body.currentPage === 'number' ? error.request.body.currentPage : 1;
  return {
    source: 'portal',
    period,
    scope: `${cfg.provinceCode}/${endpoint}`,
    fileName: `${endpoint}-${period}-p${page}.refused.json`,
    mediaType: 'application/json',
    content: response.file ? { kind: 'file', path: response.file, temporary: true } : { kind: 'bytes', bytes: response.body },
    ...(error.request ? { request: error.request } : {}),
    metadata: {
      endpoint,
      page,
      status: response.status,
      headers: response.headers,
      rootDepartmentId: cfg.rootDepartmentId,
      provinceCode: cfg.provinceCode,
      formalityId: cfg.formalityId ?? null,
      refused: { kind: error.kind, field: error.field ?? null, message: error.message },
    },
  };
}

function requestBody(capture: RawCapture): Record<string, unknown> | null {
  const body = capture.request?.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}
