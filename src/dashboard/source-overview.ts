// The sources page as data: circuit-breaker state per source, the last capture of each source (time,
// size) with totals, the last successful capture per source and province, and where sources
// disagree for a month.
import { sql } from '../store/kysely.js';
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { reconcileSources, type SourceDisagreement } from '../reconcile/reconcile-sources.js';
import { PostgresCircuitBreakerStore } from '../store/source-state-store.js';
import { SYNC_SOURCES } from '../core/source.js';

export interface BreakerState {
  readonly source: string;
  readonly open: boolean;
  readonly reason: string | null;
  readonly openedAt: Date | null;
  readonly updatedAt: Date | null;
}

export interface SourceCaptures {
  readonly source: string;
  readonly lastCapturedAt: Date;
  readonly lastSizeBytes: number;
  readonly lastFileName: string | null;
  readonly lastPeriod: string | null;
  readonly captures: number;
  readonly totalBytes: number;
}

export interface ProvinceFreshness {
  readonly source: string;
  readonly provinceCode: string;
  readonly lastSuccessAt: Date;
  readonly period: string;
  readonly framework: string;
  readonly runId: number;
}

export interface SourceOverview {
  readonly breakers: readonly BreakerState[];
  readonly captures: readonly SourceCaptures[];
  readonly freshness: readonly ProvinceFreshness[];
  readonly reconciliation: { readonly period: Period | null; readonly differences: readonly SourceDisagreement[] };
}

/** Sources whose failures open a circuit breaker (the portal APIs). */
const BREAKER_SOURCES = SYNC_SOURCES.filter((s) => s.startsWith('portal'));

/**
 * Reads the overview; reconciliation is for `period`, default the newest month with metric values.
 * @example (await sourceOverview(ctx)).breakers.find((b) => b.source === 'portal')?.open // false
 */
export async function sourceOverview(ctx: AppContext, period?: Period): Promise<SourceOverview> {
  const db = ctx.store.db;
  const [states, latest, totals, freshness, newest] = await Promise.all([
    new PostgresCircuitBreakerStore(db).all(),
    db
      .selectFrom('captures')
      .select(['source', 'captured_at', 'size_bytes', 'file_name', 'period'])
      .distinctOn('source')
      .orderBy('source')
      .orderBy('captured_at', 'desc')
      .execute(),
    db
      .selectFrom('captures')
      .select(['source', sql<number>`count(*)::int`.as('n'), sql<number>`coalesce(sum(size_bytes), 0)::float8`.as('bytes')])
      .groupBy('source')
      .execute(),
    db
      .selectFrom('source_freshness')
      .selectAll()
      .distinctOn(['source', 'province_code'])
      .orderBy('source')
      .orderBy('province_code')
      .orderBy('last_success_at', 'desc')
      .execute(),
    period ? Promise.resolve(period) : db.selectFrom('metric_values').select((eb) => eb.fn.max('period').as('p')).executeTakeFirst().then((r) => (r?.p ?? null) as Period | null),
  ]);
  const stateBy = new Map(states.map((s) => [s.source, s]));
  const breakers: BreakerState[] = [...new Set([...BREAKER_SOURCES, ...states.map((s) => s.source)])].map((source) => {
    const s = stateBy.get(source);
    return { source, open: s?.open ?? false, reason: s?.reason ?? null, openedAt: s?.openedAt ?? null, updatedAt: s?.updatedAt ?? null };
  });
  const totalBy = new Map(totals.map((t) => [t.source, t]));
  const reconcilePeriod = newest;
  return {
    breakers,
    captures: latest.map((c) => ({
      source: c.source,
      lastCapturedAt: new Date(c.captured_at),
      lastSizeBytes: c.size_bytes,
      lastFileName: c.file_name,
      lastPeriod: c.period,
      captures: totalBy.get(c.source)?.n ?? 0,
      totalBytes: totalBy.get(c.source)?.bytes ?? 0,
    })),
    freshness: freshness.map((f) => ({
      source: f.source,
      provinceCode: f.province_code,
      lastSuccessAt: new Date(f.last_success_at),
      period: f.period,
      framework: f.framework,
      runId: f.run_id,
    })),
    reconciliation: { period: reconcilePeriod, differences: reconcilePeriod ? await reconcileSources(ctx, reconcilePeriod) : [] },
  };
}

/** The sources an operator may reset (known sync sources and any with a stored state). */
export function isKnownSource(source: string): boolean {
  return (SYNC_SOURCES as readonly string[]).includes(source);
}
