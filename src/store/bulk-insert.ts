// Bulk inserts as one statement with one JSON parameter for all its rows (INSERT … SELECT FROM
// jsonb_to_recordset): thousands of rows cost one parameter, written by JSON.stringify and parsed once
// by Postgres, on Postgres and PGlite alike. One array per column, the earlier form, made node-pg
// escape every element into one long array literal: ≈ 2.3× the client CPU for a capture's 6,000
// values with their locations, for the same time in Postgres (docs/benchmarks.md, queue).
import type { RawBuilder } from 'kysely';
import { sql } from './kysely.js';
import type { Db } from './database.js';

export type ColumnType = 'int4' | 'text' | 'float8' | 'jsonb' | 'bool';

const CHUNK = 20_000;

/** A value as JSON for its column: non-finite floats as the strings Postgres reads ('NaN'), JSON text as its document. */
function jsonValue(value: unknown, type: ColumnType): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'float8' && typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (type === 'jsonb' && typeof value === 'string') return JSON.parse(value);
  return value;
}

/**
 * `(col, …) SELECT … FROM jsonb_to_recordset($1)` for rows given as objects; values are bound as one
 * parameter, never spliced into SQL. Compose it into an INSERT (see bulkInsert).
 * @example sql`insert into t ${unnestRows({ a: 'int4' }, [{ a: 1 }])}`
 */
export function unnestRows<Row extends Record<string, unknown>>(columns: Readonly<Record<keyof Row & string, ColumnType>>, rows: readonly Row[]): RawBuilder<unknown> {
  const names = Object.keys(columns) as (keyof Row & string)[];
  const types = names.map((name) => columns[name]);
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) record[`c${i}`] = jsonValue(row[names[i]!], types[i]!);
    return record;
  });
  return sql`(${sql.join(names.map((n) => sql.ref(n)))})
    select ${sql.join(names.map((_, i) => sql.ref(`u.c${i}`)))}
    from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as u(${sql.join(types.map((type, i) => sql.raw(`c${i} ${type}`)))})`;
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
