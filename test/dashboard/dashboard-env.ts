// Shared setup of the dashboard tests: tokens, an in-memory log to inspect, HTTP helpers with
// either credential style, and a fake portal dataset with one commune the registry does not know
// (so a sync quarantines a row with its endpoint and unit).
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { openQueues } from '../../jobs/queues.js';
import { startWorkers } from '../../jobs/workers.js';
import type { AppContext } from '../../src/app-context.js';
import { inlineRunLauncher, queueRunLauncher } from '../../src/dashboard/run-launcher.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { dienBienPhuPortalDataset, type FakePortalDataset } from '../support/fake-portal.js';
import { queueWorld } from '../support/queue-env.js';

export const ADMIN_TOKEN = 'admin-token-7f3c9e1b2d4a6f80';
export const VIEWER_TOKEN = 'viewer-token-5b8d2e4f6a1c3e97';

/** A pino logger (same redaction as the app's) writing JSON lines into `lines`. */
export function memoryLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const logger = pino(
    { level: 'debug', redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'password', '*.password'], censor: '***' } },
    stream,
  );
  return { logger, lines };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
export const basic = (token: string, user = 'truc-ca') => ({ Authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}` });

/** The example month's portal, plus a commune that is in no unit registry. */
export function portalWithUnknownCommune(): FakePortalDataset {
  const original = dienBienPhuPortalDataset();
  const [province] = original.provinces;
  return {
    ...original,
    provinces: [
      {
        ...province!,
        units: [...province!.units, { departmentId: 'ffffffff-0000-4000-8000-000000000001', departmentName: 'UBND xã Không Có Thật', metrics: { fee_dossiers: 10, paid_online: 3 } }],
      },
    ],
  };
}

/** Fetch against the dashboard with a path and optional headers/body. */
export async function call(base: string, path: string, init: { method?: string; headers?: Record<string, string>; json?: unknown; form?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(init.form).toString();
  }
  return fetch(`${base}${path}`, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
}

/**
 * A dashboard over a queue world (fake portal with an unknown commune, the 2023-09 one-door export,
 * a fresh Postgres database and its own Redis namespace): `launcher` 'inline' runs re-runs in this
 * process, 'queue' enqueues them for workers started here (`workers` of them at a time).
 * @example const world = await dashboardWorld({ launcher: 'queue', workers: 2 }); … await world.close()
 */
export async function dashboardWorld(options: { launcher: 'inline' | 'queue'; workers?: number; env?: Record<string, string>; logger?: Logger }) {
  const world = await queueWorld({}, options.env ?? {}, portalWithUnknownCommune());
  const ctx: AppContext = options.logger ? { ...world.ctx, logger: options.logger } : world.ctx;
  const queues = openQueues(world.redis.target);
  const workers = options.workers ? startWorkers(ctx, world.redis.target, { concurrency: options.workers }) : null;
  const launcher = options.launcher === 'queue' ? queueRunLauncher(ctx, world.redis.target) : inlineRunLauncher(ctx);
  const dashboard = await startDashboard({ ctx, launcher, queues, host: '127.0.0.1', port: 0, tokens: { admin: ADMIN_TOKEN, viewer: VIEWER_TOKEN } });
  return {
    ...world,
    ctx,
    queues,
    dashboard,
    async close() {
      await dashboard.close();
      await workers?.close(5000);
      await queues.close();
      await world.dispose();
    },
  };
}
