// `dvc-sync report`: print or write a month's snapshot as table, JSON, CSV or XLSX (appendix with its
// evidence and provenance sheets), or the drafted monthly report as Markdown, HTML or DOCX. Each
// format loads its own renderer (Excel, Word and the narrative only when asked for).
import { writeFile } from 'node:fs/promises';
import type { AppContext } from '../app-context.js';
import type { Period } from '../core/period.js';
import { getFramework, type Framework } from '../frameworks/framework.js';
import type { Narrative } from '../reports/narrative.js';
import type { ReportIssuer } from '../reports/report-issuer.js';
import { readSnapshot, snapshotInputs, type Snapshot } from '../snapshots/snapshot-store.js';
import { periodText } from '../text/period-text.js';
import { CliError } from './cli-error.js';
import { periodFlag } from './period-option.js';
import type { CliIo } from './cli-io.js';
import type { ReportOptions } from './report-options.js';

export { parseShare, REPORT_FORMATS, type ReportFormat, type ReportOptions } from './report-options.js';

/** The snapshot the options ask for, or an operator-readable error. */
export async function requireSnapshot(ctx: AppContext, framework: Framework, period: Period, revision?: number): Promise<Snapshot> {
  const snapshot = await readSnapshot(ctx.store.db, framework.key, period, revision);
  if (!snapshot) {
    const which = revision ? `phiên bản ${revision} ` : '';
    throw new CliError(
      `Chưa có ${which}bảng điểm ${periodText(period)} theo bộ chỉ số ${framework.key}; chạy 'dvc-sync score ${periodFlag(period)}' trước`,
      'SNAPSHOT_NOT_FOUND',
    );
  }
  return snapshot;
}

async function issuerOf(framework: Framework, snapshot: Snapshot): Promise<ReportIssuer> {
  return (await import('../reports/snapshot-report.js')).issuerOf(framework, snapshot);
}

/**
 * The drafted report of a snapshot (src/reports/snapshot-report.ts, shared with the dashboard's downloads),
 * loaded only when a report is asked for.
 * @example const narrative = await narrativeFor(ctx, framework, snapshot, {})
 */
export async function narrativeFor(ctx: AppContext, framework: Framework, snapshot: Snapshot, options: Pick<ReportOptions, 'low' | 'veryLow' | 'settings'>): Promise<Narrative> {
  return (await import('../reports/snapshot-report.js')).narrativeFor(ctx, framework, snapshot, options);
}

const defaultName = (framework: Framework, snapshot: Snapshot, kind: 'phu-luc' | 'bao-cao', extension: string) =>
  `${kind}-${framework.key}-${snapshot.period}-r${snapshot.revision}.${extension}`;

/** Renders the requested snapshot; writes to `out` or prints (xlsx and docx are always files). */
export async function runReport(ctx: AppContext, io: CliIo, options: ReportOptions): Promise<void> {
  const framework = getFramework(options.framework, ctx.frameworks);
  const snapshot = await requireSnapshot(ctx, framework, options.period, options.revision);
  if (options.format === 'xlsx') {
    const out = options.out ?? defaultName(framework, snapshot, 'phu-luc', 'xlsx');
    const { writeAppendixXlsx } = await import('../reports/appendix-xlsx.js');
    await writeAppendixXlsx(framework, snapshot, out, {
      authority: (await issuerOf(framework, snapshot)).authority,
      provenance: await snapshotInputs(ctx.store.db, snapshot.id),
    });
    io.err(`Đã ghi ${out}`);
    return;
  }
  if (options.format === 'docx') {
    const out = options.out ?? defaultName(framework, snapshot, 'bao-cao', 'docx');
    const { renderNarrativeReport } = await import('../reports/snapshot-report.js');
    await writeFile(out, await renderNarrativeReport(ctx, framework, snapshot, 'docx', options));
    io.err(`Đã ghi ${out}`);
    return;
  }
  const text = await renderText(ctx, framework, snapshot, options);
  if (options.out) {
    await writeFile(options.out, text.endsWith('\n') ? text : `${text}\n`);
    io.err(`Đã ghi ${options.out}`);
  } else {
    io.out(text);
  }
}

/** The formats printed as text, each with its own renderer. */
async function renderText(ctx: AppContext, framework: Framework, snapshot: Snapshot, options: ReportOptions): Promise<string> {
  switch (options.format) {
    case 'md':
    case 'html':
      // the HTML report carries the month's charts (the same as the dashboard's)
      return String(await (await import('../reports/snapshot-report.js')).renderNarrativeReport(ctx, framework, snapshot, options.format, options));
    case 'json': {
      const [{ jsonReport }, { previousMonth }, totals] = await Promise.all([import('../reports/appendix-json.js'), import('../reports/earlier-months.js'), import('../reports/portal-totals.js')]);
      const portal = totals.hasPortalTotals(framework.key) ? await totals.portalTotals(ctx.store.db, snapshot.period as Period, snapshot.rows.map((r) => r.unitCode)) : undefined;
      return JSON.stringify(jsonReport(framework, snapshot, await previousMonth(ctx, framework, snapshot), portal), null, 2);
    }
    case 'csv': {
      const csv = await import('../reports/appendix-csv.js');
      return csv.appendixCsv(framework, snapshot, options.excelVi ? csv.EXCEL_VI_CSV : csv.PROGRAM_CSV);
    }
    default:
      return options.wide
        ? (await import('../reports/appendix-table.js')).renderAppendixTable(framework, snapshot)
        : (await import('../reports/appendix-table-compact.js')).renderCompactAppendixTable(framework, snapshot);
  }
}
