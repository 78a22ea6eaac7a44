// `dvc-sync report`: print or write a month's snapshot as table, JSON, CSV or XLSX (appendix with its
// evidence and provenance sheets), or the drafted monthly report as Markdown, HTML or DOCX.
import { writeFile } from 'node:fs/promises';
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { getFramework, type Framework } from '../frameworks/framework.js';
import { appendixCsv } from '../reports/appendix-csv.js';
import { jsonReport } from '../reports/appendix-json.js';
import { previousMonth, restatedYearToDate } from '../reports/earlier-months.js';
import { renderAppendixTable } from '../reports/appendix-table.js';
import { writeAppendixXlsx } from '../reports/appendix-xlsx.js';
import { buildNarrative, type Narrative } from '../reports/narrative.js';
import { narrativeDocx } from '../reports/narrative-docx.js';
import { narrativeHtml } from '../reports/narrative-html.js';
import { narrativeMarkdown } from '../reports/narrative-markdown.js';
import { loadNarrativeSettings, withThresholds } from '../reports/narrative-settings.js';
import { issuerFor, type ReportIssuer } from '../reports/report-issuer.js';
import { snapshotMetricInputs } from '../reports/snapshot-values.js';
import { readSnapshot, snapshotInputs, type Snapshot } from '../snapshots/snapshot-store.js';
import { loadRegistryFiles } from '../units/unit-registry.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'xlsx', 'md', 'html', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly period: Period;
  readonly framework: string;
  readonly revision?: number;
  readonly format: ReportFormat;
  readonly out?: string;
  /** Narrative thresholds over schema/reports/narrative.json (shares of an indicator's max). */
  readonly low?: number;
  readonly veryLow?: number;
  /** Another narrative settings file. */
  readonly settings?: string;
}

/**
 * Parses a --low / --very-low value: a share in (0, 1], written 0.5 or 0,5 (a percent like 50% too).
 * @example parseShare('0,2') // 0.2
 */
export function parseShare(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  const value = trimmed.endsWith('%') ? Number(trimmed.slice(0, -1)) / 100 : Number(trimmed);
  if (!Number.isFinite(value) || value <= 0 || value > 1) throw new Error(`'${text}' không phải tỷ lệ trong khoảng (0, 1], ví dụ 0.5 hoặc 50%`);
  return value;
}

/** The snapshot the options ask for, or an operator-readable error. */
export async function requireSnapshot(ctx: AppContext, framework: Framework, period: Period, revision?: number): Promise<Snapshot> {
  const snapshot = await readSnapshot(ctx.store.db, framework.key, period, revision);
  if (!snapshot) {
    const which = revision ? `phiên bản ${revision} ` : '';
    throw new CliError(
      `Chưa có ${which}bảng điểm tháng ${period} theo bộ chỉ số ${framework.key}; chạy 'dvc-sync score --month ${period}' trước`,
      'SNAPSHOT_NOT_FOUND',
    );
  }
  return snapshot;
}

function issuerOf(framework: Framework, snapshot: Snapshot): ReportIssuer {
  return issuerFor(framework, snapshot.period, loadRegistryFiles(), snapshot.rows.map((r) => r.unitCode));
}

/**
 * The drafted report of a snapshot: the year's published snapshots restated on its units for
 * comparisons (a merged commune against the sum of its former communes), the snapshot's
 * metric values for the "what it takes to move up" list.
 * @example const narrative = await narrativeFor(ctx, framework, snapshot, {})
 */
export async function narrativeFor(ctx: AppContext, framework: Framework, snapshot: Snapshot, options: Pick<ReportOptions, 'low' | 'veryLow' | 'settings'>): Promise<Narrative> {
  const settings = withThresholds(loadNarrativeSettings(options.settings), { low: options.low, veryLow: options.veryLow });
  const db = ctx.store.db;
  return buildNarrative({
    framework,
    snapshot,
    history: await restatedYearToDate(ctx, framework, snapshot),
    previous: await previousMonth(ctx, framework, snapshot),
    values: await snapshotMetricInputs(db, snapshot.id),
    issuer: issuerOf(framework, snapshot),
    settings,
  });
}

const defaultName = (framework: Framework, snapshot: Snapshot, kind: 'phu-luc' | 'bao-cao', extension: string) =>
  `${kind}-${framework.key}-${snapshot.period}-r${snapshot.revision}.${extension}`;

/** Renders the requested snapshot; writes to `out` or prints (xlsx and docx are always files). */
export async function runReport(ctx: AppContext, io: CliIo, options: ReportOptions): Promise<void> {
  const framework = getFramework(options.framework, ctx.frameworks);
  const snapshot = await requireSnapshot(ctx, framework, options.period, options.revision);
  if (options.format === 'xlsx') {
    const out = options.out ?? defaultName(framework, snapshot, 'phu-luc', 'xlsx');
    await writeAppendixXlsx(framework, snapshot, out, {
      authority: issuerOf(framework, snapshot).authority,
      provenance: await snapshotInputs(ctx.store.db, snapshot.id),
    });
    io.err(`Đã ghi ${out}`);
    return;
  }
  if (options.format === 'docx') {
    const out = options.out ?? defaultName(framework, snapshot, 'bao-cao', 'docx');
    await writeFile(out, await narrativeDocx(await narrativeFor(ctx, framework, snapshot, options)));
    io.err(`Đã ghi ${out}`);
    return;
  }
  let text: string;
  if (options.format === 'md' || options.format === 'html') {
    const narrative = await narrativeFor(ctx, framework, snapshot, options);
    text = options.format === 'md' ? narrativeMarkdown(narrative) : narrativeHtml(narrative);
  } else {
    text =
      options.format === 'json'
        ? JSON.stringify(jsonReport(framework, snapshot, await previousMonth(ctx, framework, snapshot)), null, 2)
        : options.format === 'csv'
          ? appendixCsv(framework, snapshot)
          : renderAppendixTable(framework, snapshot);
  }
  if (options.out) {
    await writeFile(options.out, text.endsWith('\n') ? text : `${text}\n`);
    io.err(`Đã ghi ${options.out}`);
  } else {
    io.out(text);
  }
}
