// `dvc-sync dashboard`: serves the ops dashboard until SIGINT/SIGTERM, then closes cleanly (stops
// accepting requests, waits for runs it started in-process, closes the queues).
import { hostname } from 'node:os';
import { openQueues, queueTarget } from '../../jobs/queues.js';
import type { AppContext } from '../app-context.js';
import { inlineRunLauncher, queueRunLauncher } from '../dashboard/run-launcher.js';
import { startDashboard } from '../dashboard/server.js';
import { beatHeart } from '../runs/heartbeat.js';
import type { CliIo } from './cli-io.js';

export interface DashboardCommandOptions {
  readonly port?: number;
  readonly host?: string;
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/**
 * Runs the dashboard (queue mode when REDIS_URL is set, embedded otherwise) until a signal arrives.
 * @example await runDashboard(ctx, io, { port: 3000, host: '127.0.0.1' })
 */
export async function runDashboard(ctx: AppContext, io: CliIo, opts: DashboardCommandOptions, stop: () => Promise<string> = untilSignal): Promise<void> {
  const host = opts.host ?? ctx.config.dashboardHost;
  const port = opts.port ?? ctx.config.dashboardPort;
  const target = ctx.config.redisUrl ? await queueTarget(ctx.store.db, ctx.config.redisUrl) : null;
  const queues = target ? openQueues(target) : null;
  const launcher = target ? queueRunLauncher(ctx, target) : inlineRunLauncher(ctx);
  try {
    const dashboard = await startDashboard({ ctx, launcher, queues, host, port });
    const instance = `${hostname()}:${process.pid}`;
    const beat = () => beatHeart(ctx.store.db, 'dashboard', instance, { url: dashboard.url }).catch((e: Error) => ctx.logger.warn({ err: e.message }, 'heartbeat failed'));
    void beat();
    const timer = setInterval(beat, 15_000);
    timer.unref();
    const roles = [ctx.config.adminToken ? 'quản trị (DVC_ADMIN_TOKEN)' : null, ctx.config.viewerToken ? 'chỉ xem (DVC_VIEWER_TOKEN)' : null].filter(Boolean);
    io.err(
      `Bảng điều khiển: ${dashboard.url}/ — ${target ? `hàng đợi Redis (${target.prefix})` : 'chế độ nhúng (chạy trong tiến trình)'}; ` +
        `${roles.length ? `đăng nhập bằng mã ${roles.join(' hoặc ')}` : 'chưa đặt mã truy cập: chỉ máy này truy cập được, với quyền quản trị'}. Ctrl+C để dừng.`,
    );
    const signal = await stop();
    io.err(`Nhận ${signal}: dừng bảng điều khiển…`);
    clearInterval(timer);
    await dashboard.close();
    io.err('Bảng điều khiển đã dừng.');
  } finally {
    await queues?.close();
  }
}
