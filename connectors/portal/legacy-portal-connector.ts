// The legacy portal connector (rest.jsp, 2022 – early 2025), for backfilling months such as 2023-09.
// The legacy API publishes GROUP SCORES per unit, not counts: they are emitted as the
// legacy_score_* metrics (cross-checks and reports), never as inputs to the count-based indicators.
import { z } from 'zod';
import { parseCellNumber } from '../cell-number.js';
import type { Period } from '../../src/core/period.js';
import { LEGACY_SCORE_FIELDS, type LegacyRow, type LegacyScoreField } from '../../schema/portal/legacy-api.js';
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
  type UnitLinkLookup,
} from '../../src/core/connector-contract.js';
import { LEGACY_ENDPOINT, LEGACY_PATH, LegacyPortalClient, legacyParamsOfForm, legacyRequestPeriod, readLegacyBody, type LegacyPage } from './legacy-portal-client.js';
import { PortalError } from './portal-error.js';
import { portalTransportFields } from './portal-config-fields.js';
import { resolvePortalUnit } from './portal-unit-matcher.js';
import { RequestPacer, transportOptions, type TransportDeps } from './polite-transport.js';
import type { SourceLocation } from '../../src/core/source.js';
import type { UnitRegistry } from '../../src/core/unit-registry.js';

/** Legacy score column → canonical metric key (schema/metrics.json, group legacy_scores). */
export const LEGACY_SCORE_METRICS: Readonly<Record<LegacyScoreField, string>> = {
  CKMB: 'legacy_score_ckmb',
  TDGQ: 'legacy_score_tdgq',
  CLGQ: 'legacy_score_clgq',
  TTTT: 'legacy_score_tttt',
  MDHL: 'legacy_score_mdhl',
  MDSH: 'legacy_score_mdsh',
  TONG_SCORE: 'legacy_score_total',
};

export const legacyPortalConfigSchema = z.object({
  ...portalTransportFields,
  /** The province id of the legacy system (p_tinh_id). */
  provinceId: z.string().trim().min(1),
  pageSize: z.number().int().min(1).max(5000).default(1000),
});

export type LegacyPortalConfig = z.output<typeof legacyPortalConfigSchema>;

/** Injected by the owner: tests pass fakes, production the Postgres-backed breaker and a shared pacer. */
export type LegacyPortalConnectorDeps = TransportDeps;

/**
 * Connector for the legacy rest.jsp API.
 * @example const legacy = new LegacyPortalConnector({ breaker });
 *   for await (const c of legacy.capture({ period, config: legacyPortalConfigSchema.parse({ provinceId: '11358', provinceCode: '11' }) })) archive(c)
 */
export class LegacyPortalConnector implements Connector<LegacyPortalConfig> {
  readonly #pacer: RequestPacer;

  constructor(private readonly deps: LegacyPortalConnectorDeps = {}) {
    this.#pacer = deps.pacer ?? new RequestPacer();
  }

  describe(): ConnectorDescription<LegacyPortalConfig> {
    return {
      name: 'portal-legacy',
      source: 'portal-legacy',
      title: 'Cổng Dịch vụ công quốc gia (API cũ rest.jsp, điểm theo nhóm chỉ số)',
      configSchema: legacyPortalConfigSchema,
      metrics: Object.values(LEGACY_SCORE_METRICS),
    };
  }

  async check(config: LegacyPortalConfig): Promise<CheckResult> {
    const parsed = legacyPortalConfigSchema.safeParse(config);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return { ok: false, message: `Cấu hình API cũ của Cổng DVCQG không hợp lệ, trường '${issue.path.join('.')}': ${issue.message}` };
    }
    const cfg = parsed.data;
    // The legacy API covers 2022 – early 2025: ask for a month it certainly has.
    const period = '2024-12' as Period;
    try {
      const page = await this.#client({ ...cfg, retries: 0 }).fetchPage({ period, provinceId: cfg.provinceId, page: 1, pageSize: 1 });
      return { ok: true, message: `Kết nối được API cũ của Cổng DVCQG (${cfg.baseUrl}${LEGACY_PATH}): tháng ${period} có ${page.rows.length} dòng cho tỉnh ${cfg.provinceId}.` };
    } catch (error) {
      if (error instanceof PortalError) return { ok: false, message: error.message };
      return { ok: false, message: `Không kiểm tra được API cũ của Cổng DVCQG (${cfg.baseUrl}): ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** One capture per answered page; a 2xx answer refused for its content is yielded, then the error thrown. */
  async *capture(context: CaptureContext<LegacyPortalConfig>): AsyncIterable<RawCapture> {
    const cfg = legacyPortalConfigSchema.parse(context.config);
    try {
      for await (const page of this.#client(cfg).fetchAllPages({ period: context.period, provinceId: cfg.provinceId, pageSize: cfg.pageSize, signal: context.signal })) {
        yield legacyCapture(page, cfg);
      }
    } catch (error) {
      const tooLarge = error instanceof PortalError && error.kind === 'too-large' && error.response?.file !== undefined;
      if (error instanceof PortalError && error.request && error.response && (tooLarge || (error.response.status < 300 && ['shape', 'envelope'].includes(error.kind)))) {
        const page = Number(error.request.body.params && (error.request.body.params as Record<string, unknown>).pageIndex) || 1;
        yield {
          source: 'portal-legacy',
          period: context.period,
          scope: `${cfg.provinceCode}/${LEGACY_ENDPOINT}`,
          fileName: `rest-jsp-${context.period}-p${page}.refused.json`,
          mediaType: 'application/json',
          content: error.response.file ? { kind: 'file', path: error.response.file, temporary: true } : { kind: 'bytes', bytes: error.response.body },
          request: error.request,
          metadata: { endpoint: LEGACY_ENDPOINT, page, status: error.response.status, headers: error.response.headers, provinceId: cfg.provinceId, provinceCode: cfg.provinceCode, refused: { kind: error.kind, field: error.field ?? null, message: error.message } },
        };
      }
      throw error;
    }
  }

  async *parse(capture: ArchivedCapture | RawCapture, context: ParseContext): AsyncIterable<ParseEvent> {
    yield* await this.readCapture(capture, context);
  }

  /** The whole reading of one capture (throws UnreadableSourceError before returning any row). */
  async readCapture(capture: ArchivedCapture | RawCapture, context: ParseContext): Promise<ParseEvent[]> {
    const where: SourceLocation = { endpoint: LEGACY_ENDPOINT, ...(capture.fileName ? { file: capture.fileName } : {}) };
    if (capture.source !== 'portal-legacy') {
      throw new UnreadableSourceError(`Bản ghi nguồn '${capture.source}' không phải của API cũ Cổng DVCQG`, where);
    }
    if (capture.period !== null && capture.period !== context.period) {
      throw new UnreadableSourceError(`Cổng DVCQG (API cũ): bản ghi là số liệu tháng ${capture.period}, đang xử lý tháng ${context.period}`, where);
    }
    const params = requestParams(capture);
    if (params) {
      const asked = legacyRequestPeriod(params);
      if (!asked.ok || asked.period !== context.period) {
        throw new UnreadableSourceError(`Cổng DVCQG (API cũ): yêu cầu đã gửi hỏi ${asked.ok ? `tháng ${asked.period}` : asked.found}, không phải tháng ${context.period}`, where);
      }
    }
    const refused = capture.metadata.refused as { kind?: unknown; message?: unknown } | undefined;
    if (refused?.kind === 'too-large') throw new UnreadableSourceError(String(refused.message), where);
    const status = typeof capture.metadata.status === 'number' ? capture.metadata.status : null;
    if (status !== null && (status < 200 || status > 299)) {
      throw new UnreadableSourceError(`Cổng DVCQG (API cũ): bản ghi có HTTP ${status}, không phải một phản hồi thành công`, where);
    }
    let rows: LegacyRow[];
    try {
      rows = readLegacyBody(await readContent(capture.content), { period: context.period, status });
    } catch (error) {
      if (error instanceof PortalError) throw new UnreadableSourceError(error.message, { ...where, ...(error.field ? { path: error.field } : {}) });
      throw error;
    }
    const provinceId = typeof capture.metadata.provinceId === 'string' ? capture.metadata.provinceId : params ? String(params.p_tinh_id ?? '') : null;
    const provinceCode = typeof capture.metadata.provinceCode === 'string' ? capture.metadata.provinceCode : null;
    return legacyMetricEvents(rows, { period: context.period, registry: context.registry, provinceId, provinceCode, links: context.unitLinks, where });
  }

  #client(cfg: LegacyPortalConfig): LegacyPortalClient {
    return new LegacyPortalClient({ ...transportOptions(cfg, this.deps, this.#pacer), baseUrl: cfg.baseUrl });
  }
}

/** Metric rows (legacy_score_*) and problems of one legacy page; numbers may be "12,5" strings. */
function legacyMetricEvents(
  rows: readonly LegacyRow[],
  scope: { period: Period; registry: UnitRegistry; provinceId: string | null; provinceCode: string | null; links?: UnitLinkLookup | undefined; where: SourceLocation },
): ParseEvent[] {
  const events: ParseEvent[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    if (scope.provinceId && String(row.ID) === scope.provinceId) return; // the province itself
    const code = row.MA_COQUAN === null || row.MA_COQUAN === undefined ? null : String(row.MA_COQUAN);
    const location = { ...scope.where, unit: row.TEN, path: `[${i}]` };
    const resolution = resolvePortalUnit({ departmentCode: code, departmentName: row.TEN, communeLevel: String(row.CAPDONVIID).trim() === '2' }, scope);
    if (resolution.kind === 'skip') return;
    if (resolution.kind === 'problem') {
      events.push({ kind: 'problem', problem: { location, found: resolution.found, expected: resolution.expected, reason: resolution.reason } });
      return;
    }
    const unitCode = resolution.unit.code;
    if (seen.has(unitCode)) {
      events.push({ kind: 'problem', problem: { location, found: row.TEN, expected: 'mỗi đơn vị một dòng', reason: `Dòng [${i}] và dòng [${seen.get(unitCode)}] cùng ứng với đơn vị ${resolution.unit.displayName} (${unitCode}); bỏ dòng sau` } });
      return;
    }
    seen.set(unitCode, i);
    for (const field of LEGACY_SCORE_FIELDS) {
      const cell = parseCellNumber(row[field]);
      const at = { ...scope.where, unit: row.TEN, path: `[${i}].${field}` };
      if (cell.kind === 'invalid') {
        events.push({ kind: 'problem', problem: { location: at, found: cell.found, expected: cell.expected, reason: `Điểm ${field} của '${row.TEN}' không đọc được thành số` } });
        continue;
      }
      events.push({ kind: 'metric', row: { period: scope.period, unitCode, metric: LEGACY_SCORE_METRICS[field], value: cell.kind === 'number' ? cell.value : null, location: at } });
    }
  });
  return events;
}

function legacyCapture(page: LegacyPage, cfg: LegacyPortalConfig): RawCapture {
  return {
    source: 'portal-legacy',
    period: page.period,
    scope: `${cfg.provinceCode}/${LEGACY_ENDPOINT}`,
    fileName: `rest-jsp-${page.period}-p${page.page}.json`,
    mediaType: 'application/json',
    content: { kind: 'bytes', bytes: page.response.body },
    request: page.request,
    metadata: {
      endpoint: LEGACY_ENDPOINT,
      page: page.page,
      status: page.response.status,
      headers: page.response.headers,
      attempts: page.attempts,
      provinceId: cfg.provinceId,
      provinceCode: cfg.provinceCode,
    },
  };
}

/** The `params` of the recorded request: an object (live captures) or a form body (HAR). */
function requestParams(capture: RawCapture): Record<string, unknown> | null {
  const body = capture.request?.body;
  if (typeof body === 'string') return legacyParamsOfForm(body);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const params = (body as Record<string, unknown>).params;
    if (params && typeof params === 'object' && !Array.isArray(params)) return params as Record<string, unknown>;
    if (typeof params === 'string') return legacyParamsOfForm(new URLSearchParams({ params }).toString());
  }
  return null;
}
