// The example month (and variations of it) imported through the template connector and scored on a
// test store, for the report tests.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureSpreadsheetFile } from '../../connectors/one-door/file-capture.js';
import { templateConnector } from '../../connectors/template/template-connector.js';
import type { AppContext } from '../../src/app-context.js';
import { parsePeriod } from '../../src/core/period.js';
import type { MetricInput } from '../../src/scoring/score-framework.js';
import { ingestCapture } from '../../src/pipeline/ingest-capture.js';
import { scoreMonth, type ScoreMonthResult } from '../../src/pipeline/score-month.js';
import { EXAMPLE_CSV, exampleCounts } from '../support/example-month.js';

export type Counts = Map<string, Record<string, number>>;

const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-reports-'));

/** Writes counts as a wide template CSV with the example's header (same columns, same names). */
export function writeCountsCsv(path: string, counts: Counts): void {
  const [header, ...lines] = readFileSync(EXAMPLE_CSV, 'utf8').trim().split('\n');
  const keys = header!.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).slice(2).map((h) => /\[(\w+)\]/.exec(h)![1]!);
  const names = new Map(lines.map((l) => [l.split(',')[0]!, l.split(',')[1]!]));
  const rows = [...counts].map(([code, values]) => [code, names.get(code) ?? code, ...keys.map((k) => values[k])].join(','));
  writeFileSync(path, [header, ...rows].join('\n') + '\n');
}

/**
 * Imports counts for a month through the template connector and scores it.
 * @example await importAndScore(ctx, '2023-09', exampleCounts())
 */
export async function importAndScore(ctx: AppContext, month: string, counts: Counts = exampleCounts()): Promise<ScoreMonthResult> {
  const period = parsePeriod(month);
  const path = join(dir, `so-lieu-${month}-${Math.random().toString(36).slice(2, 8)}.csv`);
  writeCountsCsv(path, counts);
  await ingestCapture(ctx, templateConnector, await captureSpreadsheetFile('template', path, period), period);
  return scoreMonth(ctx, { period, trigger: 'manual' });
}

/** Counts as metric inputs (one source), as scoring reads them. */
export function countsToInputs(counts: Counts, source: MetricInput['source'] = 'template'): MetricInput[] {
  return [...counts].flatMap(([unitCode, values]) => Object.entries(values).map(([metric, value]) => ({ unitCode, metric, source, value })));
}

/** A deep copy of the example counts with changes applied: { '03127': { paid_online: 40 } }. */
export function changedCounts(changes: Record<string, Record<string, number>>): Counts {
  const counts = exampleCounts();
  for (const [code, values] of Object.entries(changes)) Object.assign(counts.get(code)!, values);
  return counts;
}
