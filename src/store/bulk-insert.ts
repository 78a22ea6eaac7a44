// Bulk inserts as one statement with one array parameter per column (INSERT … SELECT FROM unnest):
// thousands of rows cost one parameter per column instead of one per value, on Postgres and PGlite.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './database.js';

export type ColumnType = 'int4' | 'text' | 'float8' | 'jsonb' | 'bool';

const CHUNK = 20_000;

/**
 * `(col, …) SELECT … FROM unnest($1::type[], …)` for rows given column-wise; values are bound as
 * parameters, never spliced into SQL. Compose it into an INSERT (see bulkInsert).
 * @example sql`insert into t ${unnestRows({ a: 'int4' }, [{ a: 1 }])}`
 */
export function unnestRows<Row extends Record<string, unknown>>(columns: Readonly<Record<keyof Row & string, ColumnType>>, rows: readonly Row[]): RawBuilder<unknown> {
  const names = Object.keys(columns) as (keyof Row & string)[];
  const arrays = names.map((name) => {
    const type = columns[name];
    const values = rows.map((row) => {
      const value = row[name];
      // jsonb travels as text[] and is cast per element: a JS array parameter is a Postgres array.
      return type === 'jsonb' && value !== null && value !== undefined && typeof value !== 'string' ? JSON.stringify(value) : (value ?? null);
    });
    return sql`${values}::${sql.raw(type === 'jsonb' ? 'text' : type)}[]`;
  });
  const selects = names.map((name, i) => (columns[name] === 'jsonb' ? sql`${sql.ref(`u.c${i}`)}::jsonb` : sql.ref(`u.c${i}`)));
  return sql`(${sql.join(names.map((n) => sql.ref(n)))})
    select ${sql.join(selects)} from unnest(${sql.join(arrays)}) as u(${sql.join(names.map((_, i) => sql.raw(`c${i}`)))})`;
}

/** Runs `statement` for each chunk of rows (bounded parameter sizes for very large captures). */
export async function forEachChunk<Row>(rows: readonly Row[], statement: (chunk: readonly Row[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) await statement(rows.slice(start, start + CHUNK));
}

/**
 * Inserts rows given column-wise.
 * @example await bulkInsert(db, 'metric_values', { capture_id: 'int4', metric: 'text' }, [{ capture_id: 1, metric: 'paid_online' }])
 */
export async function bulkInsert<Row extends Record<string, unknown>>(db: Db, table: string, columns: Readonly<Record<keyof Row & string, ColumnType>>, rows: readonly Row[]): Promise<void> {
  await forEachChunk(rows, (chunk) => sql`insert into ${sql.table(table)} ${unnestRows(columns, chunk)}`.execute(db));
}
