// Circuit-breaker state per source in Postgres, shared by every worker process and surviving
// restarts: once open, it stays open until an operator resets it.
import type { Db } from './database.js';
import type { CircuitBreakerState, CircuitBreakerStore } from '../core/circuit-breaker.js';

/**
 * The breaker store the pipeline uses (the portal connectors take it by injection).
 * @example await new PostgresCircuitBreakerStore(db).reset('portal')
 */
export class PostgresCircuitBreakerStore implements CircuitBreakerStore {
  constructor(private readonly db: Db) {}

  async get(source: string): Promise<CircuitBreakerState> {
    const row = await this.db.selectFrom('source_state').selectAll().where('source', '=', source).executeTakeFirst();
    return row?.breaker_open ? { open: true, reason: row.reason, openedAt: row.opened_at ? new Date(row.opened_at) : null } : { open: false, reason: null, openedAt: null };
  }

  async open(source: string, reason: string): Promise<void> {
    // Keep the first reason and time when it is already open.
    await this.db
      .insertInto('source_state')
      .values({ source, breaker_open: true, reason, opened_at: new Date(), updated_at: new Date() })
      .onConflict((oc) =>
        oc
          .column('source')
          .doUpdateSet({ breaker_open: true, reason, opened_at: new Date(), updated_at: new Date() })
          .where('source_state.breaker_open', '=', false),
      )
      .execute();
  }

  async reset(source: string): Promise<void> {
    await this.db
      .insertInto('source_state')
      .values({ source, breaker_open: false, reason: null, opened_at: null, updated_at: new Date() })
      .onConflict((oc) => oc.column('source').doUpdateSet({ breaker_open: false, reason: null, opened_at: null, updated_at: new Date() }))
      .execute();
  }

  /** Every source's state, for `sources` commands and the dashboard. */
  async all(): Promise<{ source: string; open: boolean; reason: string | null; openedAt: Date | null; updatedAt: Date }[]> {
    const rows = await this.db.selectFrom('source_state').selectAll().orderBy('source').execute();
    return rows.map((r) => ({ source: r.source, open: r.breaker_open, reason: r.reason, openedAt: r.opened_at ? new Date(r.opened_at) : null, updatedAt: new Date(r.updated_at) }));
  }
}
