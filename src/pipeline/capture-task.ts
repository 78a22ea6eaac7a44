// One capture task of a sync: a source for a province and a month (the portal's endpoints, or the
// one-door drop folder and export URL). Its raw captures go through the one capture stage. The same
// function serves the inline runner and the queue's capture worker.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import axios from 'axios';
import { createConnector, dropFolderCaptures, dropFolderFiles } from '../../connectors/registry.js';
import { SourceError } from '../core/connector-contract.js';
import { periodTerm, type Period } from '../core/period.js';
import { type SourceKind, type SyncSource } from '../core/source.js';
import type { AppContext } from '../app-context.js';
import { PROVINCE_SEPARATOR } from '../frameworks/framework.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import { runCaptureStage } from './capture-stage.js';
import { downloadFileName } from './download-file-name.js';
import type { IngestResult } from './ingest-capture.js';
import { exportUrlFor, liveSourceConfig, type ProvinceConfig } from './province-config.js';
import { SOURCE_LABELS } from '../text/labels.js';


export interface CaptureTask {
  readonly source: SyncSource;
  readonly provinceCode: string;
}

export interface CaptureTaskResult {
  readonly source: SyncSource;
  readonly provinceCode: string;
  /** delivered: the source answered and was parsed; empty: nothing to capture (no file, no answer). */
  readonly status: 'delivered' | 'empty';
  readonly captures: number;
  readonly newCaptures: number;
  readonly metrics: number;
  readonly problems: number;
  readonly message: string;
}

/**
 * A capture task that could not deliver. `transient` (timeouts, 5xx, resets after the connector's own
 * retries) may succeed if tried again later; `permanent` (changed shape, unreadable file, circuit
 * breaker open, wrong province) will not until someone acts.
 */
export class CaptureTaskError extends Error {
  readonly code = 'CAPTURE_FAILED';
  constructor(
    message: string,
    readonly kind: 'transient' | 'permanent',
  ) {
    super(message);
    this.name = 'CaptureTaskError';
  }
}

/** Tuning for the portal client (politeness can be relaxed only for local benchmarks). */
export interface PortalTuning {
  readonly pauseMs?: number;
  readonly retries?: number;
  readonly timeoutMs?: number;
}

export function taskName(task: CaptureTask): string {
  return `capture:${task.source}:${task.provinceCode}`;
}

/**
 * The capture tasks of a framework's sync: each enabled source of each province that syncs it, or of
 * the one province a framework is evaluated for (`qd766-2022@52`, from `sync --province 52`), whatever
 * frameworks that province lists.
 * @example planCaptureTasks(provinces, 'dien-bien-xa-2023') // [{ source: 'portal', provinceCode: '11' }, { source: 'one-door', provinceCode: '11' }]
 */
export function planCaptureTasks(provinces: readonly ProvinceConfig[], framework: string, only?: readonly string[]): CaptureTask[] {
  const tasks: CaptureTask[] = [];
  // 'qd766-2022@11': a framework evaluated for one province captures that province's sources.
  const [base, province] = framework.split(PROVINCE_SEPARATOR);
  for (const p of provinces.filter((x) => (province ? x.code === province : x.frameworks.includes(base!)))) {
    if (p.portal.enabled) tasks.push({ source: 'portal', provinceCode: p.code });
    if (p.portalLegacy.enabled) tasks.push({ source: 'portal-legacy', provinceCode: p.code });
    if (p.oneDoor.enabled) tasks.push({ source: 'one-door', provinceCode: p.code });
  }
  return only?.length ? tasks.filter((t) => only.includes(t.source)) : tasks;
}

/**
 * Runs one capture task to the end: every capture archived and parsed. Returns what it delivered;
 * throws CaptureTaskError when the source failed.
 */
export async function runCaptureTask(ctx: AppContext, province: ProvinceConfig, task: CaptureTask, period: Period, options: StageOptions = {}): Promise<CaptureTaskResult> {
  let results: IngestResult[];
  if (task.source === 'portal' || task.source === 'portal-legacy') {
    results = await capturePortal(ctx, province, task.source, period, options);
  } else {
    try {
      results = await captureOneDoor(ctx, province, period, options);
    } catch (error) {
      // A missing folder or a file that cannot be opened needs an operator, not a retry.
      throw error instanceof CaptureTaskError ? error : new CaptureTaskError(`Hệ thống một cửa (${province.name}, ${periodTerm(period)}): ${(error as Error).message}`, 'permanent');
    }
  }
  const summary = {
    source: task.source,
    provinceCode: task.provinceCode,
    captures: results.length,
    newCaptures: results.filter((r) => r.status !== 'duplicate').length,
    metrics: results.reduce((s, r) => s + r.metrics, 0),
    problems: results.reduce((s, r) => s + r.problemCount, 0),
  };
  if (results.length === 0) {
    return { ...summary, status: 'empty', message: `${sourceLabel(task.source)} của ${province.name}: không có số liệu ${periodTerm(period)}` };
  }
  return {
    ...summary,
    status: 'delivered',
    message: `${sourceLabel(task.source)} của ${province.name}: ${summary.captures} bản ghi (${summary.newCaptures} mới), ${summary.metrics} giá trị, ${summary.problems} vấn đề cách ly`,
  };
}

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source as SourceKind] ?? source;
}

type StageOptions = { runId?: number | null; signal?: AbortSignal; portal?: PortalTuning };

async function capturePortal(ctx: AppContext, province: ProvinceConfig, source: 'portal' | 'portal-legacy', period: Period, options: StageOptions): Promise<IngestResult[]> {
  const connector = createConnector(source, { breaker: new PostgresCircuitBreakerStore(ctx.store.db) });
  const tuning = {
    baseUrl: ctx.config.portalUrl,
    pauseMs: options.portal?.pauseMs ?? ctx.config.portalPauseMs,
    retries: options.portal?.retries ?? ctx.config.portalRetries,
    timeoutMs: options.portal?.timeoutMs ?? ctx.config.portalTimeoutMs,
    maxAnswerBytes: ctx.config.portalMaxAnswerBytes,
    // Too-large answers wait here until the archive moves them into place.
    spoolDir: join(ctx.config.dataDir, 'spool'),
  };
  try {
    const config = connector.describe().configSchema.parse(liveSourceConfig(province, source, tuning));
    const signal = options.signal ? { signal: options.signal } : {};
    return (await runCaptureStage(ctx, connector.capture({ period, config, ...signal }), period, { runId: options.runId ?? null, ...signal })).ingested;
  } catch (error) {
    throw asTaskError(error, `${sourceLabel(source)} (${province.name}, ${periodTerm(period)})`);
  }
}

async function captureOneDoor(ctx: AppContext, province: ProvinceConfig, period: Period, options: StageOptions): Promise<IngestResult[]> {
  const where = `Hệ thống một cửa (${province.name}, ${periodTerm(period)})`;
  const root = ctx.config.oneDoorDir;
  if (province.oneDoor.exportUrl) await downloadExport(ctx, province, period);
  const dirs = [
    ...(root ? [province.oneDoor.subfolder ? join(root, province.oneDoor.subfolder) : root] : []),
    ...(province.oneDoor.exportUrl ? [join(ctx.config.dataDir, 'downloads', province.code)] : []),
  ];
  if (!dirs.length) throw new CaptureTaskError(`${where}: chưa cấu hình thư mục nhận tệp (DVC_ONE_DOOR_DIR) hay địa chỉ tải báo cáo`, 'permanent');
  const files = (await Promise.all(dirs.map((dir) => dropFolderFiles(dir, period)))).flat();
  const unknown = files.flatMap((file) => (file.kind === 'unknown' ? [`${file.fileName}: ${file.reason ?? 'không nhận ra loại tệp'}`] : []));
  const stage = await runCaptureStage(ctx, dropFolderCaptures(files, period, options.signal), period, {
    runId: options.runId ?? null,
    ...(options.signal ? { signal: options.signal } : {}),
    keepGoing: true,
  });
  const unreadable = [...unknown, ...stage.unreadable.map((u) => `${u.fileName}: ${u.message}`)];
  if (unreadable.length) throw new CaptureTaskError(`${where}: ${unreadable.length} tệp không đọc được — ${unreadable.join('; ')}`, 'permanent');
  return stage.ingested;
}

async function downloadExport(ctx: AppContext, province: ProvinceConfig, period: Period): Promise<void> {
  const url = exportUrlFor(province.oneDoor.exportUrl!, period);
  const tokenEnv = province.oneDoor.exportTokenEnv;
  const token = tokenEnv ? process.env[tokenEnv] : undefined;
  if (tokenEnv && !token) throw new CaptureTaskError(`Tải báo cáo một cửa ${province.name}: thiếu biến môi trường ${tokenEnv}`, 'permanent');
  try {
    const response = await axios.get<ArrayBuffer>(url, {
      responseType: 'arraybuffer',
      timeout: 120_000,
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      validateStatus: (s) => s === 200,
    });
    // The server names the file, never its place: only a sanitised base name inside the downloads folder.
    const name = downloadFileName(String(response.headers['content-disposition'] ?? ''), url);
    const dir = join(ctx.config.dataDir, 'downloads', province.code, period);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), Buffer.from(response.data));
  } catch (error) {
    const status = axios.isAxiosError(error) ? error.response?.status : undefined;
    const transient = status === undefined || status >= 500;
    throw new CaptureTaskError(`Tải báo cáo một cửa ${province.name} (${new URL(url).host}): ${status ? `HTTP ${status}` : (error as Error).message}`, transient ? 'transient' : 'permanent');
  }
}

function asTaskError(error: unknown, where: string): CaptureTaskError {
  if (error instanceof CaptureTaskError) return error;
  // The source says itself whether trying again may help.
  if (error instanceof SourceError) return new CaptureTaskError(`${where}: ${error.message}`, error.retriable ? 'transient' : 'permanent');
  return new CaptureTaskError(`${where}: ${(error as Error).message}`, 'transient');
}
