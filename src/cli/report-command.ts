// `dvc-sync report`: print or write a month's snapshot as table, JSON, CSV or XLSX.
import { writeFile } from 'node:fs/promises';
import type { AppContext } from '../app-context.js';
import type { Period } from '../domain/period.js';
import { getFramework } from '../frameworks/framework.js';
import { appendixCsv } from '../reports/appendix-csv.js';
import { jsonReport } from '../reports/appendix-json.js';
import { renderAppendixTable } from '../reports/appendix-table.js';
import { writeAppendixXlsx } from '../reports/appendix-xlsx.js';
import { readSnapshot } from '../snapshots/snapshot-store.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';

export const REPORT_FORMATS = ['table', 'json', 'csv', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  readonly period: Period;
  readonly framework: string;
  readonly revision?: number;
  readonly format: ReportFormat;
  readonly out?: string;
}

/** Renders the requested snapshot; writes to `out` or prints (xlsx needs `out`). */
export async function runReport(ctx: AppContext, io: CliIo, options: ReportOptions): Promise<void> {
  const framework = getFramework(options.framework, ctx.frameworks);
  const snapshot = await readSnapshot(ctx.store.db, framework.key, options.period, options.revision);
  if (!snapshot) {
    const which = options.revision ? `phiên bản ${options.revision} ` : '';
    throw new CliError(
      `Chưa có ${which}bảng điểm tháng ${options.period} theo bộ chỉ số ${framework.key}; chạy 'dvc-sync score --month ${options.period}' trước`,
      'SNAPSHOT_NOT_FOUND',
    );
  }
  if (options.format === 'xlsx') {
    const out = options.out ?? `phu-luc-${framework.key}-${options.period}-r${snapshot.revision}.xlsx`;
    await writeAppendixXlsx(framework, snapshot, out);
    io.err(`Đã ghi ${out}`);
    return;
  }
  const text =
    options.format === 'json'
      ? JSON.stringify(jsonReport(framework, snapshot), null, 2)
      : options.format === 'csv'
        ? appendixCsv(framework, snapshot)
        : renderAppendixTable(framework, snapshot);
  if (options.out) {
    await writeFile(options.out, text.endsWith('\n') ? text : `${text}\n`);
    io.err(`Đã ghi ${options.out}`);
  } else {
    io.out(text);
  }
}
