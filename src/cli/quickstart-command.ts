// `npm start` with no arguments: the Điện Biên Phủ example month end to end on the embedded store.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../app-context.js';
import { parsePeriod } from '../core/period.js';
import { DEFAULT_FRAMEWORK_KEY } from '../frameworks/framework.js';
import { scoreMonth } from '../pipeline/score-month.js';
import type { CliIo } from './cli-io.js';
import { runImport } from './import-command.js';
import { runReport } from './report-command.js';
import { packagePath } from '../core/package-root.js';

export const EXAMPLE_DIR = packagePath('examples', 'dien-bien-phu-2023-09');
export const EXAMPLE_PERIOD = parsePeriod('2023-09');

/** Imports the example folder's template files, scores September 2023 and prints the appendix. */
export async function runQuickstart(ctx: AppContext, io: CliIo): Promise<void> {
  io.err(`Kho dữ liệu: ${ctx.store.backend} (${ctx.store.location}); hàng đợi: ${ctx.config.redisUrl ? 'Redis' : 'chạy trong tiến trình'}.`);
  const files = (await readdir(EXAMPLE_DIR)).filter((f) => /\.(csv|xlsx)$/i.test(f)).sort();
  await runImport(ctx, { ...io, out: io.err }, { files: files.map((f) => join(EXAMPLE_DIR, f)), period: EXAMPLE_PERIOD, source: 'template' });
  const result = await scoreMonth(ctx, { period: EXAMPLE_PERIOD, framework: DEFAULT_FRAMEWORK_KEY, trigger: 'quickstart' });
  io.err(
    result.created
      ? `Đã ghi bảng điểm phiên bản ${result.snapshot.revision}.`
      : `Số liệu không đổi: giữ phiên bản ${result.snapshot.revision}, không tạo phiên bản mới.`,
  );
  await runReport(ctx, io, { period: EXAMPLE_PERIOD, framework: DEFAULT_FRAMEWORK_KEY, format: 'table', wide: true });
}
