// `dvc-sync import`: archive and parse operator files, report what was imported and quarantined.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AppContext } from '../app-context.js';
import { createProgress, formatBytes } from './progress.js';
import { periodTerm, type Period } from '../core/period.js';
import { runCaptureStage } from '../pipeline/capture-stage.js';
import type { IngestResult } from '../pipeline/ingest-capture.js';
import { resolveFileImport } from '../pipeline/file-sources.js';
import { CliError } from './cli-error.js';
import { periodFlag } from './period-option.js';
import type { CliIo } from './cli-io.js';
import { describeLocation } from '../core/source.js';
import { problemText } from './cli-text.js';

const MAX_PROBLEMS_SHOWN = 20;

export interface ImportOptions {
  readonly files: readonly string[];
  readonly period: Period;
  readonly source?: string | undefined;
}

/**
 * Imports every file; returns the ingest results. Throws on the first unreadable file, and after the
 * last file when a file gave nothing but quarantined rows (a failed import, not a success).
 */
export async function runImport(ctx: AppContext, io: CliIo, options: ImportOptions): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  for (const file of await expandFolders(io, options.files)) {
    const plan = await resolveFileImport(file, options.period, options.source);
    for (const note of plan.notes) io.err(`${file}: ${note}`);
    const { ingested } = await runCaptureStage(ctx, plan.captures, options.period, {
      progressFor: async (raw) => {
        const size = raw.content.kind === 'file' ? (await stat(raw.content.path)).size : raw.content.bytes.length;
        // Files over a few megabytes take seconds to minutes: show how far the reading is.
        return size > 5 * 1024 * 1024 ? createProgress(io, `Đọc ${raw.fileName ?? 'tệp'}`, size, formatBytes) : null;
      },
      onIngested: (result) => reportIngest(io, result),
    });
    results.push(...ingested);
  }
  const empty = results.filter((r) => r.nothingRead);
  if (empty.length) {
    const names = empty.map((r) => `${r.fileName ?? `bản ghi ${r.captureId}`} (${r.problemCount} dòng/ô, đọc dạng '${r.source}')`).join(', ');
    throw new CliError(
      `Không nạp được giá trị nào từ ${names}: mọi dòng/ô đều bị cách ly. Xem 'dvc-sync quarantine ${periodFlag(options.period)}'; ` +
        `nếu chọn sai loại tệp, nhập lại với --source đúng (bản đã lưu được đọc lại và thay thế lần đọc này)`,
      'NOTHING_IMPORTED',
    );
  }
  return results;
}

/** A folder given to import stands for its files (sorted by name, sub-folders and hidden files left out). */
async function expandFolders(io: CliIo, paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isDirectory()) {
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const inside = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => join(path, e.name)).sort();
    if (!inside.length) throw new CliError(`Thư mục ${path} không có tệp nào để nhập`, 'EMPTY_FOLDER');
    io.err(`${path}: ${inside.length} tệp (${inside.map((f) => basename(f)).join(', ')})`);
    files.push(...inside);
  }
  return files;
}

/** Prints one import's outcome and its quarantined problems. */
export function reportIngest(io: CliIo, result: IngestResult): void {
  const name = result.fileName ?? `capture ${result.captureId}`;
  const sha = result.sha256.slice(0, 12);
  if (result.status === 'duplicate') {
    io.out(`${name}: đã nhập trước đó cho ${periodTerm(result.period as Period)} dạng '${result.source}' (sha256 ${sha}; ${result.metrics} giá trị), không nhập lại.`);
    return;
  }
  if (result.status === 'replaced' && result.replaced) {
    io.out(
      `${name}: đọc lại bản đã lưu (sha256 ${sha}) dạng '${result.source}' thay cho dạng '${result.replaced.source ?? '?'}' đã đọc trước đó cho ${periodTerm(result.period as Period)}; ` +
        `bỏ ${result.replaced.values} giá trị và ${result.replaced.problems} dòng cách ly của lần đọc cũ.`,
    );
  }
  io.out(`${name} [${result.source}]: ${result.metrics} giá trị của ${result.units} đơn vị; ${result.problemCount} dòng/ô bị cách ly.`);
  for (const note of result.notes) io.out(`    Lưu ý: ${note.message}.`);
  for (const p of result.problems.slice(0, MAX_PROBLEMS_SHOWN)) {
    io.out(`    ${problemText(describeLocation(p.location), p)}`);
  }
  if (result.problemCount > MAX_PROBLEMS_SHOWN) io.out(`    … và ${result.problemCount - MAX_PROBLEMS_SHOWN} vấn đề khác (xem bảng quarantine).`);
}
