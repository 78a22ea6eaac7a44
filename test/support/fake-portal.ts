// A local stand-in for the national portal: a real HTTP server on 127.0.0.1 speaking the current
// reporting API (six evaluation endpoints + service-results: 201 + envelope, pagination) and the
// legacy rest.jsp, built from canonical metric values per unit. Which portal code or field carries
// a canonical metric comes from the vocabulary, the same mapping the connector reads. Used by the
// connector tests, the end-to-end tests and the benchmark (34 provinces × ~113 units), so answers
// are precomputed per (province, endpoint) and only sliced per request.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseCellNumber } from '../../connectors/cell-number.js';
import { LEGACY_SCORE_METRICS } from '../../connectors/portal/legacy-portal-connector.js';
import { portalMetricMapping, type PortalMetricMapping } from '../../connectors/portal/portal-metric-mapping.js';
import { EVALUATION_PATH } from '../../connectors/portal/portal-request.js';
import { LEGACY_PATH } from '../../connectors/portal/legacy-portal-client.js';
import { LEGACY_SCORE_FIELDS } from '../../schema/portal/legacy-api.js';
import { isPortalEndpoint, isShapeA, type PortalEndpoint, type ShapeAEndpoint, type ShapeBEndpoint } from '../../schema/portal/current-api.js';
import type { MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { seededRandom } from './seeded-random.js';

export interface FakePortalUnit {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly departmentCode?: string;
  /** Default COMMUNE_PEOPLE_COMMITTEE. */
  readonly departmentType?: 'COMMUNE_PEOPLE_COMMITTEE' | 'PROVINCIAL_DEPARTMENT';
  /** Canonical metric key → value; absent or null = the portal has no value (null in answers). */
  readonly metrics: Readonly<Record<string, number | null>>;
}

export interface FakePortalProvince {
  readonly rootDepartmentId: string;
  /** Portal agency code, e.g. 'H18'. */
  readonly code: string;
  readonly name: string;
  /** p_tinh_id on the legacy API (default: rootDepartmentId). */
  readonly legacyId?: string;
  readonly units: readonly FakePortalUnit[];
}

export interface FakePortalDataset {
  readonly provinces: readonly FakePortalProvince[];
}

/** What the next requests get instead of data (consumed one per request, in order). */
export type FakePortalFailure = 401 | 403 | 429 | 500 | 502 | 503 | 'html' | 'firewall' | 'reset' | 'not-ok' | { readonly slowMs: number };

export interface FakePortalOptions {
  /** Delay before every answer (benchmark realism). */
  readonly latencyMs?: number;
  readonly failures?: readonly FakePortalFailure[];
  /** How legacy scores are written: JSON numbers or strings with a decimal comma ("12,5"). */
  readonly legacyNumbers?: 'number' | 'comma-string';
  readonly vocabulary?: MetricVocabulary;
}

export interface FakePortalRequest {
  readonly method: string;
  readonly path: string;
  /** Evaluation endpoint name, 'rest.jsp', or null for anything else. */
  readonly endpoint: string | null;
  /** JSON body, or for rest.jsp the parsed `params` JSON. */
  readonly body: unknown;
}

export interface FakePortal {
  /** Base URL, e.g. http://127.0.0.1:41234 (pass as the connector's baseUrl). */
  readonly url: string;
  readonly requests: FakePortalRequest[];
  /** Queues failures for the next requests. */
  fail(...failures: FakePortalFailure[]): void;
  close(): Promise<void>;
}

/** Metric codes of shape-A endpoints with their names and maxima (portal-api.md). */
const METRIC_CATALOG: Record<ShapeAEndpoint, readonly { code: string; name: string; maxScore: number }[]> = {
  transparency: [
    { code: 'PUBLISH_ON_TIME', name: 'Công bố, công khai TTHC đúng hạn', maxScore: 6 },
    { code: 'PUBLIC_UPDATE_ON_TIME', name: 'Cập nhật, công khai TTHC đúng hạn', maxScore: 4 },
    { code: 'PUBLIC_CONTENT_FULL', name: 'Công khai đầy đủ nội dung TTHC', maxScore: 2 },
    { code: 'DOSSIER_SYNC', name: 'Đồng bộ hồ sơ lên Cổng DVCQG', maxScore: 6 },
  ],
  'handling-satisfaction': [
    { code: 'PETITION_CLASSIFICATION_TTHC', name: 'Phản ánh, kiến nghị về TTHC', maxScore: 0 },
    { code: 'DOSSIER_RECEIVING_SATISFACTION', name: 'Mức độ hài lòng tiếp nhận, giải quyết hồ sơ', maxScore: 6 },
    { code: 'PETITION_PROCESSING_ON_TIME', name: 'Xử lý phản ánh, kiến nghị đúng hạn', maxScore: 6 },
    { code: 'PETITION_HANDLING_SATISFACTION', name: 'Mức độ hài lòng xử lý phản ánh, kiến nghị', maxScore: 6 },
    { code: 'PETITION_CLASSIFICATION_STAFF', name: 'Phản ánh, kiến nghị về cán bộ', maxScore: 0 },
  ],
  'dossier-digitized': [
    { code: 'ORIGINAL_RESULT_AVAILABLE', name: 'Cấp kết quả điện tử', maxScore: 6 },
    { code: 'SO_HOA_GIAY_TO_GIAI_QUYET', name: 'Số hóa hồ sơ, giấy tờ', maxScore: 4 },
    { code: 'REUSED_DIGITIZED_DATA', name: 'Tái sử dụng dữ liệu số hóa', maxScore: 2 },
    { code: 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', name: 'Đồng bộ kho dữ liệu cá nhân', maxScore: 4 },
    { code: 'CITIZEN_DATA_CONNECTED_DOSSIER', name: 'Hồ sơ kết nối dữ liệu dân cư', maxScore: 2 },
    { code: 'CITIZEN_DATA_CONNECTED_FORMALITY', name: 'Thủ tục kết nối dữ liệu dân cư', maxScore: 2 },
    { code: 'ELECTRONIC_CERTIFIED_COPY', name: 'Chứng thực bản sao điện tử', maxScore: 2 },
  ],
};

const TREE_MAX: Record<ShapeBEndpoint, number> = { 'dvc-progress-tree': 20, 'provide-online-tree': 12, 'formality-online-payment-tree': 10 };
/** Fields every shape-B row carries besides the mapped ones (null in the fake). */
const TREE_EXTRA_FIELDS: Record<ShapeBEndpoint, { parent: readonly string[]; child: readonly string[] }> = {
  'dvc-progress-tree': { parent: ['totalCompleted', 'avgProcessingDays'], child: ['avgProcessingDays'] },
  'provide-online-tree': {
    parent: ['authorityCount', 'partialCount', 'fullCount', 'onlineDossierCount', 'onlineServiceTotal', 'channelOnlineSum', 'channelDirectSum', 'channelPostalSum', 'channelTotalSum', 'onlineOnTimeSum', 'onlineOverdueSum'],
    child: [],
  },
  'formality-online-payment-tree': {
    parent: ['totalDossierOnlineFormalityPaymentSuccess', 'totalFeeDossierFormalityDistinct', 'totalFeeDossierFormality', 'totalFeeFormality'],
    child: ['totalDossierOnlineFormalityPaymentSuccess', 'totalFeeDossierFormalityDistinct', 'totalFeeDossierFormality', 'totalFeeFormality'],
  },
};
/** Which field of a tree gives the ratio (numerator / denominator), for realistic scores. */
const TREE_RATIO: Partial<Record<ShapeBEndpoint, { numerator: string; denominator: string }>> = {
  'dvc-progress-tree': { numerator: 'totalOnTime', denominator: 'totalReceived' },
  'formality-online-payment-tree': { numerator: 'totalDossierOnlinePaymentSuccess', denominator: 'totalDossierFinancialObligation' },
};

type Json = Record<string, unknown>;

interface ProvinceAnswers {
  readonly province: FakePortalProvince;
  readonly shapeA: Map<ShapeAEndpoint, { overview: Json; rows: Json[] }>;
  readonly shapeB: Map<ShapeBEndpoint, { parent: Json; children: Json[] }>;
  readonly groupScores: Json;
  readonly totalScore: number;
}

/**
 * Starts the fake portal on 127.0.0.1 (random port).
 * @example const portal = await startFakePortal(dienBienPhuPortalDataset()); ...; await portal.close()
 */
export async function startFakePortal(dataset: FakePortalDataset, options: FakePortalOptions = {}): Promise<FakePortal> {
  const mapping = portalMetricMapping(options.vocabulary ?? metricVocabulary());
  const byRoot = new Map<string, ProvinceAnswers>();
  const byLegacyId = new Map<string, ProvinceAnswers>();
  for (const province of dataset.provinces) {
    const answers = buildProvinceAnswers(province, mapping);
    byRoot.set(province.rootDepartmentId, answers);
    byLegacyId.set(province.legacyId ?? province.rootDepartmentId, answers);
  }
  const failures: FakePortalFailure[] = [...(options.failures ?? [])];
  const requests: FakePortalRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      const endpoint = path.startsWith(EVALUATION_PATH) ? path.slice(EVALUATION_PATH.length) : path === LEGACY_PATH ? 'rest.jsp' : null;
      const body = endpoint === 'rest.jsp' ? legacyParamsOf(text) : jsonOrText(text);
      requests.push({ method: req.method ?? 'GET', path, endpoint, body });
      const failure = failures.shift();
      const delay = (options.latencyMs ?? 0) + (typeof failure === 'object' ? failure.slowMs : 0);
      later(delay, () => {
        if (failure !== undefined && typeof failure !== 'object') return sendFailure(req, res, failure);
        if (req.method !== 'POST') return send(res, 405, { code: 'METHOD_NOT_ALLOWED', data: null, message: 'Chỉ nhận POST' });
        if (endpoint === 'rest.jsp') return answerLegacy(res, body, byLegacyId, options.legacyNumbers ?? 'number');
        if (endpoint !== null && isPortalEndpoint(endpoint)) return answerEvaluation(res, endpoint, body, byRoot, dataset);
        send(res, 404, { code: 'NOT_FOUND', data: null, message: `Không có đường dẫn ${path}` });
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail: (...more) => failures.push(...more),
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, contentType = 'application/json; charset=utf-8'): void {
  if (res.destroyed) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text), Date: new Date().toUTCString() });
  res.end(text);
}

function sendFailure(req: IncomingMessage, res: ServerResponse, failure: Exclude<FakePortalFailure, { slowMs: number }>): void {
  if (failure === 'reset') {
    req.socket.destroy();
    return;
  }
  if (failure === 'html') return send(res, 200, '<!DOCTYPE html><html><body><h1>Hệ thống đang bảo trì</h1></body></html>', 'text/html; charset=utf-8');
  if (failure === 'firewall') {
    return send(res, 200, '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.</body></html>', 'text/html');
  }
  if (failure === 'not-ok') return send(res, 201, { code: 'INTERNAL_ERROR', data: null, message: 'Lỗi hệ thống' });
  send(res, failure, { code: `HTTP_${failure}`, data: null, message: `Lỗi ${failure}` });
}

function answerEvaluation(res: ServerResponse, endpoint: PortalEndpoint, body: unknown, byRoot: Map<string, ProvinceAnswers>, dataset: FakePortalDataset): void {
  if (!isRecord(body)) return send(res, 400, { code: 'BAD_REQUEST', data: null, message: 'Thân yêu cầu phải là JSON' });
  const periodError = checkPeriodBody(endpoint, body);
  if (periodError) return send(res, 400, { code: 'BAD_REQUEST', data: null, message: periodError });

  if (endpoint === 'service-results') {
    const evaluation = dataset.provinces.map((p) => {
      const a = byRoot.get(p.rootDepartmentId)!;
      return { departmentId: p.rootDepartmentId, departmentName: p.name, departmentCode: p.code, totalScore: a.totalScore, ratio: a.totalScore, scoreDelta: 0, groupScores: a.groupScores };
    });
    return send(res, 201, { code: 'OK', data: { evaluation }, message: 'OK' });
  }

  const answers = byRoot.get(String(body.rootDepartmentId));
  if (!answers) return send(res, 201, { code: 'DEPARTMENT_NOT_FOUND', data: null, message: `Không tìm thấy đơn vị ${String(body.rootDepartmentId)}` });
  if (isShapeA(endpoint)) {
    const { overview, rows } = answers.shapeA.get(endpoint)!;
    const pageSize = positiveInt(body.pageSize, 200);
    const currentPage = positiveInt(body.currentPage, 1);
    const start = (currentPage - 1) * pageSize;
    const pagination = { total: rows.length, currentPage, pageSize, totalPages: Math.max(1, Math.ceil(rows.length / pageSize)) };
    return send(res, 201, { code: 'OK', data: { overview, evaluation: rows.slice(start, start + pageSize), pagination, source: 'Cổng Dịch vụ công quốc gia (giả lập)' }, message: 'OK' });
  }
  const tree = answers.shapeB.get(endpoint)!;
  send(res, 201, { code: 'OK', data: tree, message: 'OK' });
}

/** The fake refuses malformed period bodies, so a client sending the wrong shape fails here too. */
function checkPeriodBody(endpoint: PortalEndpoint, body: Json): string | null {
  if (endpoint === 'handling-satisfaction') {
    if ('timeType' in body) return 'handling-satisfaction không nhận timeType';
    return /^\d{4}-\d{2}-\d{2}$/.test(String(body.fromDate)) && /^\d{4}-\d{2}-\d{2}$/.test(String(body.toDate)) ? null : 'Cần fromDate và toDate dạng YYYY-MM-DD';
  }
  if (body.timeType !== 'month' || !Number.isInteger(body.year) || !Number.isInteger(body.month)) return 'Cần timeType "month", year và month là số nguyên';
  if (endpoint === 'service-results') return body.departmentType === 'ADMINISTRATIVE_UNIT' ? null : 'Cần departmentType ADMINISTRATIVE_UNIT';
  if ('formalityId' in body && endpoint === 'dossier-digitized') return 'dossier-digitized nhận formalityID, không phải formalityId';
  return null;
}

function answerLegacy(res: ServerResponse, params: unknown, byLegacyId: Map<string, ProvinceAnswers>, numbers: 'number' | 'comma-string'): void {
  if (!isRecord(params) || params.service !== 'report_tinh_766_service') return send(res, 200, [], 'application/json');
  const answers = byLegacyId.get(String(params.p_tinh_id));
  if (!answers) return send(res, 200, []);
  const write = (value: number | null | undefined): number | string | null =>
    value === null || value === undefined ? null : numbers === 'number' ? value : String(value).replace('.', ',');
  const rows = answers.province.units.map((unit, i) => {
    const row: Json = {
      ID: unit.departmentId,
      TEN: unit.departmentName,
      MA_COQUAN: unit.departmentCode ?? '',
      CAPDONVIID: unit.departmentType === 'PROVINCIAL_DEPARTMENT' ? 1 : 2,
      ROW_STT: i + 1,
    };
    for (const field of LEGACY_SCORE_FIELDS) row[field] = write(unit.metrics[LEGACY_SCORE_METRICS[field]]);
    return row;
  });
  const pageSize = positiveInt(params.pageSize, 1000);
  const start = (positiveInt(params.pageIndex, 1) - 1) * pageSize;
  send(res, 200, rows.slice(start, start + pageSize));
}

function buildProvinceAnswers(province: FakePortalProvince, mapping: PortalMetricMapping): ProvinceAnswers {
  const shapeA = new Map<ShapeAEndpoint, { overview: Json; rows: Json[] }>();
  const shapeB = new Map<ShapeBEndpoint, { parent: Json; children: Json[] }>();
  const groupScores: Json = {};
  const base = { departmentId: province.rootDepartmentId, departmentName: province.name };

  for (const endpoint of Object.keys(METRIC_CATALOG) as ShapeAEndpoint[]) {
    const metricsOf = (values: (key: string) => number | null) =>
      METRIC_CATALOG[endpoint].map(({ code, name, maxScore }) => {
        const parts = mapping.byCode(endpoint, code);
        const read = (part: 'numerator' | 'denominator') => {
          const entry = parts.find((p) => p.part === part);
          return entry ? values(entry.key) : null;
        };
        const numerator = read('numerator');
        const denominator = read('denominator');
        const ratio = numerator !== null && denominator ? round2((numerator / denominator) * 100) : null;
        const score = maxScore === 0 || ratio === null ? null : round2(maxScore * Math.min(1, ratio / 100));
        return { code, name, numerator, denominator, ratio, score, maxScore };
      });
    const totalMax = METRIC_CATALOG[endpoint].reduce((s, m) => s + m.maxScore, 0);
    const withTotals = (metrics: ReturnType<typeof metricsOf>) => {
      const totalScore = round2(metrics.reduce((s, m) => s + (m.score ?? 0), 0));
      return { totalScore, totalMaxScore: totalMax, ratio: round2((totalScore / totalMax) * 100), scoreDelta: 0, metrics };
    };
    const rows = province.units.map((unit, i) => {
      const metrics = metricsOf((key) => unit.metrics[key] ?? null);
      const row: Json = {
        stt: i + 1,
        departmentId: unit.departmentId,
        departmentName: unit.departmentName,
        ...(endpoint === 'dossier-digitized' && unit.departmentCode ? { departmentCode: unit.departmentCode } : {}),
        departmentType: unit.departmentType ?? 'COMMUNE_PEOPLE_COMMITTEE',
        departmentLevel: unit.departmentType === 'PROVINCIAL_DEPARTMENT' ? 'PROVINCE' : 'COMMUNE',
        ...withTotals(metrics),
      };
      if (endpoint === 'handling-satisfaction') {
        const petitions = unit.metrics.petitions_on_time_base ?? null;
        Object.assign(row, { totalPetitions: petitions, classifiedPetitions: petitions, totalDossiers: unit.metrics.dossiers_satisfied_base ?? null });
      }
      return row;
    });
    const overviewMetrics = metricsOf((key) => sum(province.units.map((u) => u.metrics[key] ?? null)));
    const overview = { ...base, departmentCode: province.code, departmentType: 'PROVINCE', departmentLevel: 'PROVINCE', ...withTotals(overviewMetrics) };
    shapeA.set(endpoint, { overview, rows });
    groupScores[endpoint === 'transparency' ? 'CKMB' : endpoint === 'handling-satisfaction' ? 'MDHL' : 'MDSH'] = overview.totalScore;
  }

  for (const endpoint of Object.keys(TREE_MAX) as ShapeBEndpoint[]) {
    const fields = mapping.byField(endpoint);
    const max = TREE_MAX[endpoint];
    const scored = (values: Json) => {
      const ratioFields = TREE_RATIO[endpoint];
      const num = ratioFields ? (values[ratioFields.numerator] as number | null) : null;
      const den = ratioFields ? (values[ratioFields.denominator] as number | null) : null;
      const ratio = num !== null && den ? round2((num / den) * 100) : null;
      return { ratio, score: ratio === null ? null : round2((max * ratio) / 100) };
    };
    const children = province.units.map((unit) => {
      const values: Json = Object.fromEntries(fields.map(({ key, field }) => [field, unit.metrics[key] ?? null]));
      for (const extra of TREE_EXTRA_FIELDS[endpoint].child) values[extra] ??= null;
      const { ratio, score } = scored(values);
      const child: Json = { departmentId: unit.departmentId, departmentName: unit.departmentName };
      if (endpoint === 'provide-online-tree') {
        // The unit's own online-services points when the data set has them, else the computed ones.
        const own = typeof values.totalScore === 'number' && typeof values.totalMaxScore === 'number';
        return own
          ? { ...child, totalScore: values.totalScore, totalMaxScore: values.totalMaxScore, ratio: round2(((values.totalScore as number) / (values.totalMaxScore as number)) * 100) }
          : { ...child, totalScore: score, totalMaxScore: max, ratio };
      }
      if (endpoint === 'dvc-progress-tree') return { ...child, level: levelOf(unit), ...values, ratio, score, maxScore: max, scoreDelta: 0 };
      return { ...child, level: levelOf(unit), ...values, ratio, totalScore: score, totalMaxScore: max, scoreDelta: 0 };
    });
    const parentValues: Json = Object.fromEntries(fields.map(({ key, field }) => [field, sum(province.units.map((u) => u.metrics[key] ?? null))]));
    for (const extra of TREE_EXTRA_FIELDS[endpoint].parent) parentValues[extra] ??= null;
    const { ratio, score } = scored(parentValues);
    const parent = { ...base, ...parentValues, ratio, totalScore: score, totalMaxScore: max };
    shapeB.set(endpoint, { parent, children });
    groupScores[endpoint === 'dvc-progress-tree' ? 'TDGQ' : endpoint === 'provide-online-tree' ? 'CLGQ' : 'TTTT'] = score;
  }
  const totalScore = round2(Object.values(groupScores).reduce<number>((s, v) => s + (typeof v === 'number' ? v : 0), 0));
  return { province, shapeA, shapeB, groupScores, totalScore };
}

function levelOf(unit: FakePortalUnit): string {
  return unit.departmentType === 'PROVINCIAL_DEPARTMENT' ? 'PROVINCE' : 'COMMUNE';
}

// ---- data sets -------------------------------------------------------------------------------

export interface MetricsCsvRow {
  /** Statistics code ('Mã đơn vị'). */
  readonly code: string;
  /** Unit name ('Tên đơn vị'). */
  readonly name: string;
  readonly metrics: Record<string, number | null>;
}

export const DIEN_BIEN_PHU_CSV = fileURLToPath(new URL('../../examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv', import.meta.url));
export const DIEN_BIEN_ROOT_ID = '019d2be3-6a85-74ec-a341-16615c474af4';

/**
 * Reads a metrics CSV whose columns are 'Label [metric_key]' plus 'Mã đơn vị' and 'Tên đơn vị'.
 * @example readMetricsCsv(DIEN_BIEN_PHU_CSV)[1] // { code: '03127', name: 'Phường Him Lam', metrics: { received_online: 145, ... } }
 */
export function readMetricsCsv(path: string): MetricsCsvRow[] {
  const records = parseCsv(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  return records.map((record) => {
    const metrics: Record<string, number | null> = {};
    for (const [column, raw] of Object.entries(record)) {
      const key = /\[([a-z][a-z0-9_]*)\]\s*$/.exec(column)?.[1];
      if (!key) continue;
      const cell = parseCellNumber(raw, { integer: true });
      if (cell.kind === 'invalid') throw new Error(`${path}: cột '${column}', đơn vị ${record['Mã đơn vị']}: '${cell.found}' không phải ${cell.expected}`);
      metrics[key] = cell.kind === 'number' ? cell.value : null;
    }
    return { code: String(record['Mã đơn vị'] ?? '').trim(), name: String(record['Tên đơn vị'] ?? '').trim(), metrics };
  });
}

export interface PortalDatasetInput {
  readonly province: Omit<FakePortalProvince, 'units'>;
  readonly units: readonly (MetricsCsvRow & Partial<Pick<FakePortalUnit, 'departmentId' | 'departmentCode' | 'departmentType' | 'departmentName'>>)[];
}

/**
 * Builds a one-province data set: portal ids and codes are derived from the statistics codes
 * unless given, names written as the portal writes them ('UBND phường Him Lam').
 * @example buildPortalDataset({ province: { rootDepartmentId, code: 'H18', name: 'UBND tỉnh Điện Biên' }, units: readMetricsCsv(path) })
 */
export function buildPortalDataset(input: PortalDatasetInput): FakePortalDataset {
  const units = input.units.map((u, i): FakePortalUnit => ({
    departmentId: u.departmentId ?? `${input.province.rootDepartmentId.slice(0, 24)}-${u.code.padStart(12, '0')}`,
    departmentName: u.departmentName ?? portalStyleName(u.name),
    departmentCode: u.departmentCode ?? `${input.province.code}.${100 + i}`,
    departmentType: u.departmentType ?? 'COMMUNE_PEOPLE_COMMITTEE',
    metrics: u.metrics,
  }));
  return { provinces: [{ ...input.province, units }] };
}

/**
 * Điện Biên (H18) with the 12 communes of Điện Biên Phủ, 2023-09 counts from the example CSV, plus
 * one provincial department (which the registry does not hold: parse skips it).
 */
export function dienBienPhuPortalDataset(csvPath: string = DIEN_BIEN_PHU_CSV): FakePortalDataset {
  const communes = readMetricsCsv(csvPath);
  const department = {
    code: '99001',
    name: 'Sở Tư pháp tỉnh Điện Biên',
    departmentName: 'Sở Tư pháp tỉnh Điện Biên',
    departmentType: 'PROVINCIAL_DEPARTMENT' as const,
    departmentCode: 'H18.01',
    metrics: { fee_dossiers: 40, paid_online: 31, result_digitized: 12, result_digitized_base: 20 },
  };
  return buildPortalDataset({
    province: { rootDepartmentId: DIEN_BIEN_ROOT_ID, code: 'H18', name: 'UBND tỉnh Điện Biên', legacyId: '11358' },
    units: [department, ...communes],
  });
}

export const DIEN_BIEN_2026_CSV = fileURLToPath(new URL('../../examples/dien-bien-2026-10/so-lieu-2026-10.csv', import.meta.url));

/**
 * Điện Biên (H18) after the reform: the 45 communes of the 2026 example CSV (generated from the
 * registry) as the portal writes them — "UBND xã …", every third name in NFD, 3-digit code
 * suffixes — with provincial departments among the rows (2-digit suffixes; a commune framework skips them).
 * @example startFakePortal(dienBien2026PortalDataset())
 */
export function dienBien2026PortalDataset(csvPath: string = DIEN_BIEN_2026_CSV): FakePortalDataset {
  const communes = readMetricsCsv(csvPath).map((u, i) => ({ ...u, departmentName: i % 3 === 0 ? portalStyleName(u.name).normalize('NFD') : portalStyleName(u.name) }));
  const department = (code: string, name: string, departmentCode: string, metrics: Record<string, number | null>) =>
    ({ code, name, departmentName: name, departmentCode, departmentType: 'PROVINCIAL_DEPARTMENT' as const, metrics });
  const departments = [
    department('99001', 'Sở Tư pháp tỉnh Điện Biên', 'H18.01', { fee_dossiers: 40, paid_online: 31, result_digitized: 12, result_digitized_base: 20 }),
    department('99002', 'Sở Xây dựng', 'H18.11', { fee_dossiers: 0, paid_online: 0, petitions_on_time: 0, petitions_on_time_base: 0 }),
  ];
  return buildPortalDataset({
    province: { rootDepartmentId: DIEN_BIEN_ROOT_ID, code: 'H18', name: 'UBND tỉnh Điện Biên', legacyId: '11358' },
    units: [...departments, ...communes],
  });
}

/**
 * A deterministic synthetic country for benchmarks: `provinces` × `unitsPerProvince` communes with
 * every portal metric and legacy score filled.
 * @example syntheticPortalDataset({ provinces: 34, unitsPerProvince: 113 })
 */
export function syntheticPortalDataset(options: { provinces?: number; unitsPerProvince?: number; seed?: number; vocabulary?: MetricVocabulary } = {}): FakePortalDataset {
  const random = seededRandom(options.seed ?? 1);
  const mapping = portalMetricMapping(options.vocabulary ?? metricVocabulary());
  const provinces: FakePortalProvince[] = [];
  for (let p = 1; p <= (options.provinces ?? 34); p++) {
    const code = `H${String(p).padStart(2, '0')}`;
    const units: FakePortalUnit[] = [];
    for (let u = 1; u <= (options.unitsPerProvince ?? 113); u++) {
      const metrics: Record<string, number | null> = {};
      for (const key of mapping.keys) {
        if (key.endsWith('_base')) continue;
        const base = 20 + Math.floor(random() * 400);
        metrics[key] = Math.floor(base * random());
        metrics[`${key}_base`] = base;
      }
      metrics.fee_dossiers = 10 + Math.floor(random() * 200);
      metrics.paid_online = Math.floor((metrics.fee_dossiers ?? 0) * random());
      metrics.online_services_score_max = 12;
      metrics.online_services_score = Math.round(random() * 1200) / 100;
      metrics.progress_received = 50 + Math.floor(random() * 500);
      metrics.progress_on_time = Math.floor((metrics.progress_received ?? 0) * (0.7 + 0.3 * random()));
      metrics.progress_overdue = (metrics.progress_received ?? 0) - (metrics.progress_on_time ?? 0);
      for (const key of Object.values(LEGACY_SCORE_METRICS)) metrics[key] = Math.round(random() * 2000) / 100;
      units.push({ departmentId: `p${p}-u${u}`, departmentName: `UBND xã Thử ${p}-${u}`, departmentCode: `${code}.${100 + u}`, metrics });
    }
    provinces.push({ rootDepartmentId: `root-${String(p).padStart(2, '0')}`, code, name: `UBND tỉnh Thử ${p}`, units });
  }
  return { provinces };
}

/** 'Phường Him Lam' → 'UBND phường Him Lam', as the portal writes commune names. */
function portalStyleName(name: string): string {
  return /^(phường|xã|thị trấn)\s/i.test(name) ? `UBND ${name.charAt(0).toLowerCase()}${name.slice(1)}` : name;
}

function sum(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function positiveInt(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function legacyParamsOf(formText: string): unknown {
  const params = new URLSearchParams(formText).get('params');
  return params === null ? formText : jsonOrText(params);
}

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

