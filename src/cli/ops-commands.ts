// Commands for the engineer on call in a shell: what was quarantined for a month, and the state of
// the installation (store, queue, scheduler and workers, circuit breakers, last runs).
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { readLiveness } from '../runs/heartbeat.js';
import { listRuns } from '../runs/run-store.js';
import { deploymentNamespace } from '../store/deployment.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import type { CliIo } from './cli-io.js';
import { describeRun, problemText, provinceNames } from './cli-text.js';
import { loadProvinceConfigs, selectedEvaluations, selectionText } from '../pipeline/province-config.js';
import { clockTime } from '../text/time-text.js';
import { label, SOURCE_LABELS } from '../text/labels.js';
import { type SourceLocation, describeLocation } from '../core/source.js';
import { periodText } from '../text/period-text.js';

export async function runQuarantine(ctx: AppContext, io: CliIo, opts: { period: Period; source?: string; limit: number }): Promise<void> {
  let query = ctx.store.db
    .selectFrom('quarantine as q')
    .leftJoin('captures as c', 'c.id', 'q.capture_id')
    .select(['q.id', 'q.source', 'q.location', 'q.found', 'q.expected', 'q.reason', 'q.created_at', 'c.file_name'])
    .where('q.period', '=', opts.period);
  if (opts.source) query = query.where('q.source', '=', opts.source);
  const rows = await query.orderBy('q.id', 'desc').limit(opts.limit).execute();
  if (!rows.length) {
    io.out(`${periodText(opts.period, { capital: true })}: không có dòng/ô nào bị cách ly${opts.source ? ` từ nguồn ${label(SOURCE_LABELS, opts.source)}` : ''}.`);
    return;
  }
  io.out(`${periodText(opts.period, { capital: true })}: ${rows.length} vấn đề gần nhất${rows.length === opts.limit ? ` (giới hạn ${opts.limit}; dùng --limit để xem thêm)` : ''}`);
  for (const r of rows) {
    const location = r.location as SourceLocation;
    const where = describeLocation(location, r.file_name);
    io.out(`#${r.id} [${label(SOURCE_LABELS, r.source)}] ${problemText(where, r)}`);
  }
}

export async function runStatus(ctx: AppContext, io: CliIo): Promise<void> {
  const db = ctx.store.db;
  io.out(`Kho dữ liệu: ${ctx.store.backend} (${ctx.store.location})`);
  // The namespace tells which workers can take this database's jobs (only those started against it).
  io.out(`Hàng đợi: ${ctx.config.redisUrl ? `Redis (các bước chạy trên worker), không gian tên ${await deploymentNamespace(db)}` : 'không dùng Redis — các bước chạy ngay trong tiến trình'}`);
  const { scheduler, workers } = await readLiveness(db);
  io.out(`Lịch chạy hằng đêm: ${scheduler ? `tín hiệu gần nhất ${scheduler.ageSeconds} s trước (${scheduler.instance})` : 'chưa thấy tiến trình scheduler nào'}`);
  io.out(`Worker đang sống: ${workers.length}${workers.length ? ` (${workers.map((w) => w.instance).join(', ')})` : ''}`);
  const breakers = await new PostgresCircuitBreakerStore(db).all();
  const open = breakers.filter((b) => b.open);
  io.out(
    open.length
      ? `Cầu dao đang MỞ: ${open.map((b) => `${label(SOURCE_LABELS, b.source)} từ ${clockTime(b.openedAt)} (${b.reason ?? ''})`).join('; ')} — xử lý rồi chạy 'dvc-sync sources reset --source <nguồn>'`
      : 'Cầu dao các nguồn: đều đóng',
  );
  const evaluations = selectedEvaluations(loadProvinceConfigs(), ctx.config.provinces);
  const names = evaluations.flatMap((e) => e.provinces.map((p) => `${p.name} (${e.framework})`));
  io.out(`Tỉnh đồng bộ hằng đêm (${selectionText(ctx.config.provinces)}): ${names.length ? names.join(', ') : 'không có'}`);
  const runs = await listRuns(db, { limit: 5 });
  io.out(runs.length ? 'Các lượt chạy gần nhất:' : 'Chưa có lượt chạy nào.');
  for (const run of runs) io.out(`  ${describeRun(run, provinceNames(ctx))}`);
}
