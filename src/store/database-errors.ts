// Telling "the database went away" from "this statement or its data is wrong": the first is retried
// (a worker's job) or reported as DATABASE_UNAVAILABLE, never recorded as the month's failure.
// No imports: the CLI's error line uses it without loading a database driver.

/** Postgres error classes and socket errors that mean "the database went away", not "this statement is wrong". */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[1-3])/;
const UNAVAILABLE_NODE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection error and is not queryable|Client was closed|terminating connection|the database system is (starting up|shutting down)/i;

/**
 * Whether an error means the database is unreachable (server stopped, connection cut): the work can be
 * retried once it is back, as opposed to an error of the statement or the data.
 * @example isDatabaseUnavailable(new Error('Connection terminated unexpectedly')) // true
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE.has(code))) return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  return UNAVAILABLE_MESSAGE.test(error.message);
}
