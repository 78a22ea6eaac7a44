// The dvc-sync command line. Operator-facing text is Vietnamese; every failure is one line with an
// English error code and a non-zero exit status.
import { Command, CommanderError, Option } from 'commander';
import { assertNotFuturePeriod, parsePeriod, type Period } from '../core/period.js';
import { DEFAULT_FRAMEWORK_KEY } from '../frameworks/framework.js';
import { formatCliError } from './cli-error.js';
import { runQuarantine, runStatus } from './ops-commands.js';
import { runDashboard } from './dashboard-command.js';
import { runBackfill, runScheduler, runSyncQueued, runWorker } from './queue-commands.js';
import { runCancel, runReconcile, runRuns, runSourcesCheck, runSourcesReset, runSyncInline, validateSource, type SyncCommandOptions } from './sync-commands.js';
import { processIo, withContext, type CliIo } from './cli-io.js';
import { runImport } from './import-command.js';
import { runQuickstart } from './quickstart-command.js';
import { runGaps } from './gaps-command.js';
import { parseShare, REPORT_FORMATS, runReport, type ReportFormat } from './report-command.js';
import { runFrameworks, runMigrate, runScore, runSnapshots, runTemplate } from './store-commands.js';
import { runImportDvhcvn, runUnits, runUnitsLineage } from './units-commands.js';

const month = (value: string): Period => parsePeriod(value);
const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`'${value}' không phải số nguyên dương`);
  return n;
};

/** Builds the program; actions write through `io` so tests can run commands in-process. */
export function buildProgram(io: CliIo, now: () => Date = () => new Date()): Command {
  // Months that import, score or capture: a month that has not begun is refused before any work.
  const workMonth = (value: string): Period => assertNotFuturePeriod(parsePeriod(value), now());
  const program = new Command('dvc-sync')
    .description('Đồng bộ, chấm điểm và lưu bảng xếp hạng chất lượng phục vụ (Bộ chỉ số 766) theo tháng')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride()
    .showHelpAfterError(false);
  const frameworkOption = () => new Option('--framework <key>', 'bộ chỉ số').default(DEFAULT_FRAMEWORK_KEY);
  const monthOption = (parse = month) => new Option('--month <YYYY-MM>', 'tháng').argParser(parse).makeOptionMandatory();

  program
    .command('quickstart', { isDefault: true })
    .description('Chạy ví dụ Điện Biên Phủ tháng 9/2023 trên kho nhúng: nhập, chấm điểm, in bảng')
    .action(() => withContext(io, (ctx) => runQuickstart(ctx, io)));

  program
    .command('migrate')
    .description('Tạo/cập nhật cấu trúc cơ sở dữ liệu')
    .action(() => withContext(io, (ctx) => runMigrate(ctx, io)));

  program
    .command('import')
    .description('Nhập tệp số liệu (mẫu nhập liệu, báo cáo một cửa, danh sách hồ sơ, JSON/HAR của Cổng DVCQG)')
    .argument('<files...>', 'tệp .xlsx, .csv, .json hoặc .har')
    .addOption(monthOption(workMonth))
    .addOption(new Option('--source <kind>', 'loại nguồn (tự nhận biết nếu bỏ trống)').choices(['template', 'one-door', 'dossier-list', 'portal']))
    .action((files: string[], opts: { month: Period; source?: string }) => withContext(io, async (ctx) => void (await runImport(ctx, io, { files, period: opts.month, source: opts.source }))));

  program
    .command('score')
    .description('Chấm điểm một tháng từ số liệu đã lưu và ghi bảng điểm (phiên bản mới nếu số liệu thay đổi)')
    .addOption(monthOption(workMonth))
    .addOption(frameworkOption())
    .option('--allow-incomplete', 'công bố cả khi còn thiếu chỉ số')
    .option('--force', 'ghi cả khi chưa có số liệu nào')
    .action((opts: { month: Period; framework: string; allowIncomplete?: boolean; force?: boolean }) =>
      withContext(io, (ctx) => runScore(ctx, io, opts)),
    );

  program
    .command('report')
    .description('Xuất bảng điểm một tháng')
    .addOption(monthOption())
    .addOption(frameworkOption())
    .addOption(new Option('--revision <n>', 'phiên bản (mặc định: bản đã công bố)').argParser(positiveInt))
    .addOption(new Option('--format <format>', 'định dạng (md, html, docx: bản dự thảo báo cáo)').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <file>', 'ghi ra tệp')
    .addOption(new Option('--low <share>', "ngưỡng 'tỷ lệ còn thấp' (phần của điểm tối đa, ví dụ 0.5)").argParser(parseShare))
    .addOption(new Option('--very-low <share>', "ngưỡng 'tỷ lệ còn rất thấp' (ví dụ 0.2)").argParser(parseShare))
    .option('--settings <file>', 'tệp cấu hình báo cáo (mặc định schema/reports/narrative.json)')
    .action((opts: { month: Period; framework: string; revision?: number; format: ReportFormat; out?: string; low?: number; veryLow?: number; settings?: string }) =>
      withContext(io, (ctx) =>
        runReport(ctx, io, {
          period: opts.month,
          framework: opts.framework,
          format: opts.format,
          ...(opts.revision ? { revision: opts.revision } : {}),
          ...(opts.out ? { out: opts.out } : {}),
          ...(opts.low !== undefined ? { low: opts.low } : {}),
          ...(opts.veryLow !== undefined ? { veryLow: opts.veryLow } : {}),
          ...(opts.settings ? { settings: opts.settings } : {}),
        }),
      ),
    );

  program
    .command('gaps')
    .description('Mỗi đơn vị cần thêm bao nhiêu hồ sơ để đạt mức xếp loại cao hơn')
    .addOption(monthOption())
    .addOption(frameworkOption())
    .addOption(new Option('--revision <n>', 'phiên bản (mặc định: bản đã công bố)').argParser(positiveInt))
    .option('--unit <code>', 'chỉ một đơn vị (mã hoặc tên)')
    .action((opts: { month: Period; framework: string; revision?: number; unit?: string }) =>
      withContext(io, async (ctx) => {
        await runGaps(ctx, io, {
          period: opts.month,
          framework: opts.framework,
          ...(opts.revision ? { revision: opts.revision } : {}),
          ...(opts.unit !== undefined ? { unit: opts.unit } : {}),
        });
      }),
    );

  program
    .command('snapshots')
    .description('Các phiên bản bảng điểm của một tháng và thay đổi giữa chúng')
    .addOption(monthOption())
    .addOption(frameworkOption())
    .action((opts: { month: Period; framework: string }) => withContext(io, (ctx) => runSnapshots(ctx, io, opts)));

  program
    .command('sync')
    .description('Đồng bộ một tháng từ các nguồn (Cổng DVCQG, hệ thống một cửa), chấm điểm và lưu bảng điểm')
    .addOption(monthOption(workMonth))
    .addOption(frameworkOption())
    .option('--source <source>', 'chỉ một nguồn (portal, portal-legacy, one-door)')
    .option('--force', 'chấm điểm cả khi không nguồn nào có số liệu')
    .option('--allow-incomplete', 'công bố cả khi còn thiếu nguồn/chỉ số')
    .option('--wait', 'khi dùng hàng đợi: chờ và hiện tiến độ đến khi xong')
    .action((opts: SyncCommandOptions) =>
      withContext(io, async (ctx) => {
        validateSource(opts.source);
        if (ctx.config.redisUrl) await runSyncQueued(ctx, io, opts);
        else await runSyncInline(ctx, io, opts);
      }),
    );

  program
    .command('backfill')
    .description('Chạy bù nhiều tháng (ưu tiên thấp hơn lượt hằng đêm, giới hạn số tháng chạy cùng lúc)')
    .requiredOption('--from <YYYY-MM>', 'từ tháng', workMonth)
    .requiredOption('--to <YYYY-MM>', 'đến tháng', workMonth)
    .addOption(frameworkOption())
    .option('--source <source>', 'chỉ một nguồn')
    .addOption(new Option('--concurrency <n>', 'số tháng chạy cùng lúc').argParser(positiveInt).default(2))
    .option('--dry-run', 'chỉ liệt kê các tháng sẽ chạy')
    .action((opts: { from: Period; to: Period; framework: string; source?: string; concurrency: number; dryRun?: boolean }) =>
      withContext(io, async (ctx) => {
        validateSource(opts.source);
        await runBackfill(ctx, io, opts);
      }),
    );

  program
    .command('worker')
    .description('Chạy worker xử lý hàng đợi (cần REDIS_URL); dừng êm khi nhận SIGTERM/SIGINT')
    .addOption(new Option('--concurrency <n>', 'số việc xử lý song song').argParser(positiveInt).default(1))
    .action((opts: { concurrency: number }) => withContext(io, (ctx) => runWorker(ctx, io, opts), 'info'));

  program
    .command('scheduler')
    .description('Lịch đồng bộ hằng đêm (mặc định 04:00 giờ Việt Nam): tháng hiện tại và tháng trước')
    .option('--cron <expression>', 'biểu thức cron (mặc định DVC_NIGHTLY_CRON hoặc "0 4 * * *")')
    .action((opts: { cron?: string }) => withContext(io, (ctx) => runScheduler(ctx, io, opts), 'info'));

  program
    .command('runs')
    .description('Lịch sử các lượt chạy (hoặc chi tiết một lượt)')
    .argument('[id]', 'số lượt chạy', positiveInt)
    .addOption(new Option('--month <YYYY-MM>', 'chỉ một tháng').argParser(month))
    .action((id: number | undefined, opts: { month?: Period }) => withContext(io, (ctx) => runRuns(ctx, io, { ...opts, ...(id ? { id } : {}) })));

  program
    .command('cancel')
    .description('Huỷ một lượt chạy đang chờ hoặc đang chạy')
    .argument('<id>', 'số lượt chạy', positiveInt)
    .action((id: number) => withContext(io, (ctx) => runCancel(ctx, io, id)));

  const sources = program.command('sources').description('Các nguồn số liệu');
  sources
    .command('check')
    .description('Kiểm tra kết nối/đọc được từng nguồn đã cấu hình')
    .action(() => withContext(io, (ctx) => runSourcesCheck(ctx, io)));
  sources
    .command('reset')
    .description('Đóng lại cầu dao của một nguồn sau khi đã xử lý nguyên nhân')
    .requiredOption('--source <source>', 'nguồn (portal)')
    .action((opts: { source: string }) => withContext(io, (ctx) => runSourcesReset(ctx, io, opts)));

  program
    .command('reconcile')
    .description('Các đơn vị có số liệu khác nhau giữa các nguồn trong một tháng')
    .addOption(monthOption())
    .action((opts: { month: Period }) => withContext(io, (ctx) => runReconcile(ctx, io, opts)));

  program
    .command('template')
    .description('Tạo mẫu nhập số liệu (XLSX) cho một tháng')
    .addOption(monthOption())
    .addOption(frameworkOption())
    .requiredOption('--out <file>', 'tệp .xlsx cần ghi')
    .action((opts: { month: Period; framework: string; out: string }) => withContext(io, (ctx) => runTemplate(ctx, io, opts)));

  const units = program.command('units').description('Danh mục đơn vị hành chính');
  units
    .command('list', { isDefault: true })
    .description('Liệt kê các đơn vị của một tỉnh còn hiệu lực trong tháng')
    .addOption(new Option('--month <YYYY-MM>', 'tháng (mặc định: tháng hiện tại)').argParser(month))
    .option('--province <code|H..|name>', 'tỉnh: mã thống kê (11), mã cổng (H18) hoặc tên (mặc định: các tỉnh có tệp danh mục)')
    .action((opts: { month?: Period; province?: string }) => withContext(io, (ctx) => runUnits(ctx, io, opts)));
  units
    .command('lineage')
    .description('Đơn vị tiền thân hoặc kế thừa của một đơn vị qua sắp xếp 1/7/2025 (toàn bộ / một phần)')
    .argument('<code|name>', 'mã thống kê (03127) hoặc tên (Phường Him Lam)')
    .addOption(new Option('--month <YYYY-MM>', 'chỉ đơn vị còn hiệu lực trong tháng (mã được dùng lại cho đơn vị khác)').argParser(month))
    .action((query: string, opts: { month?: Period }) => withContext(io, (ctx) => runUnitsLineage(ctx, io, query, opts)));
  units
    .command('import-dvhcvn')
    .description('Tạo tệp danh mục (schema/units/*.json) cho một tỉnh từ tệp JSON kiểu dvhcvn (ba cấp tỉnh → huyện → xã, hoặc hai cấp tỉnh → xã từ 1/7/2025)')
    .argument('<file>', 'tệp JSON dvhcvn (data[].level1_id/level2s[/level3s])')
    .requiredOption('--province <code>', 'mã tỉnh (2 chữ số)')
    .option('--district <code>', 'chỉ một huyện (3 chữ số)')
    .requiredOption('--valid-from <date>', 'hiệu lực từ ngày (YYYY-MM-DD)')
    .option('--valid-to <date>', 'hiệu lực đến ngày (YYYY-MM-DD)')
    .requiredOption('--out <file>', 'tệp danh mục cần ghi')
    .action((file: string, opts: { province: string; district?: string; validFrom: string; validTo?: string; out: string }) => runImportDvhcvn(io, file, opts));

  program
    .command('dashboard')
    .description('Bảng điều khiển vận hành (web): các tháng, lượt chạy, bảng điểm, nguồn, hàng đợi; dừng bằng SIGINT/SIGTERM')
    .addOption(new Option('--port <n>', 'cổng (mặc định DVC_DASHBOARD_PORT hoặc 3000)').argParser(positiveInt))
    .option('--host <address>', 'địa chỉ nghe (mặc định DVC_DASHBOARD_HOST hoặc 127.0.0.1)')
    .action((opts: { port?: number; host?: string }) => withContext(io, (ctx) => runDashboard(ctx, io, opts), 'info'));

  program
    .command('quarantine')
    .description('Các dòng/ô bị cách ly của một tháng: vị trí, giá trị tìm thấy, giá trị cần, lý do')
    .addOption(monthOption())
    .option('--source <source>', 'chỉ một nguồn (template, portal, one-door, dossier-list…)')
    .addOption(new Option('--limit <n>', 'số dòng tối đa').argParser(positiveInt).default(200))
    .action((opts: { month: Period; source?: string; limit: number }) => withContext(io, (ctx) => runQuarantine(ctx, io, opts)));

  program
    .command('status')
    .description('Tình trạng hệ thống: kho dữ liệu, hàng đợi, scheduler, worker, cầu dao, các lượt chạy gần nhất')
    .action(() => withContext(io, (ctx) => runStatus(ctx, io)));

  program
    .command('frameworks')
    .description('Các bộ chỉ số và chỉ số thành phần')
    .action(() => withContext(io, (ctx) => runFrameworks(ctx, io)));

  return program;
}

/**
 * Runs the CLI and returns the exit status.
 * @example process.exitCode = await main(process.argv)
 */
export async function main(argv: readonly string[], io: CliIo = processIo, now: () => Date = () => new Date()): Promise<number> {
  const program = buildProgram(io, now);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // commander has already printed its own message (unknown option, missing argument...).
      return error.exitCode || 2;
    }
    io.err(formatCliError(error));
    return 1;
  }
}
