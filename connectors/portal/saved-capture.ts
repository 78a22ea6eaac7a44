// Feeding the pipeline when the server cannot reach the portal: an operator saves the answers from
// a browser, either one response body or a whole HAR recording, and imports it. Each usable answer
// becomes a RawCapture exactly like a live one, so it goes through the same parse (same envelope,
// shape and province checks). An answer for another month than the one imported is an error.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { periodKind, periodLabel, periodTerm, type Period } from '../../src/core/period.js';
import { loadProvinceCatalog, type PortalProvince, type ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import { isPortalEndpoint, isShapeA, SHAPE_A_ENDPOINTS, type PortalEndpoint } from '../../schema/portal/current-api.js';
import { UnreadableSourceError, type RawCapture } from '../../src/core/connector-contract.js';
import { LEGACY_ENDPOINT, LEGACY_PATH, LEGACY_SERVICE, legacyParamsOfForm, legacyRequestPeriod } from './legacy-portal-client.js';
import { portalMetricMapping } from './portal-metric-mapping.js';
import { endpointOfUrl, requestPeriod } from './portal-request.js';
import { PORTAL_SUCCESS_STATUS } from './portal-client.js';

export interface SavedPortalFileOptions {
  /** The period being imported: every answer must be of it (required for a saved body). */
  readonly period?: Period;
  /** Province codes and root ids; the answers say which province they are about (default: schema/provinces.json). */
  readonly catalog?: ProvinceCatalog;
  /** For a saved body: its endpoint, or 'legacy'; inferred from the body's fields when absent. */
  readonly endpoint?: PortalEndpoint | 'legacy';
  /** The province the operator says the file is about (checked against each answer); absent: the answers say it. */
  readonly rootDepartmentId?: string;
  /** Statistics code of that province ('11'); for the current API derived from the answers when absent. */
  readonly provinceCode?: string;
  /** For a saved legacy body: the legacy province id, so the province's own row is skipped. */
  readonly legacyProvinceId?: string;
  /** Largest file read (default DEFAULT_MAX_SAVED_BYTES); a larger one is refused before reading. */
  readonly maxBytes?: number;
}

/**
 * A saved file is read whole and parsed as one JSON text: 256 MiB stays well below what one string can
 * hold, and far above a recording of the report pages (a few MB); a larger HAR holds the whole browsing
 * session (images, scripts) and should be saved again with only the portal's requests.
 */
export const DEFAULT_MAX_SAVED_BYTES = 256 * 1024 * 1024;

export interface SkippedEntry {
  /** 1-based entry number in the HAR file. */
  readonly entry: number;
  readonly url: string;
  readonly reason: string;
}

export interface SavedPortalFile {
  readonly format: 'har' | 'body';
  readonly captures: RawCapture[];
  /** HAR entries of other URLs (pages, scripts, other services): ignored. */
  readonly ignoredEntries: number;
  /** HAR entries of report endpoints that cannot be used (failed answer, no content...), with why. */
  readonly skippedEntries: readonly SkippedEntry[];
  /** Things the operator should know: missing pages, duplicate entries. */
  readonly warnings: readonly string[];
}

const harSchema = z.object({
  log: z.object({
    entries: z.array(
      z.looseObject({
        startedDateTime: z.string().optional(),
        request: z.looseObject({
          method: z.string(),
          url: z.string(),
          postData: z.looseObject({ mimeType: z.string().optional(), text: z.string().optional(), params: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional() }).optional(),
        }),
        response: z.looseObject({
          status: z.number(),
          headers: z.array(z.looseObject({ name: z.string(), value: z.string() })).optional(),
          content: z.looseObject({ mimeType: z.string().optional(), text: z.string().optional(), encoding: z.string().optional() }).optional(),
        }),
      }),
    ),
  }),
});

type HarEntry = z.infer<typeof harSchema>['log']['entries'][number];

const KEPT_HEADERS = new Set(['content-type', 'date', 'etag', 'last-modified', 'cache-control', 'server']);

/**
 * Reads a saved portal file (HAR recording or one saved response body) into raw captures.
 * @example const saved = await readSavedPortalFile('dichvucong.har', { period: parsePeriod('2023-09'), provinceCode: '11' });
 *   for (const capture of saved.captures) for await (const e of portal.parse(capture, { period, registry })) ...
 */
export async function readSavedPortalFile(path: string, options: SavedPortalFileOptions = {}): Promise<SavedPortalFile> {
  let bytes: Buffer;
  try {
    const size = (await stat(path)).size;
    const max = options.maxBytes ?? DEFAULT_MAX_SAVED_BYTES;
    if (size > max) {
      throw new UnreadableSourceError(
        `Tệp ${basename(path)} nặng ${mebibytes(size)}, vượt giới hạn ${mebibytes(max)} của một tệp lưu từ Cổng: hãy lưu lại tệp HAR chỉ với các yêu cầu đến Cổng (lọc Fetch/XHR trong công cụ nhà phát triển) hoặc lưu riêng từng phản hồi JSON`,
        { file: basename(path) },
      );
    }
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UnreadableSourceError) throw error;
    throw new UnreadableSourceError(`Không đọc được tệp ${path}: ${error instanceof Error ? error.message : String(error)}`, { file: basename(path) });
  }
  return readSavedPortalBytes(bytes, basename(path), options);
}

/** Same as readSavedPortalFile, for bytes already in memory (an upload). */
export function readSavedPortalBytes(bytes: Uint8Array, fileName: string, options: SavedPortalFileOptions = {}): SavedPortalFile {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const html = /^\s*</.test(text);
    throw new UnreadableSourceError(
      html
        ? `Tệp ${fileName} là một trang HTML (có thể là trang tường lửa của Cổng), không phải dữ liệu JSON hay tệp HAR`
        : `Tệp ${fileName} không phải JSON hợp lệ; cần tệp HAR (.har) hoặc nội dung phản hồi JSON của Cổng DVCQG`,
      { file: fileName },
    );
  }
  if (isRecord(json) && isRecord(json.log)) return readHar(json, fileName, options);
  return { format: 'body', captures: [savedBodyCapture(json, Uint8Array.from(bytes), fileName, options)], ignoredEntries: 0, skippedEntries: [], warnings: [] };
}

function readHar(json: unknown, fileName: string, options: SavedPortalFileOptions): SavedPortalFile {
  const catalog = options.catalog ?? loadProvinceCatalog();
  const har = harSchema.safeParse(json);
  if (!har.success) {
    const issue = har.error.issues[0]!;
    throw new UnreadableSourceError(`Tệp HAR ${fileName} không đúng cấu trúc, trường '${issue.path.join('.')}': ${issue.message}`, { file: fileName });
  }
  const byRequest = new Map<string, RawCapture>();
  const skipped: SkippedEntry[] = [];
  const warnings: string[] = [];
  let ignored = 0;

  har.data.log.entries.forEach((entry, index) => {
    const number = index + 1;
    const url = entry.request.url;
    const where = { file: fileName, path: `log.entries[${index}]` };
    const skip = (reason: string) => skipped.push({ entry: number, url, reason });
    const request = readHarRequest(entry);
    if (request === null) {
      ignored++;
      return;
    }
    if (request.kind === 'unreadable') return skip(request.reason);

    const asked = request.kind === 'current' ? requestPeriod(request.endpoint, request.body) : legacyRequestPeriod(request.params);
    if (!asked.ok) {
      throw new UnreadableSourceError(`Tệp HAR ${fileName}, mục ${number} (${url}): yêu cầu hỏi ${asked.found}, không phải một tháng, một quý hay một năm`, where);
    }
    if (options.period && asked.period !== options.period) {
      const hint = periodKind(asked.period) !== 'month' && periodKind(options.period) === 'month' ? ` Đây là số liệu ${periodLabel(asked.period)}: hãy nhập với --period ${asked.period} thay cho --month.` : '';
      throw new UnreadableSourceError(
        `Tệp HAR ${fileName}, mục ${number} (${url}): số liệu ${periodTerm(asked.period)}, khác ${periodTerm(options.period)} đang nhập. Hãy ghi lại HAR chỉ với ${periodTerm(options.period)} hoặc nhập đúng kỳ.${hint}`,
        where,
      );
    }
    if (request.kind === 'current' && options.rootDepartmentId && request.body.rootDepartmentId !== undefined && request.body.rootDepartmentId !== options.rootDepartmentId) {
      return skip(`yêu cầu cho tỉnh ${String(request.body.rootDepartmentId)}, không phải tỉnh đang nhập (${options.rootDepartmentId})`);
    }
    const status = entry.response.status;
    const successful = request.kind === 'current' ? status === PORTAL_SUCCESS_STATUS : status >= 200 && status <= 299;
    if (!successful) return skip(`Cổng trả HTTP ${status}${request.kind === 'current' ? `, cần ${PORTAL_SUCCESS_STATUS}` : ''}`);
    const content = entry.response.content;
    if (content?.text === undefined || content.text === '') {
      return skip('tệp HAR không lưu nội dung phản hồi (hãy xuất HAR kèm nội dung: "Save all as HAR with content")');
    }
    const body = content.encoding === 'base64' ? Buffer.from(content.text, 'base64') : Buffer.from(content.text, 'utf8');
    const headers = harHeaders(entry);
    const askedRoot = request.kind === 'current' && typeof request.body.rootDepartmentId === 'string' ? request.body.rootDepartmentId : null;
    const provinceCode = options.provinceCode ?? (askedRoot ? catalog.byRootId(askedRoot)?.code : undefined) ?? null;
    const capture: RawCapture =
      request.kind === 'current'
        ? {
            source: 'portal',
            period: asked.period,
            scope: askedRoot === null && request.endpoint === 'service-results' ? 'national/service-results' : `${provinceCode ?? '?'}/${request.endpoint}`,
            fileName: `${fileName}#${number}`,
            mediaType: 'application/json',
            content: { kind: 'bytes', bytes: new Uint8Array(body) },
            request: { method: entry.request.method, url, body: request.body },
            metadata: {
              endpoint: request.endpoint,
              page: typeof request.body.currentPage === 'number' ? request.body.currentPage : 1,
              status,
              headers,
              rootDepartmentId: askedRoot,
              provinceCode,
              formalityId: request.body.formalityId ?? request.body.formalityID ?? null,
              importedFrom: 'har',
              harEntry: number,
              observedAt: entry.startedDateTime ?? null,
            },
          }
        : {
            source: 'portal-legacy',
            period: asked.period,
            scope: `${options.provinceCode ?? '?'}/${LEGACY_ENDPOINT}`,
            fileName: `${fileName}#${number}`,
            mediaType: 'application/json',
            content: { kind: 'bytes', bytes: new Uint8Array(body) },
            request: { method: entry.request.method, url, body: { params: request.params } },
            metadata: {
              endpoint: LEGACY_ENDPOINT,
              page: Number(request.params.pageIndex ?? 1),
              status,
              headers,
              provinceId: String(request.params.p_tinh_id),
              provinceCode: options.provinceCode ?? null,
              importedFrom: 'har',
              harEntry: number,
              observedAt: entry.startedDateTime ?? null,
            },
          };
    // The same request recorded twice (a page reloaded): the later answer wins.
    const key = `${url}\u0000${stableJson(capture.request?.body)}`;
    const earlier = byRequest.get(key);
    if (earlier) warnings.push(`Mục ${number} lặp lại yêu cầu của mục ${String(earlier.metadata.harEntry)} (${url}); dùng mục ${number}`);
    byRequest.delete(key);
    byRequest.set(key, capture);
  });

  const captures = [...byRequest.values()];
  warnings.push(...missingPageWarnings(captures));
  return { format: 'har', captures, ignoredEntries: ignored, skippedEntries: skipped, warnings };
}

type HarRequest =
  | { readonly kind: 'current'; readonly endpoint: PortalEndpoint; readonly body: Record<string, unknown> }
  | { readonly kind: 'legacy'; readonly params: Record<string, unknown> }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** What a HAR entry asked for; null for an entry that is not a report request. */
function readHarRequest(entry: HarEntry): HarRequest | null {
  if (entry.request.method.toUpperCase() !== 'POST') return null;
  const endpoint = endpointOfUrl(entry.request.url);
  const post = entry.request.postData;
  if (endpoint) {
    try {
      const body: unknown = JSON.parse(post?.text ?? '');
      return isRecord(body) ? { kind: 'current', endpoint, body } : { kind: 'unreadable', reason: 'thân yêu cầu không phải một đối tượng JSON' };
    } catch {
      return { kind: 'unreadable', reason: 'tệp HAR không lưu thân yêu cầu (postData.text) dạng JSON' };
    }
  }
  let path: string;
  try {
    path = new URL(entry.request.url).pathname;
  } catch {
    return null;
  }
  if (!path.endsWith(LEGACY_PATH)) return null;
  const formText = post?.text ?? new URLSearchParams((post?.params ?? []).map((p): [string, string] => [p.name, p.value ?? ''])).toString();
  const params = legacyParamsOfForm(formText);
  if (params === null || params.service !== LEGACY_SERVICE) return null;
  return { kind: 'legacy', params };
}

function savedBodyCapture(json: unknown, bytes: Uint8Array, fileName: string, options: SavedPortalFileOptions): RawCapture {
  const where = { file: fileName };
  if (!options.period) {
    throw new UnreadableSourceError(`Tệp ${fileName} là nội dung một phản hồi, không ghi tháng của số liệu: hãy cho biết tháng cần nhập`, where);
  }
  const endpoint = options.endpoint ?? inferEndpoint(json);
  if (endpoint === null) {
    throw new UnreadableSourceError(
      `Không nhận ra tệp ${fileName} là phản hồi của endpoint nào của Cổng DVCQG (cần dạng {code, data, message} với data.evaluation hoặc data.parent/children, hoặc danh sách dòng của API cũ); hãy cho biết endpoint`,
      where,
    );
  }
  if (endpoint === 'legacy') {
    return {
      source: 'portal-legacy',
      period: options.period,
      scope: `${options.provinceCode ?? '?'}/${LEGACY_ENDPOINT}`,
      fileName,
      mediaType: 'application/json',
      content: { kind: 'bytes', bytes },
      metadata: { endpoint: LEGACY_ENDPOINT, page: 1, status: null, provinceId: options.legacyProvinceId ?? null, provinceCode: options.provinceCode ?? null, importedFrom: 'saved-body' },
    };
  }
  const data = isRecord(json) && isRecord(json.data) ? json.data : null;
  const pagination = data && isRecord(data.pagination) ? data.pagination : null;
  // Without a province from the operator, the answer names its own (checked again, strictly, by parse).
  const stated = options.rootDepartmentId ? null : statedProvince(data, options.catalog ?? loadProvinceCatalog());
  const rootDepartmentId = options.rootDepartmentId ?? stated?.rootDepartmentId ?? null;
  const provinceCode = options.provinceCode ?? stated?.code ?? null;
  return {
    source: 'portal',
    period: options.period,
    scope: rootDepartmentId === null && endpoint === 'service-results' ? 'national/service-results' : `${provinceCode ?? '?'}/${endpoint}`,
    fileName,
    mediaType: 'application/json',
    content: { kind: 'bytes', bytes },
    metadata: {
      endpoint,
      page: typeof pagination?.currentPage === 'number' ? pagination.currentPage : 1,
      status: null,
      rootDepartmentId,
      provinceCode,
      importedFrom: 'saved-body',
    },
  };
}

/**
 * Which endpoint a saved body answers, from its fields (metric codes, tree fields, group scores).
 * @example inferEndpoint({ code: 'OK', data: { parent: {...}, children: [{ totalDossierFinancialObligation: 3 }] } }) // 'formality-online-payment-tree'
 */
export function inferEndpoint(json: unknown): PortalEndpoint | 'legacy' | null {
  if (Array.isArray(json)) return json.length === 0 || json.some((r) => isRecord(r) && 'TONG_SCORE' in r) ? 'legacy' : null;
  if (!isRecord(json) || !isRecord(json.data)) return null;
  const data = json.data;
  const mapping = portalMetricMapping();
  if (Array.isArray(data.evaluation)) {
    const rows = data.evaluation.filter(isRecord);
    // National summary (groupScores) or province drill-down (childGroup, charts, radar).
    if (rows.some((r) => isRecord(r.groupScores) || 'childGroup' in r) || Array.isArray(data.dossierChart) || Array.isArray(data.radar)) return 'service-results';
    const codes = new Set<string>();
    for (const holder of [data.overview, ...rows]) {
      if (isRecord(holder) && Array.isArray(holder.metrics)) for (const m of holder.metrics) if (isRecord(m) && typeof m.code === 'string') codes.add(m.code);
    }
    return SHAPE_A_ENDPOINTS.find((endpoint) => mapping.codes(endpoint).some((code) => codes.has(code))) ?? null;
  }
  if (isRecord(data.parent) && Array.isArray(data.children)) {
    const fields = new Set([...Object.keys(data.parent), ...data.children.filter(isRecord).flatMap((c) => Object.keys(c))]);
    const has = (names: readonly string[]) => names.some((n) => fields.has(n));
    if (has(mapping.byField('formality-online-payment-tree').map((f) => f.field)) || has(['totalFeeFormality', 'totalFeeDossierFormality'])) return 'formality-online-payment-tree';
    if (has(mapping.byField('dvc-progress-tree').map((f) => f.field)) || has(['avgProcessingDays'])) return 'dvc-progress-tree';
    if (has(['authorityCount', 'onlineServiceTotal', 'channelOnlineSum', 'fullCount'])) return 'provide-online-tree';
  }
  return null;
}

/** Shape-A pages imported without their sibling pages: the month would be incomplete. */
function missingPageWarnings(captures: readonly RawCapture[]): string[] {
  const groups = new Map<string, { endpoint: string; pages: Set<number>; totalPages: number }>();
  for (const capture of captures) {
    const endpoint = capture.metadata.endpoint;
    if (capture.source !== 'portal' || !isPortalEndpoint(endpoint) || !isShapeA(endpoint) || capture.content.kind !== 'bytes') continue;
    let totalPages = 1;
    try {
      const json: unknown = JSON.parse(Buffer.from(capture.content.bytes).toString('utf8'));
      const pagination = isRecord(json) && isRecord(json.data) && isRecord(json.data.pagination) ? json.data.pagination : null;
      if (typeof pagination?.totalPages === 'number') totalPages = pagination.totalPages;
    } catch {
      continue; // unreadable bodies are reported by parse
    }
    const key = `${endpoint}\u0000${String(capture.metadata.rootDepartmentId)}\u0000${String(capture.metadata.formalityId)}\u0000${capture.period}`;
    const group = groups.get(key) ?? { endpoint, pages: new Set<number>(), totalPages };
    group.pages.add(Number(capture.metadata.page));
    group.totalPages = Math.max(group.totalPages, totalPages);
    groups.set(key, group);
  }
  const warnings: string[] = [];
  for (const { endpoint, pages, totalPages } of groups.values()) {
    const missing = Array.from({ length: totalPages }, (_, i) => i + 1).filter((p) => !pages.has(p));
    if (missing.length) warnings.push(`Endpoint '${endpoint}' có ${totalPages} trang nhưng thiếu trang ${missing.join(', ')}: số liệu các đơn vị ở trang thiếu sẽ không có`);
  }
  return warnings;
}

/** The catalog province a saved body names (root id of its parent/overview, else its portal code); null when none. */
function statedProvince(data: Record<string, unknown> | null, catalog: ProvinceCatalog): PortalProvince | null {
  if (!data) return null;
  for (const holder of [data.parent, data.overview]) {
    if (!isRecord(holder)) continue;
    const byId = typeof holder.departmentId === 'string' ? catalog.byRootId(holder.departmentId) : undefined;
    const byCode = typeof holder.departmentCode === 'string' ? catalog.byPortalCode(holder.departmentCode) : undefined;
    if (byId ?? byCode) return (byId ?? byCode)!;
  }
  return null;
}

function harHeaders(entry: HarEntry): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const h of entry.response.headers ?? []) if (KEPT_HEADERS.has(h.name.toLowerCase())) kept[h.name.toLowerCase()] = h.value;
  return kept;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MiB`;
}
