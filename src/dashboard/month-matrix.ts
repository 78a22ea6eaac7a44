// The months page as data: a period × framework matrix with each month's snapshot status, published
// revision, completeness, last run and the freshness of every source, and whether the month is stale.
// Five indexed queries, whatever the number of runs (source freshness is kept by a trigger).
import { sql } from '../store/kysely.js';
import type { AppContext } from '../app-context.js';
import type { Db } from '../store/database.js';
import { periodKind, periodOfInstant, shiftPeriod, type Period } from '../core/period.js';
import { getFramework, PROVINCE_SEPARATOR } from '../frameworks/framework.js';
import { evaluationTitle, loadProvinceConfigs, selectedEvaluations } from '../pipeline/province-config.js';
import type { RunStatus } from '../../schema/tables.js';

export interface SourceFreshness {
  readonly source: string;
  readonly provinceCode: string;
  /** Last capture of this source and province that succeeded and delivered data for the month. */
  readonly lastSuccessAt: Date | null;
  readonly runId: number | null;
  /** The month's last finished run planned this source and it did not deliver. */
  readonly stale: boolean;
}

export interface MonthRunSummary {
  readonly id: number;
  readonly status: RunStatus;
  readonly trigger: string;
  readonly createdAt: Date;
  readonly finishedAt: Date | null;
  readonly error: string | null;
}

export interface MonthCell {
  readonly framework: string;
  readonly period: Period;
  /** published: a revision is published; incomplete: revisions exist, none published; none: no snapshot. */
  readonly status: 'published' | 'incomplete' | 'none';
  readonly publishedRevision: number | null;
  readonly latestRevision: number | null;
  readonly revisions: number;
  /** Completeness of the published revision (else of the latest); null without a snapshot. */
  readonly complete: boolean | null;
  readonly lastRun: MonthRunSummary | null;
  readonly freshness: readonly SourceFreshness[];
  readonly stale: boolean;
  readonly staleReasons: readonly string[];
}

export interface MonthMatrix {
  readonly from: Period;
  readonly to: Period;
  /** The province the columns are limited to (statistics code), or null for every framework. */
  readonly province: string | null;
  /** The provinces the frameworks of the window are evaluated for, to choose from (code, name). */
  readonly provinces: readonly { code: string; name: string }[];
  readonly frameworks: readonly { key: string; title: string }[];
  /** Newest first. */
  readonly periods: readonly Period[];
  readonly cells: readonly MonthCell[];
}

/** A month's period key (not a quarter or a year), as a Postgres regular expression. */
const MONTH_KEY = '^[0-9]{4}-[0-9]{2}$';

/** How many months the page shows by default. */
export const DEFAULT_MONTHS = 24;

/**
 * Reads the matrix for `from`..`to` (default: the 24 months ending with the newest month that has data).
 * @example (await monthMatrix(ctx)).cells.find((c) => c.period === '2023-09')?.publishedRevision // 1
 */
export async function monthMatrix(ctx: AppContext, window: { from?: Period; to?: Period; province?: string } = {}): Promise<MonthMatrix> {
  const db = ctx.store.db;
  let to = window.to;
  if (!to) {
    // Months only: a quarter ('2026-Q1') sorts after every month of its year and a year ('2026') before them.
    const newest = await sql<{ period: string | null }>`select greatest(
        (select max(period) from snapshots where period ~ ${MONTH_KEY}), (select max(period) from runs where period ~ ${MONTH_KEY})) as period`.execute(db);
    to = (newest.rows[0]?.period ?? null) as Period | null ?? undefined;
  }
  if (!to) {
    const all = configuredFrameworks(ctx, []);
    return { from: window.from ?? ('' as Period), to: '' as Period, ...byProvince(ctx, all, window.province), periods: [], cells: [] };
  }
  const from = window.from ?? shiftPeriod(to, 1 - DEFAULT_MONTHS);

  const [revisions, published, runs, freshness] = await Promise.all([
    db
      .selectFrom('snapshots')
      .select(['framework', 'period', sql<number>`max(revision)`.as('latest'), sql<number>`count(*)::int`.as('n'), sql<boolean>`(array_agg(complete order by revision desc))[1]`.as('latest_complete')])
      .where('period', '>=', from)
      .where('period', '<=', to)
      .groupBy(['framework', 'period'])
      .execute(),
    db
      .selectFrom('published_snapshots as p')
      .innerJoin('snapshots as s', 's.id', 'p.snapshot_id')
      .select(['p.framework', 'p.period', 's.revision', 's.complete'])
      .where('p.period', '>=', from)
      .where('p.period', '<=', to)
      .execute(),
    latestRuns(db, from, to),
    db.selectFrom('source_freshness').selectAll().where('period', '>=', from).where('period', '<=', to).execute(),
  ]);

  const key = (framework: string, period: string) => `${framework}|${period}`;
  const revisionsBy = new Map(revisions.map((r) => [key(r.framework, r.period), r]));
  const publishedBy = new Map(published.map((r) => [key(r.framework, r.period), r]));
  const runBy = new Map(runs.map((r) => [key(r.framework, r.period), r]));
  const freshnessBy = new Map<string, typeof freshness>();
  for (const f of freshness) {
    const k = key(f.framework, f.period);
    freshnessBy.set(k, [...(freshnessBy.get(k) ?? []), f]);
  }

  const months = new Set<string>();
  for (const map of [revisionsBy, publishedBy, runBy, freshnessBy]) for (const k of map.keys()) if (periodKind(k.split('|')[1] as Period) === 'month') months.add(k);
  const chosen = byProvince(ctx, configuredFrameworks(ctx, [...months].map((k) => k.split('|')[0]!)), window.province);
  const frameworks = chosen.frameworks;
  const earliest = [...months].map((k) => k.split('|')[1]!).sort()[0] ?? to;
  const periods: Period[] = [];
  for (let p = to; p >= earliest && p >= from; p = shiftPeriod(p, -1)) periods.push(p);

  const cells: MonthCell[] = [];
  for (const period of periods) {
    for (const { key: framework } of frameworks) {
      const k = key(framework, period);
      const rev = revisionsBy.get(k);
      const pub = publishedBy.get(k);
      const run = runBy.get(k);
      const lastRun: MonthRunSummary | null = run
        ? { id: run.id, status: run.status, trigger: run.trigger, createdAt: new Date(run.created_at), finishedAt: run.finished_at ? new Date(run.finished_at) : null, error: run.error }
        : null;
      const cellFreshness = sourceFreshness(lastRun, run?.sources ?? [], freshnessBy.get(k) ?? []);
      const status = pub ? 'published' : rev ? 'incomplete' : 'none';
      const reasons: string[] = [];
      if (!rev && !run) {
        cells.push({ framework, period, status, publishedRevision: null, latestRevision: null, revisions: 0, complete: null, lastRun, freshness: cellFreshness, stale: false, staleReasons: [] });
        continue;
      }
      if (!pub) reasons.push('chưa có bảng điểm được công bố');
      else if (rev && rev.latest > pub.revision) reasons.push(`phiên bản mới nhất (${rev.latest}) chưa đủ số liệu nên chưa công bố`);
      if (lastRun && (lastRun.status === 'failed' || lastRun.status === 'cancelled')) reasons.push(`lượt chạy gần nhất #${lastRun.id} ${lastRun.status === 'failed' ? 'thất bại' : 'đã bị huỷ'}`);
      const staleSources = cellFreshness.filter((f) => f.stale).map((f) => `${f.source}/${f.provinceCode}`);
      if (staleSources.length) reasons.push(`nguồn chưa lấy được ở lượt gần nhất: ${staleSources.join(', ')}`);
      cells.push({
        framework,
        period,
        status,
        publishedRevision: pub?.revision ?? null,
        latestRevision: rev?.latest ?? null,
        revisions: rev?.n ?? 0,
        complete: pub ? pub.complete : (rev?.latest_complete ?? null),
        lastRun,
        freshness: cellFreshness,
        stale: reasons.length > 0,
        staleReasons: reasons,
      });
    }
  }
  return { from, to, ...chosen, periods, cells };
}

/**
 * The newest run of each (framework, month) in the window. A month can have hundreds of runs (two
 * nightly runs a day, retries, re-runs), so instead of sorting them all this walks the
 * (period, framework, id desc) index: a skip scan to the next month, then one probe for its newest run.
 */
async function latestRuns(db: Db, from: Period, to: Period) {
  const result = await sql<{
    id: number;
    framework: string;
    period: string;
    status: RunStatus;
    trigger: string;
    created_at: Date;
    finished_at: Date | null;
    error: string | null;
    sources: string[];
  }>`
    with recursive months(period, framework) as (
      (select period, framework from runs where period >= ${from} and period <= ${to} order by period, framework limit 1)
      union all
      select next.period, next.framework from months m cross join lateral (
        select period, framework from runs where (period, framework) > (m.period, m.framework) and period <= ${to}
        order by period, framework limit 1) next
    )
    select r.id, r.framework, r.period, r.status, r.trigger, r.created_at, r.finished_at, r.error, r.sources
    from months m cross join lateral (
      select * from runs where period = m.period and framework = m.framework order by id desc limit 1) r`.execute(db);
  return result.rows;
}

/**
 * The frameworks of one province (a framework fixed to it, or one evaluated for it: `qd766-2022@52`), with
 * the provinces there are to choose from; a deployment running every province has 34 columns otherwise.
 */
function byProvince(ctx: AppContext, all: readonly { key: string; title: string }[], province: string | undefined) {
  const provinceOf = (key: string): string | null => {
    try {
      return getFramework(key, ctx.frameworks).scope?.provinceCode ?? null;
    } catch {
      return null; // a framework no longer configured: listed under every province only
    }
  };
  const codes = [...new Set(all.map((f) => provinceOf(f.key)).filter((c): c is string => c !== null))].sort();
  const today = periodOfInstant(new Date());
  const provinces = codes.map((code) => ({ code, name: ctx.registry.province(code, today)?.name ?? `Tỉnh mã ${code}` }));
  return { province: province ?? null, provinces, frameworks: province ? all.filter((f) => provinceOf(f.key) === province) : [...all] };
}

/** Frameworks with data in the window, then those the selected provinces (DVC_PROVINCES) are evaluated under, titled from the framework files. */
function configuredFrameworks(ctx: AppContext, withData: readonly string[]): { key: string; title: string }[] {
  const configs = loadProvinceConfigs();
  const synced = selectedEvaluations(configs, ctx.config.provinces).map((e) => e.framework);
  const keys = [...new Set(withData)].sort();
  for (const key of synced) if (!keys.includes(key) && ctx.frameworks.has(key.split(PROVINCE_SEPARATOR)[0]!)) keys.push(key);
  return keys.map((key) => ({ key, title: evaluationTitle(key, ctx.frameworks, configs) }));
}

function sourceFreshness(
  lastRun: MonthRunSummary | null,
  planned: readonly string[],
  rows: readonly { source: string; province_code: string; last_success_at: Date; run_id: number }[],
): SourceFreshness[] {
  const finished = lastRun && !['queued', 'running'].includes(lastRun.status);
  const byTask = new Map(rows.map((r) => [`${r.source}:${r.province_code}`, r]));
  const tasks = new Set(rows.map((r) => `${r.source}:${r.province_code}`));
  for (const name of planned) {
    const [kind, source, province] = name.split(':');
    if (kind === 'capture' && source && province) tasks.add(`${source}:${province}`);
  }
  const plannedTasks = new Set(planned.map((n) => n.replace(/^capture:/, '')));
  return [...tasks].sort().map((task) => {
    const [source, provinceCode] = task.split(':') as [string, string];
    const row = byTask.get(task);
    const lastSuccessAt = row ? new Date(row.last_success_at) : null;
    const stale = Boolean(finished && plannedTasks.has(task) && (!lastSuccessAt || lastSuccessAt < lastRun!.createdAt));
    return { source, provinceCode, lastSuccessAt, runId: row?.run_id ?? null, stale };
  });
}
