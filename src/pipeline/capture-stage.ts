// The one capture stage, for live sync, file import, drop folder and HAR alike: every raw capture of
// a source is archived, parsed by the connector of its kind (from the registry) and stored.
import { createConnector } from '../../connectors/registry.js';
import { UnreadableSourceError, type Connector, type RawCapture } from '../core/connector-contract.js';
import type { Period } from '../core/period.js';
import type { SourceKind } from '../core/source.js';
import type { AppContext } from '../app-context.js';
import { ingestCapture, type IngestResult } from './ingest-capture.js';
import { readAhead } from './read-ahead.js';

/** A progress display for one capture's bytes (the CLI's bar). */
export interface CaptureProgress {
  update(bytesRead: number): void;
  done(): void;
}

export interface CaptureStageOptions {
  readonly runId?: number | null;
  readonly signal?: AbortSignal;
  /** Called before each capture is read; may return a progress display for it. */
  readonly progressFor?: (raw: RawCapture) => Promise<CaptureProgress | null>;
  /** Called as each capture is stored (the CLI prints it). */
  readonly onIngested?: (result: IngestResult) => void;
  /**
   * True: an unreadable capture (archived and quarantined by ingestCapture) is listed in the result's
   * `unreadable` and the stage goes on with the next one; false: it ends the stage.
   */
  readonly keepGoing?: boolean;
}

/** What the stage stored, and (with `keepGoing`) the captures it could not read. */
export interface CaptureStageResult {
  readonly ingested: IngestResult[];
  readonly unreadable: { readonly fileName: string | null; readonly message: string }[];
}

/**
 * Archives, parses and stores every capture; the next capture is requested while one is stored.
 * @example const { ingested } = await runCaptureStage(ctx, connector.capture({ period, config }), period, { runId })
 */
export async function runCaptureStage(ctx: AppContext, captures: AsyncIterable<RawCapture> | Iterable<RawCapture>, period: Period, options: CaptureStageOptions = {}): Promise<CaptureStageResult> {
  const parsers = new Map<SourceKind, Connector<unknown>>();
  const results: IngestResult[] = [];
  const unreadable: CaptureStageResult['unreadable'] = [];
  for await (const raw of readAhead(toAsync(captures))) {
    let parser = parsers.get(raw.source);
    if (!parser) parsers.set(raw.source, (parser = createConnector(raw.source)));
    const progress = (await options.progressFor?.(raw)) ?? null;
    let result: IngestResult;
    try {
      result = await ingestCapture(ctx, parser, raw, period, {
        runId: options.runId ?? null,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(progress ? { onBytes: (n: number) => progress.update(n) } : {}),
      });
    } catch (error) {
      if (!(error instanceof UnreadableSourceError) || !options.keepGoing) throw error;
      unreadable.push({ fileName: raw.fileName, message: error.message });
      continue;
    } finally {
      progress?.done();
    }
    results.push(result);
    options.onIngested?.(result);
  }
  return { ingested: results, unreadable };
}

async function* toAsync<T>(items: AsyncIterable<T> | Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
