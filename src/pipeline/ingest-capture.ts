// Stage: archive a raw capture (bytes first, so nothing is lost), parse it for the month, and store
// its metric rows and problems. Bytes are archived once; each (month, kind) use is read once: the
// same bytes for another month are read for that month, under another kind they replace the
// earlier reading of that month.
import { UnreadableSourceError, type ArchivedCapture, type Connector, type RawCapture } from '../core/connector-contract.js';
import type { MetricRow, ParseNote, ParseProblem, UnitLink } from '../core/connector-contract.js';
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { archiveCapture } from '../store/capture-archive.js';
import { findCaptureUse, insertProblems, markCaptureUnreadable, storeParseResults, type ReplacedUse } from '../store/metric-store.js';
import { loadUnitLinks, saveUnitLinks } from '../store/unit-link-store.js';

export interface IngestResult {
  readonly captureId: number;
  readonly sha256: string;
  readonly source: string;
  readonly fileName: string | null;
  readonly period: Period;
  /**
   * 'new': read for this month now; 'replaced': read now under another kind than before for this month
   * (the earlier values and problems were removed); 'duplicate': already read for this month and kind.
   */
  readonly status: 'new' | 'replaced' | 'duplicate';
  readonly metrics: number;
  /** The problems kept in quarantine (at most the per-capture limit, plus one line saying how many more). */
  readonly problems: readonly ParseProblem[];
  /** Every problem found, kept or not. */
  readonly problemCount: number;
  readonly units: number;
  /** What the operator should read once (loose name matches, provincial departments left out). */
  readonly notes: readonly ParseNote[];
  /** The earlier reading that was replaced ('replaced' only). */
  readonly replaced?: ReplacedUse;
  /** Whether nothing was read: no value, only problems (a file of the wrong kind, say). */
  readonly nothingRead: boolean;
}

export interface IngestOptions {
  readonly runId?: number | null;
  readonly signal?: AbortSignal;
  readonly onBytes?: (bytesRead: number) => void;
}

/**
 * Archives and parses one capture for a month. An unreadable file is archived, quarantined with its
 * reason, and rethrown so the caller fails loudly.
 * @example await ingestCapture(ctx, templateConnector, raw, period)
 */
export async function ingestCapture<C>(ctx: AppContext, connector: Connector<C>, raw: RawCapture, period: Period, options: IngestOptions = {}): Promise<IngestResult> {
  const db = ctx.store.db;
  const archived = await archiveCapture(db, raw, { dataDir: ctx.config.dataDir, inlineMaxBytes: ctx.config.captureInlineMaxBytes });
  const base = { captureId: archived.capture.id, sha256: archived.capture.sha256, source: raw.source, fileName: raw.fileName, period };
  const previous = archived.isNew ? undefined : await findCaptureUse(db, archived.capture.id, period);
  // A reading that found nothing but problems is no reason to skip the next attempt.
  if (previous && previous.source === raw.source && !(previous.metrics === 0 && previous.problems > 0)) {
    ctx.logger.info({ ...base }, 'capture already imported for this month and kind; skipped');
    return { ...base, status: 'duplicate', metrics: previous.metrics, problems: [], problemCount: previous.problems, units: 0, nothingRead: false, notes: [] };
  }
  // This request's description (month, request, metadata) with the archived bytes.
  const capture: ArchivedCapture = { ...raw, id: archived.capture.id, sha256: archived.capture.sha256, capturedAt: archived.capture.capturedAt, content: archived.capture.content };
  const cap = ctx.config.quarantineMaxPerCapture;
  const rows: MetricRow[] = [];
  const problems: ParseProblem[] = [];
  let problemCount = 0;
  const notes: ParseNote[] = [];
  const links: UnitLink[] = [];
  try {
    // Portal answers resolve units by the ids earlier answers taught (one province's links at a time).
    const provinceCode = typeof raw.metadata.provinceCode === 'string' ? raw.metadata.provinceCode : null;
    const unitLinks = raw.source === 'portal' || raw.source === 'portal-legacy' ? await loadUnitLinks(db, 'portal', provinceCode) : undefined;
    const context = {
      period,
      registry: ctx.registry,
      limits: ctx.config.inputLimits,
      ...(unitLinks ? { unitLinks } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onBytes ? { onBytes: options.onBytes } : {}),
    };
    for await (const event of connector.parse(capture, context)) {
      if (event.kind === 'metric') rows.push(event.row);
      else if (event.kind === 'problem') {
        if (++problemCount <= cap) problems.push(event.problem);
      } else if (event.kind === 'note') notes.push(event.note);
      else links.push(event.link);
    }
  } catch (error) {
    const message = (error as Error).message;
    await markCaptureUnreadable(db, archived.capture.id, message);
    const location = error instanceof UnreadableSourceError ? error.location : { file: raw.fileName ?? undefined };
    await insertProblems(db, { id: archived.capture.id, source: raw.source, period }, [{ location, found: null, expected: null, reason: message }], options.runId ?? null);
    throw error;
  }
  if (problemCount > cap) problems.push(overflowProblem(raw, problemCount, cap));
  const replaced = await storeParseResults(db, { id: archived.capture.id, source: raw.source, period }, rows, problems, options.runId ?? null, {
    replace: !archived.isNew,
    problemCount,
  });
  await saveUnitLinks(db, links, archived.capture.id);
  for (const note of notes) ctx.logger.info({ ...base, location: note.location }, note.message);
  const units = new Set(rows.map((r) => r.unitCode)).size;
  const replacedOther = previous !== undefined && replaced !== null && previous.source !== raw.source;
  ctx.logger.info({ ...base, metrics: rows.length, problems: problemCount, units, replaced: replacedOther ? replaced : undefined }, 'capture imported');
  return {
    ...base,
    status: replacedOther ? 'replaced' : 'new',
    metrics: rows.length,
    problems,
    problemCount,
    units,
    ...(replacedOther ? { replaced: replaced! } : {}),
    nothingRead: rows.length === 0 && problemCount > 0,
    notes,
  };
}

/** The one quarantine line that stands for every problem beyond the per-capture limit. */
function overflowProblem(raw: RawCapture, total: number, cap: number): ParseProblem {
  const name = raw.fileName ?? raw.scope ?? 'bản ghi';
  return {
    location: raw.fileName ? { file: raw.fileName } : {},
    found: `${total} vấn đề`,
    expected: `tối đa ${cap} vấn đề được lưu cho mỗi bản ghi (DVC_QUARANTINE_MAX_PER_CAPTURE)`,
    reason: `${name}: có ${total} dòng/ô bị cách ly; chỉ lưu ${cap} vấn đề đầu tiên, ${total - cap} vấn đề khác không được lưu`,
  };
}
