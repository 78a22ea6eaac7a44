// Shared setup of the dashboard tests: tokens, an in-memory log to inspect, HTTP helpers with
// either credential style, and a fake portal dataset with one commune the registry does not know
// (so a sync quarantines a row with its endpoint and unit).
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { dienBienPhuPortalDataset, type FakePortalDataset } from '../support/fake-portal.js';

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
