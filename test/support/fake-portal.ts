// A local stand-in for the national portal: a real HTTP server on 127.0.0.1 speaking the current
// reporting API (six evaluation endpoints + service-results national and per province: 201 +
// envelope, pagination on shape A only) and the legacy rest.jsp, built from canonical metric values
// per unit, in the real answers' shapes (fake-portal-answers.ts). Used by the connector tests, the
// end-to-end tests and the benchmark (the 34 provinces of the catalog), so answers are precomputed
// per (province, endpoint) and only sliced per request.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { parseCellNumber } from '../../connectors/cell-number.js';
import { LEGACY_SCORE_METRICS } from '../../connectors/portal/legacy-portal-connector.js';
import { portalMetricMapping } from '../../connectors/portal/portal-metric-mapping.js';
import { EVALUATION_PATH } from '../../connectors/portal/portal-request.js';
import { LEGACY_PATH } from '../../connectors/portal/legacy-portal-client.js';
import { LEGACY_SCORE_FIELDS } from '../../schema/portal/legacy-api.js';
import { isPortalEndpoint, isShapeA, type PortalEndpoint } from '../../schema/portal/current-api.js';
import { loadProvinceCatalog, type ProvinceCatalog } from '../../schema/portal/province-catalog.js';
import type { Period } from '../../src/core/period.js';
import type { MetricVocabulary } from '../../src/core/metric-vocabulary.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import type { UnitRegistry } from '../../src/core/unit-registry.js';
import { buildProvinceAnswers, drillDownAnswer, nationalAnswer, type FakePortalProvince, type FakePortalUnit, type ProvinceAnswers } from './fake-portal-answers.js';
import { seededRandom } from './seeded-random.js';

export type { FakePortalProvince, FakePortalUnit } from './fake-portal-answers.js';

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

type Json = Record<string, unknown>;

/**
 * Starts the fake portal on 127.0.0.1 (random port).
 * @example const portal = await startFakePortal(dienBienPhuPortalDataset()); ...; await portal.close()
 */
export async function startFakePortal(dataset: FakePortalDataset, options: FakePortalOptions = {}): Promise<FakePortal> {
  const mapping = portalMetricMapping(options.vocabulary ?? metricVocabulary());
  const byRoot = new Map<string, ProvinceAnswers>();
  const byLegacyId = new Map<string, ProvinceAnswers>();
  const all: ProvinceAnswers[] = [];
  for (const province of dataset.provinces) {
    const answers = buildProvinceAnswers(province, mapping);
    all.push(answers);
    byRoot.set(province.rootDepartmentId, answers);
    byLegacyId.set(province.legacyId ?? province.rootDepartmentId, answers);
  }
  // Answers never change once built: each distinct one is written to text once (the benchmark asks for thousands).
  const written = new Map<string, Buffer>();
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
        if (endpoint !== null && isPortalEndpoint(endpoint)) return answerEvaluation(res, endpoint, body, byRoot, all, written);
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
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, Date: new Date().toUTCString() });
  res.end(bytes);
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

function answerEvaluation(res: ServerResponse, endpoint: PortalEndpoint, body: unknown, byRoot: Map<string, ProvinceAnswers>, all: readonly ProvinceAnswers[], written: Map<string, Buffer>): void {
  if (!isRecord(body)) return send(res, 400, { code: 'BAD_REQUEST', data: null, message: 'Thân yêu cầu phải là JSON' });
  const period = checkPeriodBody(endpoint, body);
  if (typeof period === 'string') return send(res, 400, { code: 'BAD_REQUEST', data: null, message: period });
  const ok = (key: string, data: () => unknown) => {
    const id = `${endpoint}|${String(body.rootDepartmentId)}|${period.months.join(',')}|${key}`;
    let text = written.get(id);
    if (text === undefined) written.set(id, (text = Buffer.from(JSON.stringify({ code: 'OK', data: data(), message: 'OK' }))));
    send(res, 201, text);
  };

  if (endpoint === 'service-results' && body.rootDepartmentId === undefined) return ok('', () => nationalAnswer(all, period.months));
  const answers = byRoot.get(String(body.rootDepartmentId));
  if (!answers) return send(res, 201, { code: 'DEPARTMENT_NOT_FOUND', data: null, message: `Không tìm thấy đơn vị ${String(body.rootDepartmentId)}` });
  if (endpoint === 'service-results') return ok('', () => drillDownAnswer(answers, period.months));
  if (isShapeA(endpoint)) {
    const { overview, rows } = answers.shapeA.get(endpoint)!;
    const pageSize = positiveInt(body.pageSize, 200);
    const currentPage = positiveInt(body.currentPage, 1);
    const start = (currentPage - 1) * pageSize;
    const pagination = { total: rows.length, currentPage, pageSize, totalPages: Math.max(1, Math.ceil(rows.length / pageSize)) };
    return ok(`${currentPage}/${pageSize}`, () => ({ overview, evaluation: rows.slice(start, start + pageSize), pagination, source: 'Cổng Dịch vụ công quốc gia (giả lập)' }));
  }
  const tree = answers.shapeB.get(endpoint)!;
  const monthly = Array.from({ length: 12 }, (_, i) => ({ month: String(i + 1).padStart(2, '0'), onTimePct: i + 1 <= Math.max(...period.months) ? 80 : 0, overduePct: i + 1 <= Math.max(...period.months) ? 20 : 0 }));
  ok('', () => ({ ...tree, monthlyChart: monthly }));
}

/** The fake refuses malformed period bodies, so a client sending the wrong shape fails here too; else the months asked. */
function checkPeriodBody(endpoint: PortalEndpoint, body: Json): string | { months: number[] } {
  if (endpoint === 'handling-satisfaction') {
    if ('timeType' in body) return 'handling-satisfaction không nhận timeType';
    const from = /^(\d{4})-(\d{2})-\d{2}$/.exec(String(body.fromDate));
    const to = /^(\d{4})-(\d{2})-\d{2}$/.exec(String(body.toDate));
    if (!from || !to) return 'Cần fromDate và toDate dạng YYYY-MM-DD';
    const months: number[] = [];
    for (let m = Number(from[2]); m <= Number(to[2]); m++) months.push(m);
    return { months };
  }
  if (!Number.isInteger(body.year)) return 'Cần year là số nguyên';
  let months: number[];
  if (body.timeType === 'month' && Number.isInteger(body.month)) months = [body.month as number];
  else if (body.timeType === 'quarter' && Number.isInteger(body.quarter)) months = [1, 2, 3].map((i) => ((body.quarter as number) - 1) * 3 + i);
  else if (body.timeType === 'year') months = Array.from({ length: 12 }, (_, i) => i + 1);
  else return 'Cần timeType "month" (với month), "quarter" (với quarter) hoặc "year"';
  if (endpoint === 'service-results' && body.rootDepartmentId === undefined && body.departmentType !== 'ADMINISTRATIVE_UNIT') return 'Cần departmentType ADMINISTRATIVE_UNIT';
  if ('formalityId' in body && endpoint === 'dossier-digitized') return 'dossier-digitized nhận formalityID, không phải formalityId';
  return { months };
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
 * one provincial department (kept as an agency of the province, not a commune). Names drift as on
 * the real portal: one in NFD, one written 'UBND Phường'.
 */
export function dienBienPhuPortalDataset(csvPath: string = DIEN_BIEN_PHU_CSV): FakePortalDataset {
  const communes = readMetricsCsv(csvPath).map((row, i) => ({
    ...row,
    departmentName: i === 1 ? portalStyleName(row.name).normalize('NFD') : i === 2 ? `UBND ${row.name}` : portalStyleName(row.name),
  }));
  const department = {
    code: '99001',
    name: 'Sở Tư pháp tỉnh Điện Biên',
    departmentName: 'Sở Tư pháp - tỉnh Điện Biên',
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

const DEPARTMENTS = [
  'Sở Nội vụ', 'Sở Tư pháp', 'Sở Tài chính', 'Sở Công Thương', 'Sở Nông nghiệp và Môi trường', 'Sở Xây dựng', 'Sở Y tế',
  'Sở Giáo dục và Đào tạo', 'Sở Khoa học và Công nghệ', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Dân tộc và Tôn giáo', 'Sở Ngoại vụ',
  'Ban Quản lý Khu kinh tế', 'Thanh tra tỉnh', 'Sở Giao thông vận tải',
];

/** Random but plausible counts for every portal metric; every ninth unit has no fee dossiers and no petitions (0/0). */
function randomMetrics(random: () => number, keys: readonly string[], empty: boolean): Record<string, number | null> {
  const metrics: Record<string, number | null> = {};
  for (const key of keys) {
    if (key.endsWith('_base') || key === 'portal_total') continue;
    const base = 20 + Math.floor(random() * 400);
    metrics[key] = Math.floor(base * random());
    metrics[`${key}_base`] = base;
  }
  metrics.fee_dossiers = empty ? 0 : 10 + Math.floor(random() * 200);
  metrics.paid_online = Math.floor((metrics.fee_dossiers ?? 0) * random());
  if (empty) Object.assign(metrics, { petitions_on_time: 0, petitions_on_time_base: 0, petitions_satisfied: 0, petitions_satisfied_base: 0 });
  metrics.online_services_score_max = 12;
  metrics.online_services_score = Math.round(random() * 1200) / 100;
  metrics.progress_received = 50 + Math.floor(random() * 500);
  metrics.progress_on_time = Math.floor((metrics.progress_received ?? 0) * (0.7 + 0.3 * random()));
  metrics.progress_overdue = (metrics.progress_received ?? 0) - (metrics.progress_on_time ?? 0);
  for (const key of Object.values(LEGACY_SCORE_METRICS)) metrics[key] = Math.round(random() * 2000) / 100;
  return metrics;
}

/** A portal-looking uuid from the province's root id (same family prefix, as the real ids are). */
function unitId(rootDepartmentId: string, serial: number): string {
  return `${rootDepartmentId.slice(0, 19)}${serial.toString(16).padStart(4, '0')}-${rootDepartmentId.slice(-12)}`;
}

/**
 * Every province of the catalog with its communes from the unit registry (valid in `period`) and
 * `departments` provincial departments, names written as the portal writes them (UBND xã/Xã, some
 * in NFD, some with the province suffix '- tỉnh X').
 * @example catalogPortalDataset({ registry, period: parsePeriod('2026-02') }).provinces.length // 34
 */
export function catalogPortalDataset(options: { registry: UnitRegistry; period: Period; catalog?: ProvinceCatalog; departments?: number; seed?: number; vocabulary?: MetricVocabulary; only?: readonly string[] }): FakePortalDataset {
  const random = seededRandom(options.seed ?? 7);
  const keys = portalMetricMapping(options.vocabulary ?? metricVocabulary()).keys;
  const catalog = options.catalog ?? loadProvinceCatalog();
  const provinces: FakePortalProvince[] = [];
  for (const province of catalog.provinces) {
    if (options.only && !options.only.includes(province.code)) continue;
    const suffix = `- ${province.name.replace(/^Thành phố /, 'TP ').replace(/^Tỉnh /, 'tỉnh ')}`;
    const units: FakePortalUnit[] = [];
    DEPARTMENTS.slice(0, options.departments ?? 15).forEach((name, i) =>
      units.push({
        departmentId: unitId(province.rootDepartmentId, i + 1),
        departmentName: `${name} ${suffix}`,
        departmentCode: `${province.portalCode}.${String(i + 1).padStart(2, '0')}`,
        departmentType: 'PROVINCIAL_DEPARTMENT',
        metrics: randomMetrics(random, keys, i % 9 === 4),
      }),
    );
    const communes = options.registry.validIn(options.period, { provinceCode: province.code, level: 'commune' }).sort((a, b) => a.code.localeCompare(b.code));
    communes.forEach((commune, i) => {
      const styled = i % 7 === 2 ? `UBND ${commune.name}` : portalStyleName(commune.name);
      const name = i % 11 === 3 ? styled.normalize('NFD') : i % 13 === 5 ? `${styled} ${suffix}` : styled;
      units.push({
        departmentId: unitId(province.rootDepartmentId, 0x100 + i),
        departmentName: name,
        departmentCode: `${province.portalCode}.${100 + i}`,
        metrics: randomMetrics(random, keys, i % 9 === 4),
      });
    });
    provinces.push({ rootDepartmentId: province.rootDepartmentId, code: province.portalCode, name: `UBND ${province.name.charAt(0).toLowerCase()}${province.name.slice(1)}`, units });
  }
  return { provinces };
}

/**
 * A deterministic synthetic country on the catalog's provinces (real root ids and codes):
 * `unitsPerProvince` made-up communes each, every portal metric and legacy score filled.
 * @example syntheticPortalDataset({ provinces: 34, unitsPerProvince: 113 })
 */
export function syntheticPortalDataset(options: { provinces?: number; unitsPerProvince?: number; seed?: number; vocabulary?: MetricVocabulary; catalog?: ProvinceCatalog } = {}): FakePortalDataset {
  const random = seededRandom(options.seed ?? 1);
  const keys = portalMetricMapping(options.vocabulary ?? metricVocabulary()).keys;
  const catalog = options.catalog ?? loadProvinceCatalog();
  return {
    provinces: catalog.provinces.slice(0, options.provinces ?? 34).map((province, p) => ({
      rootDepartmentId: province.rootDepartmentId,
      code: province.portalCode,
      name: `UBND ${province.name}`,
      units: Array.from({ length: options.unitsPerProvince ?? 113 }, (_, u) => ({
        departmentId: unitId(province.rootDepartmentId, u + 1),
        departmentName: `UBND xã Thử ${p + 1}-${u + 1}`,
        departmentCode: `${province.portalCode}.${100 + u}`,
        metrics: randomMetrics(random, keys, false),
      })),
    })),
  };
}

/** 'Phường Him Lam' → 'UBND phường Him Lam', as the portal writes commune names. */
function portalStyleName(name: string): string {
  return /^(phường|xã|thị trấn|đặc khu)\s/i.test(name) ? `UBND ${name.charAt(0).toLowerCase()}${name.slice(1)}` : name;
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

