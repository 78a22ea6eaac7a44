// Runtime configuration from the environment, validated once. Secrets (tokens, passwords in URLs)
// come only from here, never from files in the repository.
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './core/input-limits.js';
import { editDistance } from './core/edit-distance.js';
import { loadProvinceCatalog, type PortalProvince } from '../schema/portal/province-catalog.js';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().url().optional())
  .optional();

/** A dashboard token: unset or blank = no such role; otherwise long enough not to be guessed. */
const dashboardToken = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.string().min(16, 'cần ít nhất 16 ký tự').optional())
  .optional();

/**
 * Which provinces a deployment runs nightly (and `sync` without --province): unset = the provinces
 * whose catalog entry lists frameworks; `all`; or the statistics codes chosen.
 */
export type ProvinceSelection = 'default' | 'all' | readonly string[];

/** 'Tỉnh Gia Lai', 'gia lai', 'TP. Hồ Chí Minh' → one key (NFC, case, spacing, the kind word). */
function provinceNameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/^(tỉnh|thành phố|tp\.?)\s*/u, '');
}

/** A province of the catalog by statistics code ('52'), portal code ('H21') or name ('Gia Lai'). */
function catalogProvince(provinces: readonly PortalProvince[], entry: string): PortalProvince | undefined {
  const key = provinceNameKey(entry);
  return provinces.find((p) => p.code === entry || p.portalCode.toUpperCase() === entry.toUpperCase() || provinceNameKey(p.name) === key);
}

const provinceSelection = z
  .string()
  .optional()
  .transform((value, ctx): ProvinceSelection => {
    const text = (value ?? '').trim();
    if (text === '') return 'default';
    if (text.toLowerCase() === 'all') return 'all';
    const provinces = loadProvinceCatalog().provinces;
    const codes: string[] = [];
    for (const entry of text.split(',').map((e) => e.trim())) {
      if (entry === '') continue;
      const found = catalogProvince(provinces, entry);
      if (!found) {
        const closest = [...provinces].sort((a, b) => editDistance(provinceNameKey(a.name), provinceNameKey(entry)) - editDistance(provinceNameKey(b.name), provinceNameKey(entry)))[0]!;
        ctx.addIssue({
          code: 'custom',
          message: `không có tỉnh '${entry}' trong danh mục 34 tỉnh (schema/provinces.json); cần mã thống kê (52), mã cổng (H21) hoặc tên (Gia Lai), cách nhau bằng dấu phẩy, hoặc 'all' — gần nhất: ${closest.name} (${closest.code}, ${closest.portalCode})`,
        });
        return z.NEVER;
      }
      if (!codes.includes(found.code)) codes.push(found.code);
    }
    return codes.length ? codes : 'default';
  });

const envSchema = z.object({
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  DVC_SYNC_DATA_DIR: z.string().trim().min(1).default('.dvc-sync'),
  DVC_PORTAL_URL: z.string().url().default('https://dichvucong.gov.vn'),
  DVC_ONE_DOOR_DIR: z.string().trim().min(1).optional(),
  /** Pause between portal requests (jitter ±30 % is added); the portal blocks impatient clients. */
  DVC_PORTAL_PAUSE_MS: z.coerce.number().int().min(0).default(1500),
  DVC_PORTAL_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  DVC_PORTAL_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Nightly schedule (cron, Asia/Ho_Chi_Minh). */
  DVC_NIGHTLY_CRON: z.string().trim().min(1).optional(),
  /** Provinces run nightly (comma-separated codes, portal codes or names; `all`); unset = those whose catalog entry lists frameworks. */
  DVC_PROVINCES: provinceSelection,
  /** How long a stopping worker waits for running jobs before closing anyway. */
  DVC_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** A job's lock; a worker that dies gives its job back after this long. */
  DVC_WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /** First wait before a failed capture job is tried again (doubling each time, 3 attempts in all). */
  DVC_CAPTURE_RETRY_DELAY_MS: z.coerce.number().int().min(0).default(60_000),
  DVC_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Captures larger than this are archived as files under the data folder instead of in the database. */
  DVC_CAPTURE_INLINE_MAX_BYTES: z.coerce.number().int().positive().default(32 * 1024 * 1024),
  /** Largest portal answer read; a larger one is archived as a file and refused before parsing. */
  DVC_PORTAL_MAX_ANSWER_BYTES: z.coerce.number().int().positive().default(64 * 1024 * 1024),
  /** XLSX limits: declared uncompressed size refused unread; worksheet size above which it is not loaded whole. */
  DVC_XLSX_MAX_INFLATED_BYTES: z.coerce.number().int().positive().default(DEFAULT_INPUT_LIMITS.xlsxMaxInflatedBytes),
  DVC_XLSX_IN_MEMORY_MAX_BYTES: z.coerce.number().int().positive().default(DEFAULT_INPUT_LIMITS.xlsxInMemoryMaxBytes),
  /** A list whose first N rows are all refused (none read) stops being read: it is not what it claims to be. */
  DVC_FILE_ABANDON_AFTER_BAD_ROWS: z.coerce.number().int().min(1).default(DEFAULT_INPUT_LIMITS.abandonAfterBadRows),
  /** Problems kept in quarantine per capture; the rest are counted, not stored (a bad file must not flood it). */
  DVC_QUARANTINE_MAX_PER_CAPTURE: z.coerce.number().int().min(1).default(1000),
  /** Dashboard roles: the admin token may retry, clean, reset and re-run; the viewer token only reads. */
  DVC_ADMIN_TOKEN: dashboardToken,
  DVC_VIEWER_TOKEN: dashboardToken,
  DVC_DASHBOARD_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DVC_DASHBOARD_HOST: z.string().trim().min(1).default('127.0.0.1'),
});

export interface AppConfig {
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly dataDir: string;
  readonly portalUrl: string;
  readonly oneDoorDir: string | undefined;
  readonly portalPauseMs: number;
  readonly portalTimeoutMs: number;
  readonly portalRetries: number;
  readonly nightlyCron: string | undefined;
  /** Provinces of the nightly run and of `sync` without --province (DVC_PROVINCES). */
  readonly provinces: ProvinceSelection;
  readonly shutdownTimeoutMs: number;
  readonly workerLockMs: number;
  readonly captureRetryDelayMs: number;
  readonly logLevel: z.infer<typeof envSchema>['DVC_LOG_LEVEL'];
  readonly captureInlineMaxBytes: number;
  readonly quarantineMaxPerCapture: number;
  readonly portalMaxAnswerBytes: number;
  readonly inputLimits: InputLimits;
  readonly adminToken: string | undefined;
  readonly viewerToken: string | undefined;
  readonly dashboardPort: number;
  readonly dashboardHost: string;
}

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
}

/**
 * Reads the configuration from an environment (default: process.env).
 * @example loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1/test' }).databaseUrl
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`Biến môi trường ${issue.path.join('.')} không hợp lệ: ${issue.message}`);
  }
  const e = result.data;
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir: resolve(e.DVC_SYNC_DATA_DIR),
    portalUrl: e.DVC_PORTAL_URL.replace(/\/+$/, ''),
    oneDoorDir: e.DVC_ONE_DOOR_DIR ? resolve(e.DVC_ONE_DOOR_DIR) : undefined,
    portalPauseMs: e.DVC_PORTAL_PAUSE_MS,
    portalTimeoutMs: e.DVC_PORTAL_TIMEOUT_MS,
    portalRetries: e.DVC_PORTAL_RETRIES,
    nightlyCron: e.DVC_NIGHTLY_CRON,
    provinces: e.DVC_PROVINCES,
    shutdownTimeoutMs: e.DVC_SHUTDOWN_TIMEOUT_MS,
    workerLockMs: e.DVC_WORKER_LOCK_MS,
    captureRetryDelayMs: e.DVC_CAPTURE_RETRY_DELAY_MS,
    logLevel: e.DVC_LOG_LEVEL,
    captureInlineMaxBytes: e.DVC_CAPTURE_INLINE_MAX_BYTES,
    quarantineMaxPerCapture: e.DVC_QUARANTINE_MAX_PER_CAPTURE,
    portalMaxAnswerBytes: e.DVC_PORTAL_MAX_ANSWER_BYTES,
    inputLimits: {
      xlsxMaxInflatedBytes: e.DVC_XLSX_MAX_INFLATED_BYTES,
      xlsxInMemoryMaxBytes: e.DVC_XLSX_IN_MEMORY_MAX_BYTES,
      abandonAfterBadRows: e.DVC_FILE_ABANDON_AFTER_BAD_ROWS,
    },
    adminToken: e.DVC_ADMIN_TOKEN,
    viewerToken: e.DVC_VIEWER_TOKEN,
    dashboardPort: e.DVC_DASHBOARD_PORT,
    dashboardHost: e.DVC_DASHBOARD_HOST,
  };
}
