// Stage: archive a raw capture (bytes first, so nothing is lost), parse it, and store its metric
// rows and problems. The same bytes are never archived or parsed twice.
import { UnreadableSourceError, type Connector, type RawCapture } from '../core/connector-contract.js';
import type { MetricRow, ParseProblem } from '../core/connector-contract.js';
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { archiveCapture } from '../store/capture-archive.js';
import { insertProblems, markCaptureUnreadable, storeParseResults } from '../store/metric-store.js';

export interface IngestResult {
  readonly captureId: number;
  readonly sha256: string;
  readonly source: string;
  readonly fileName: string | null;
  /** 'new': archived and parsed now; 'duplicate': the same bytes were imported before. */
  readonly status: 'new' | 'duplicate';
  readonly metrics: number;
  readonly problems: readonly ParseProblem[];
  readonly units: number;
}

/**
 * Archives and parses one capture. An unreadable file is archived, quarantined with its reason, and
 * rethrown so the caller fails loudly.
 * @example await ingestCapture(ctx, templateConnector, raw, period)
 */
export async function ingestCapture<C>(
  ctx: AppContext,
  connector: Connector<C>,
  raw: RawCapture,
  period: Period,
  options: { runId?: number | null; signal?: AbortSignal; onBytes?: (bytesRead: number) => void } = {},
): Promise<IngestResult> {
  const db = ctx.store.db;
  const archived = await archiveCapture(db, raw, { dataDir: ctx.config.dataDir, inlineMaxBytes: ctx.config.captureInlineMaxBytes });
  const base = { captureId: archived.capture.id, sha256: archived.capture.sha256, source: raw.source, fileName: raw.fileName };
  if (!archived.isNew && archived.parsed) {
    ctx.logger.info({ ...base }, 'capture already imported; skipped');
    return { ...base, status: 'duplicate', metrics: 0, problems: [], units: 0 };
  }
  const rows: MetricRow[] = [];
  const problems: ParseProblem[] = [];
  try {
    const context = {
      period,
      registry: ctx.registry,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    };
    for await (const event of connector.parse(archived.capture, context)) {
      if (event.kind === 'metric') rows.push(event.row);
      else problems.push(event.problem);
    }
  } catch (error) {
    const message = (error as Error).message;
    await markCaptureUnreadable(db, archived.capture.id, message);
    const location = error instanceof UnreadableSourceError ? error.location : { file: raw.fileName ?? undefined };
    await insertProblems(db, { id: archived.capture.id, source: raw.source, period }, [{ location, found: null, expected: null, reason: message }], options.runId ?? null);
    throw error;
  }
  await storeParseResults(db, { id: archived.capture.id, source: raw.source, period }, rows, problems, options.runId ?? null);
  const units = new Set(rows.map((r) => r.unitCode)).size;
  ctx.logger.info({ ...base, metrics: rows.length, problems: problems.length, units }, 'capture imported');
  return { ...base, status: 'new', metrics: rows.length, problems, units };
}
