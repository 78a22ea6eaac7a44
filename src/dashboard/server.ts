// The ops dashboard's HTTP server: express with login (two roles), CSRF protection for browser
// actions, strict security headers, bull-board in queue mode, the JSON API and the Vietnamese pages.
// The server embeds no pipeline logic: re-runs go through the RunLauncher it is given.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isIP } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AppContext } from '../app-context.js';
import type { PipelineQueues } from '../../jobs/queues.js';
import { hasTokens, principalOf, requireAdmin, requireLogin, type DashboardTokens } from './auth.js';
import { createCsrfGuard, csrfProtection } from './csrf.js';
import { createDashboardMetrics } from './metrics.js';
import { html } from './pages/html.js';
import { queueBoards } from './queue-board.js';
import { apiErrorStatus, apiRouter } from './routes-api.js';
import { pagesRouter } from './routes-pages.js';
import type { RunLauncher } from './run-launcher.js';

export interface DashboardOptions {
  readonly ctx: AppContext;
  /** How re-runs start (inline in this process, or a BullMQ flow). */
  readonly launcher: RunLauncher;
  /** The pipeline's queues (bull-board, queue depths, Redis health); null = embedded mode. */
  readonly queues?: PipelineQueues | null;
  /** Default: DVC_ADMIN_TOKEN / DVC_VIEWER_TOKEN from the context's configuration. */
  readonly tokens?: DashboardTokens;
  /** Where the server listens; on a loopback address, requests must name a loopback host (DNS rebinding). */
  readonly host?: string;
  /** Secret of the CSRF tokens (default: random per process). */
  readonly csrfSecret?: Buffer;
}

export class DashboardConfigError extends Error {
  readonly code = 'DASHBOARD_CONFIG';
}

/**
 * True for 127.0.0.0/8, ::1 and localhost.
 * @example isLoopbackHost('127.0.0.1') // true; isLoopbackHost('0.0.0.0') // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1' || h === '0:0:0:0:0:0:0:1' || h.startsWith('::ffff:127.');
  return false;
}

/**
 * Refuses a configuration that would expose the dashboard: no token on a non-loopback address, or one token for both roles.
 * @example assertSafeBinding('0.0.0.0', {}) // throws DashboardConfigError
 */
export function assertSafeBinding(host: string, tokens: DashboardTokens): void {
  if (!hasTokens(tokens) && !isLoopbackHost(host)) {
    throw new DashboardConfigError(
      `Không khởi động bảng điều khiển trên địa chỉ ${host}: chưa đặt DVC_ADMIN_TOKEN hay DVC_VIEWER_TOKEN. Đặt mã truy cập, hoặc chỉ nghe trên 127.0.0.1 (--host 127.0.0.1).`,
    );
  }
  if (tokens.admin && tokens.admin === tokens.viewer) {
    throw new DashboardConfigError('DVC_ADMIN_TOKEN và DVC_VIEWER_TOKEN phải khác nhau (một mã không thể vừa chỉ xem vừa quản trị).');
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Adds `Server-Timing: app;dur=…` (time spent in this server) and logs each request without its headers. */
function timingAndLog(ctx: AppContext) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: Parameters<typeof writeHead>) {
      if (!res.headersSent) res.setHeader('Server-Timing', `app;dur=${elapsed().toFixed(1)}`);
      return writeHead.apply(this, args);
    } as typeof writeHead;
    res.on('finish', () => {
      const entry = { method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(elapsed()), role: (res.locals.principal as { role?: string } | undefined)?.role ?? null };
      if (SAFE_METHODS.has(req.method) && res.statusCode < 400) ctx.logger.debug(entry, 'http');
      else ctx.logger.info(entry, 'http');
    });
    next();
  };
}

function loopbackHostOnly(req: Request, res: Response, next: NextFunction): void {
  const host = req.get('host');
  const name = host ? host.replace(/:\d+$/, '') : undefined;
  if (name === undefined || isLoopbackHost(name)) {
    next();
    return;
  }
  res.status(421).type('text/plain; charset=utf-8').send(`Bảng điều khiển chỉ nghe trên địa chỉ nội bộ; tên máy '${name}' không được chấp nhận.`);
}

// Referrer-Policy same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on
// our own form posts, which the CSRF check must treat as cross-site.
function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'DENY', 'Cache-Control': 'no-store' });
  // bull-board's UI brings its own scripts and styles; our pages use none inline.
  if (!req.path.startsWith('/queues')) {
    res.set(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  } else {
    res.set('Content-Security-Policy', "frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
  }
  next();
}

/**
 * Builds the dashboard application (not listening; see startDashboard).
 * @example const app = createDashboardApp({ ctx, launcher: inlineRunLauncher(ctx), queues: null })
 */
export function createDashboardApp(options: DashboardOptions): Express {
  const { ctx, launcher } = options;
  const queues = options.queues ?? null;
  const tokens = options.tokens ?? { admin: ctx.config.adminToken, viewer: ctx.config.viewerToken };
  const csrf = createCsrfGuard(options.csrfSecret);
  const metrics = createDashboardMetrics(ctx, queues);
  const app = express();
  app.disable('x-powered-by');
  app.use(timingAndLog(ctx));
  if (!options.host || isLoopbackHost(options.host)) app.use(loopbackHostOnly);
  app.use(securityHeaders);
  app.use(requireLogin(tokens));
  app.use(express.json({ limit: '64kb' }), express.urlencoded({ extended: false, limit: '64kb' }));
  app.use(csrfProtection(csrf));
  if (queues) {
    const boards = queueBoards(queues);
    app.use('/queues', (req, res, next) => {
      if (!SAFE_METHODS.has(req.method)) {
        requireAdmin(req, res, () => boards.admin(req, res, next));
        return;
      }
      (principalOf(res).role === 'admin' ? boards.admin : boards.viewer)(req, res, next);
    });
  }
  app.use(apiRouter({ ctx, launcher, queues, metrics }));
  app.use(pagesRouter({ ctx, launcher, csrf, open: !hasTokens(tokens), hasQueues: queues !== null }));

  app.use((req: Request, res: Response) => {
    const message = `Không có trang ${req.path}`;
    if (req.path.startsWith('/api/')) res.status(404).json({ error: 'NOT_FOUND', message });
    else res.status(404).type('html').send(html`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Không tìm thấy</title><p>${message}. <a href="/thang">Các tháng</a></p></html>`.value);
  });
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const known = apiErrorStatus(error);
    const status = known?.status ?? (error.status && error.status >= 400 && error.status < 500 ? error.status : 500);
    const message = status === 500 ? 'Lỗi máy chủ; chi tiết trong nhật ký (log) của bảng điều khiển.' : error.type === 'entity.parse.failed' ? 'Nội dung JSON không hợp lệ' : error.message;
    if (status === 500) ctx.logger.error({ method: req.method, path: req.originalUrl.split('?')[0], err: { message: error.message, stack: error.stack } }, 'dashboard request failed');
    if (res.headersSent) return;
    if (req.path.startsWith('/api/') || !req.accepts('html')) res.status(status).json({ error: known?.code ?? (status === 500 ? 'INTERNAL' : 'BAD_REQUEST'), message });
    else res.status(status).type('html').send(html`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Lỗi</title><p>${message}</p><p><a href="/thang">Các tháng</a></p></html>`.value);
  });
  return app;
}

export interface DashboardServer {
  readonly url: string;
  readonly port: number;
  readonly host: string;
  readonly server: Server;
  /** Stops accepting requests, closes open connections and waits for inline runs to end. */
  close(): Promise<void>;
}

/**
 * Starts the dashboard on host:port (port 0 = any free port).
 * @example const dashboard = await startDashboard({ ctx, launcher, queues: null, host: '127.0.0.1', port: 3000 })
 */
export async function startDashboard(options: DashboardOptions & { readonly host: string; readonly port: number }): Promise<DashboardServer> {
  const tokens = options.tokens ?? { admin: options.ctx.config.adminToken, viewer: options.ctx.config.viewerToken };
  assertSafeBinding(options.host, tokens);
  const app = createDashboardApp({ ...options, tokens });
  const server = createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new DashboardConfigError(`Cổng ${options.port} trên ${options.host} đang được dùng; chọn cổng khác (--port).`) : error),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    host: address.address,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      await options.launcher.idle();
    },
  };
}
