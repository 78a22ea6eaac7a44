// /metrics in Prometheus format (prom-client): runs by status, the last duration of each stage,
// queue depths, capture bytes, quarantine counts, live workers and the scheduler's heartbeat age.
// Values are read from Postgres and Redis at scrape time, so every dashboard replica reports the same.
import { sql } from '../store/kysely.js';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { AppContext } from '../app-context.js';
import type { PipelineQueues } from '../../jobs/queues.js';
import { checkHealth } from './health.js';

export interface DashboardMetrics {
  readonly contentType: string;
  /** Refreshes every gauge and renders the exposition text. */
  render(): Promise<string>;
}

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * A registry of its own (not prom-client's global one), so several servers can live in one process.
 * @example const metrics = createDashboardMetrics(ctx, queues); res.type(metrics.contentType).send(await metrics.render())
 */
export function createDashboardMetrics(ctx: AppContext, queues: PipelineQueues | null): DashboardMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'dvc_dashboard_' });
  const gauge = <T extends string>(name: string, help: string, labelNames: readonly T[]) => new Gauge<T>({ name, help, labelNames, registers: [registry] });
  const runs = gauge('dvc_runs', 'Runs recorded in Postgres, by status', ['status']);
  const lastSuccess = gauge('dvc_last_successful_run_timestamp_seconds', 'End of the last successful run, per framework', ['framework']);
  const stageDuration = gauge('dvc_stage_duration_seconds', 'Duration of the last finished execution of each stage', ['stage', 'status']);
  const queueJobs = gauge('dvc_queue_jobs', 'Jobs in each BullMQ queue, by state', ['queue', 'state']);
  const captureBytes = gauge('dvc_capture_bytes', 'Bytes of archived raw captures, per source', ['source']);
  const captures = gauge('dvc_captures', 'Archived raw captures, per source', ['source']);
  const quarantine = gauge('dvc_quarantine_rows', 'Quarantined rows and cells, per source', ['source']);
  const workers = gauge('dvc_workers', 'Workers alive: a heartbeat within the last 90 s (src/runs/heartbeat.ts)', []);
  const schedulerAge = gauge('dvc_scheduler_heartbeat_age_seconds', "Seconds since the scheduler's last heartbeat (absent: never seen)", []);

  async function refresh(): Promise<void> {
    const db = ctx.store.db;
    const [byStatus, successes, stages, bytes, problems, health, depths] = await Promise.all([
      db.selectFrom('runs').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute(),
      db.selectFrom('runs').select(['framework', sql<Date>`max(finished_at)`.as('at')]).where('status', '=', 'succeeded').groupBy('framework').execute(),
      // The newest finished execution of each stage name among the last 200 runs.
      sql<{ name: string; status: string; ms: number }>`
        select distinct on (st->>'name') st->>'name' as name, st->>'status' as status, (st->>'ms')::float8 as ms
        from (select id, stages from runs order by id desc limit 200) r cross join lateral jsonb_array_elements(r.stages) st
        where st->>'ms' is not null
        order by st->>'name', r.id desc`.execute(db),
      db.selectFrom('captures').select(['source', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(size_bytes), 0)::float8`.as('bytes')]).groupBy('source').execute(),
      db.selectFrom('quarantine').select(['source', sql<number>`count(*)::int`.as('n')]).groupBy('source').execute(),
      checkHealth(ctx, queues),
      queues ? Promise.all(queues.all.map(async (q) => ({ name: q.name, counts: await q.getJobCounts(...QUEUE_STATES) }))) : Promise.resolve([]),
    ]);
    for (const metric of [runs, lastSuccess, stageDuration, queueJobs, captureBytes, captures, quarantine, schedulerAge]) metric.reset();
    for (const status of ['queued', 'running', 'succeeded', 'failed', 'cancelled']) runs.set({ status }, byStatus.find((r) => r.status === status)?.n ?? 0);
    for (const s of successes) if (s.at) lastSuccess.set({ framework: s.framework }, new Date(s.at).getTime() / 1000);
    for (const s of stages.rows) stageDuration.set({ stage: s.name, status: s.status }, s.ms / 1000);
    for (const c of bytes) {
      captureBytes.set({ source: c.source }, c.bytes);
      captures.set({ source: c.source }, c.n);
    }
    for (const q of problems) quarantine.set({ source: q.source }, q.n);
    for (const q of depths) for (const state of QUEUE_STATES) queueJobs.set({ queue: q.name, state }, q.counts[state] ?? 0);
    workers.set(health.workers.count);
    if (health.scheduler.ageSeconds !== null) schedulerAge.set(health.scheduler.ageSeconds);
  }

  return {
    contentType: registry.contentType,
    async render() {
      await refresh();
      return registry.metrics();
    },
  };
}
