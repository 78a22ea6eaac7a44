// Kysely's values, loaded through require(): its build is about 260 files, and Node 20's ESM loader
// pays per file (asynchronous read, resolution, linking) several times what require() does — about
// 50 ms of every command that opens the store (docs/decisions/0019-cli-start-up.md). Types still come
// from 'kysely' itself; import values from here, never from 'kysely', or both builds load (the layer
// check's rule kysely-values-from-one-place; the migrations, loaded only to migrate, are the exception).
import { createRequire } from 'node:module';
import type * as KyselyModule from 'kysely';

const kysely = createRequire(import.meta.url)('kysely') as typeof KyselyModule;

export const { CompiledQuery, Kysely, Migrator, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler, sql } = kysely;
export type Kysely<DB> = KyselyModule.Kysely<DB>;
export type CompiledQuery<R = unknown> = KyselyModule.CompiledQuery<R>;
