// The dvc-sync command line. Operator-facing text is Vietnamese; every failure is one line with an
// English error code and a non-zero exit status.
import { CommanderError, Option, type Command } from 'commander';
import { assertNotFuturePeriod, parseAnyPeriod, parsePeriod, type Period } from '../core/period.js';
import { DEFAULT_FRAMEWORK_KEY } from '../frameworks/default-framework.js';
import { checkCommandNames, positiveInt, vietnameseProgram, type CliCommand } from './cli-commander.js';
import { CliError, formatCliError } from './cli-error.js';
import { processIo, quietOnClosedPipes, withContext, withReference, type CliIo, type ReferenceData } from './cli-io.js';
import { withPeriodOptions } from './period-option.js';
import { parseShare, REPORT_FORMATS, type ReportFormat } from './report-options.js';
import type { SyncCommandOptions } from './sync-commands.js';

// Command modules are imported when their command runs: `--help`, `frameworks` or `units` must not
// load the store, Excel, Word or the web server.
const month = (value: string): Period => parsePeriod(value);

/** Builds the program; actions write through `io` so tests can run commands in-process. */
export function buildProgram(io: CliIo, now: () => Date = () => new Date()): CliCommand {
  // Periods that import, score or capture: one that has not begun is refused before any work.
  const workPeriod = (period: Period): Period => assertNotFuturePeriod(period, now());
  const workAnyPeriod = (value: string): Period => workPeriod(parseAnyPeriod(value));
  const program = vietnameseProgram('dvc-sync', (s) => io.out(s), (s) => io.err(s));
  program.description('Đồng bộ, chấm điểm và lưu bảng xếp hạng chất lượng phục vụ (Bộ chỉ số 766) theo tháng');
  const frameworkOption = () => new Option('--framework <mã>', 'bộ chỉ số').default(DEFAULT_FRAMEWORK_KEY);
  const monthOption = () => new Option('--month <YYYY-MM>', 'tháng').argParser(month).makeOptionMandatory();
  // --month or --period (month, quarter, year), read as opts.period; `work` refuses a period not begun.
  const periodCommand = (name: string, settings: { work?: boolean; required?: boolean } = {}) =>
    withPeriodOptions(program.command(name), { required: settings.required ?? true, ...(settings.work ? { check: workPeriod } : {}) });
  const provinceOption = () => new Option('--province <mã|H..|tên>', 'tỉnh được đánh giá khi bộ chỉ số không cố định tỉnh (qd766-2022): mã thống kê (11), mã cổng (H18) hoặc tên');
  // --framework replaced by the framework evaluated for --province (`qd766-2022@11`); without --province
  // the key stands and the province settings are not loaded.
  const withProvince = async <T extends { framework: string; province?: string }>(ref: ReferenceData, opts: T, period: Period): Promise<T> =>
    opts.province === undefined ? opts : { ...opts, framework: (await import('./province-option.js')).scopedFrameworkKey(ref, opts.framework, opts.province, period) };

  program
    .command('quickstart', { isDefault: true })
    .description('Chạy ví dụ Điện Biên Phủ tháng 9/2023 trên kho nhúng: nhập, chấm điểm, in bảng')
    .action(() => withContext(io, async (ctx) => (await import('./quickstart-command.js')).runQuickstart(ctx, io)));

  program
    .command('migrate')
    .description('Tạo/cập nhật cấu trúc cơ sở dữ liệu')
    .action(() => withContext(io, async (ctx) => (await import('./store-commands.js')).runMigrate(ctx, io)));

  // A quarter's or a year's portal answer is imported with --period; months keep --month.
  periodCommand('import', { work: true })
    .description('Nhập tệp số liệu (mẫu nhập liệu, báo cáo một cửa, danh sách hồ sơ, JSON/HAR của Cổng DVCQG)')
    .argument('<tệp...>', 'tệp .xlsx, .csv, .json hoặc .har')
    .addOption(new Option('--source <nguồn>', 'loại nguồn (tự nhận biết nếu bỏ trống)').choices(['template', 'one-door', 'dossier-list', 'portal']))
    .action((files: string[], opts: { period: Period; source?: string }) =>
      withContext(io, async (ctx) => void (await (await import('./import-command.js')).runImport(ctx, io, { files, period: opts.period, source: opts.source }))),
    );

  periodCommand('score', { work: true })
    .description('Chấm điểm một kỳ (tháng, quý, năm) từ số liệu đã lưu của kỳ đó và ghi bảng điểm (phiên bản mới nếu số liệu thay đổi)')
    .addOption(frameworkOption())
    .option('--allow-incomplete', 'công bố cả khi còn thiếu chỉ số')
    .option('--force', 'ghi cả khi chưa có số liệu nào')
    .addOption(provinceOption())
    .action((opts: { period: Period; framework: string; province?: string; allowIncomplete?: boolean; force?: boolean }) =>
      withContext(io, async (ctx) => (await import('./store-commands.js')).runScore(ctx, io, await withProvince(ctx, opts, opts.period))),
    );

  periodCommand('report')
    .description('Xuất bảng điểm một kỳ (tháng, quý, năm)')
    .addOption(frameworkOption())
    .addOption(new Option('--revision <số>', 'phiên bản (mặc định: bản đã công bố)').argParser(positiveInt))
    .addOption(new Option('--format <dạng>', 'định dạng (md, html, docx: bản dự thảo báo cáo)').choices([...REPORT_FORMATS]).default('table'))
    .option('--out <tệp>', 'ghi ra tệp')
    .addOption(new Option('--low <tỷ_lệ>', "ngưỡng 'tỷ lệ còn thấp' (phần của điểm tối đa, ví dụ 0.5)").argParser(parseShare))
    .addOption(new Option('--very-low <tỷ_lệ>', "ngưỡng 'tỷ lệ còn rất thấp' (ví dụ 0.2)").argParser(parseShare))
    .option('--settings <tệp>', 'tệp cấu hình báo cáo (mặc định schema/reports/narrative.json)')
    .option('--wide', 'table: bảng đầy đủ như phụ lục (khoảng 215 cột); mặc định vừa 120 cột')
    .option('--excel-vi', "csv: cho Excel tiếng Việt (dấu ';' ngăn cột, dấu phẩy thập phân)")
    .addOption(provinceOption())
    .action((opts: { period: Period; framework: string; province?: string; revision?: number; format: ReportFormat; out?: string; low?: number; veryLow?: number; settings?: string; wide?: boolean; excelVi?: boolean }) =>
      withContext(io, async (ctx) =>
        (await import('./report-command.js')).runReport(ctx, io, {
          period: opts.period,
          framework: (await withProvince(ctx, opts, opts.period)).framework,
          format: opts.format,
          ...(opts.revision ? { revision: opts.revision } : {}),
          ...(opts.out ? { out: opts.out } : {}),
          ...(opts.low !== undefined ? { low: opts.low } : {}),
          ...(opts.veryLow !== undefined ? { veryLow: opts.veryLow } : {}),
          ...(opts.settings ? { settings: opts.settings } : {}),
          ...(opts.wide ? { wide: true } : {}),
          ...(opts.excelVi ? { excelVi: true } : {}),
        }),
      ),
    );

  periodCommand('gaps')
    .description('Mỗi đơn vị cần thêm bao nhiêu hồ sơ để đạt mức xếp loại cao hơn')
    .addOption(frameworkOption())
    .addOption(new Option('--revision <số>', 'phiên bản (mặc định: bản đã công bố)').argParser(positiveInt))
    .option('--unit <mã>', 'chỉ một đơn vị (mã hoặc tên)')
    .addOption(provinceOption())
    .action((opts: { period: Period; framework: string; province?: string; revision?: number; unit?: string }) =>
      withContext(io, async (ctx) => {
        await (await import('./gaps-command.js')).runGaps(ctx, io, {
          period: opts.period,
          framework: (await withProvince(ctx, opts, opts.period)).framework,
          ...(opts.revision ? { revision: opts.revision } : {}),
          ...(opts.unit !== undefined ? { unit: opts.unit } : {}),
        });
      }),
    );

  periodCommand('snapshots')
    .description('Các phiên bản bảng điểm của một kỳ (tháng, quý, năm) và thay đổi giữa chúng')
    .addOption(frameworkOption())
    .addOption(provinceOption())
    .action((opts: { period: Period; framework: string; province?: string }) =>
      withContext(io, async (ctx) => (await import('./store-commands.js')).runSnapshots(ctx, io, await withProvince(ctx, opts, opts.period))),
    );

  periodCommand('sync', { work: true })
    .description('Đồng bộ một kỳ từ các nguồn (Cổng DVCQG: tháng, quý, năm; hệ thống một cửa: tháng), chấm điểm và lưu bảng điểm')
    .addOption(frameworkOption())
    .option('--source <nguồn>', 'chỉ một nguồn (portal, portal-legacy, one-door)')
    .option('--force', 'chấm điểm cả khi không nguồn nào có số liệu')
    .option('--allow-incomplete', 'công bố cả khi còn thiếu nguồn/chỉ số')
    .option('--wait', 'khi dùng hàng đợi: chờ và hiện tiến độ đến khi xong')
    .addOption(provinceOption())
    .action((opts: SyncCommandOptions & { province?: string }, command: Command) =>
      withContext(io, async (ctx) => {
        const sync = await import('./sync-commands.js');
        sync.validateSource(opts.source);
        // Without --province: the provinces of DVC_PROVINCES (docs/decisions/0017-province-selection.md).
        if (opts.province === undefined) return (await import('./sync-selection.js')).runSyncSelection(ctx, io, opts, command.getOptionValueSource('framework') !== 'default');
        const scoped = await withProvince(ctx, opts, opts.period);
        if (ctx.config.redisUrl) await (await import('./queue-commands.js')).runSyncQueued(ctx, io, scoped);
        else await sync.runSyncInline(ctx, io, scoped);
      }),
    );

  program
    .command('backfill')
    .description('Chạy bù nhiều tháng (hoặc quý, năm) (ưu tiên thấp hơn lượt hằng đêm, giới hạn số kỳ chạy cùng lúc)')
    .requiredOption('--from <kỳ>', 'từ tháng YYYY-MM (hoặc quý YYYY-Qn, năm YYYY)', workAnyPeriod)
    .requiredOption('--to <kỳ>', 'đến tháng YYYY-MM (cùng loại kỳ với --from)', workAnyPeriod)
    .addOption(frameworkOption())
    .option('--source <nguồn>', 'chỉ một nguồn')
    .addOption(new Option('--concurrency <số>', 'số tháng chạy cùng lúc').argParser(positiveInt).default(2))
    .option('--dry-run', 'chỉ liệt kê các tháng sẽ chạy')
    .addOption(provinceOption())
    .action((opts: { from: Period; to: Period; framework: string; source?: string; concurrency: number; dryRun?: boolean; province?: string }) =>
      withContext(io, async (ctx) => {
        (await import('./sync-commands.js')).validateSource(opts.source);
        await (await import('./queue-commands.js')).runBackfill(ctx, io, await withProvince(ctx, opts, opts.to));
      }),
    );

  program
    .command('worker')
    .description('Chạy worker xử lý hàng đợi (cần REDIS_URL); dừng êm khi nhận SIGTERM/SIGINT')
    .addOption(new Option('--concurrency <số>', 'số việc xử lý song song').argParser(positiveInt).default(1))
    .action((opts: { concurrency: number }) => withContext(io, async (ctx) => (await import('./queue-commands.js')).runWorker(ctx, io, opts), 'info'));

  program
    .command('scheduler')
    .description('Lịch đồng bộ hằng đêm (mặc định 04:00 giờ Việt Nam): tháng hiện tại và tháng trước')
    .option('--cron <biểu_thức>', 'biểu thức cron (mặc định DVC_NIGHTLY_CRON hoặc "0 4 * * *")')
    .action((opts: { cron?: string }) => withContext(io, async (ctx) => (await import('./queue-commands.js')).runScheduler(ctx, io, opts), 'info'));

  withPeriodOptions(program.command('runs'), { required: false, monthDescription: 'chỉ một tháng' })
    .description('Lịch sử các lượt chạy (hoặc chi tiết một lượt)')
    .argument('[số]', 'số lượt chạy', positiveInt)
    .action((id: number | undefined, opts: { period?: Period }) =>
      withContext(io, async (ctx) => (await import('./sync-commands.js')).runRuns(ctx, io, { ...(opts.period ? { period: opts.period } : {}), ...(id ? { id } : {}) })),
    );

  program
    .command('cancel')
    .description('Huỷ một lượt chạy đang chờ hoặc đang chạy')
    .argument('<số>', 'số lượt chạy', positiveInt)
    .action((id: number) => withContext(io, async (ctx) => (await import('./sync-commands.js')).runCancel(ctx, io, id)));

  const sources = program.command('sources').description('Các nguồn số liệu');
  sources
    .command('check')
    .description('Kiểm tra kết nối/đọc được từng nguồn đã cấu hình')
    .action(() => withContext(io, async (ctx) => (await import('./sync-commands.js')).runSourcesCheck(ctx, io)));
  sources
    .command('reset')
    .description('Đóng lại cầu dao của một nguồn sau khi đã xử lý nguyên nhân')
    .requiredOption('--source <nguồn>', 'nguồn (portal)')
    .action((opts: { source: string }) => withContext(io, async (ctx) => (await import('./sync-commands.js')).runSourcesReset(ctx, io, opts)));

  periodCommand('reconcile')
    .description('Các đơn vị có số liệu khác nhau giữa các nguồn trong một kỳ, và tổng điểm khác với điểm Cổng DVCQG công bố (qd766-2022)')
    .addOption(new Option('--format <dạng>', 'định dạng').choices(['text', 'json']).default('text'))
    .action((opts: { period: Period; format: 'text' | 'json' }) => withContext(io, async (ctx) => (await import('./sync-commands.js')).runReconcile(ctx, io, opts)));

  program
    .command('template')
    .description('Tạo mẫu nhập số liệu (XLSX) cho một tháng')
    .addOption(monthOption())
    .addOption(frameworkOption())
    .requiredOption('--out <tệp>', 'tệp .xlsx cần ghi')
    .addOption(provinceOption())
    .action((opts: { month: Period; framework: string; province?: string; out: string }) =>
      withReference(async (ref) => (await import('./reference-commands.js')).runTemplate(ref, io, await withProvince(ref, opts, opts.month))),
    );

  const units = program.command('units').description('Danh mục đơn vị hành chính');
  units
    .command('list', { isDefault: true })
    .description('Liệt kê các đơn vị của một tỉnh còn hiệu lực trong tháng')
    .addOption(new Option('--month <YYYY-MM>', 'tháng (mặc định: tháng hiện tại)').argParser(month))
    .option('--province <mã|H..|tên>', 'tỉnh: mã thống kê (11), mã cổng (H18) hoặc tên (mặc định: các tỉnh có tệp danh mục)')
    .action((opts: { month?: Period; province?: string }) => withReference(async (ref) => (await import('./units-commands.js')).runUnits(ref, io, opts)));
  units
    .command('lineage')
    .description('Đơn vị tiền thân hoặc kế thừa của một đơn vị qua sắp xếp 1/7/2025 (toàn bộ / một phần)')
    .argument('<mã|tên>', 'mã thống kê (03127) hoặc tên (Phường Him Lam)')
    .addOption(new Option('--month <YYYY-MM>', 'chỉ đơn vị còn hiệu lực trong tháng (mã được dùng lại cho đơn vị khác)').argParser(month))
    .action((query: string, opts: { month?: Period }) => withReference(async (ref) => (await import('./units-commands.js')).runUnitsLineage(ref, io, query, opts)));
  units
    .command('import-dvhcvn')
    .description('Tạo tệp danh mục (schema/units/*.json) cho một tỉnh từ tệp JSON kiểu dvhcvn (ba cấp tỉnh → huyện → xã, hoặc hai cấp tỉnh → xã từ 1/7/2025)')
    .argument('<tệp>', 'tệp JSON dvhcvn (data[].level1_id/level2s[/level3s])')
    .requiredOption('--province <mã>', 'mã tỉnh (2 chữ số)')
    .option('--district <mã>', 'chỉ một huyện (3 chữ số)')
    .requiredOption('--valid-from <ngày>', 'hiệu lực từ ngày (YYYY-MM-DD)')
    .option('--valid-to <ngày>', 'hiệu lực đến ngày (YYYY-MM-DD)')
    .requiredOption('--out <tệp>', 'tệp danh mục cần ghi')
    .action(async (file: string, opts: { province: string; district?: string; validFrom: string; validTo?: string; out: string }) => (await import('./units-commands.js')).runImportDvhcvn(io, file, opts));

  program
    .command('dashboard')
    .description('Bảng điều khiển vận hành (web): các tháng, lượt chạy, bảng điểm, nguồn, hàng đợi; dừng bằng SIGINT/SIGTERM')
    .addOption(new Option('--port <số>', 'cổng (mặc định DVC_DASHBOARD_PORT hoặc 3000)').argParser(positiveInt))
    .option('--host <địa_chỉ>', 'địa chỉ nghe (mặc định DVC_DASHBOARD_HOST hoặc 127.0.0.1)')
    .action((opts: { port?: number; host?: string }) => withContext(io, async (ctx) => (await import('./dashboard-command.js')).runDashboard(ctx, io, opts), 'info'));

  periodCommand('quarantine')
    .description('Các dòng/ô bị cách ly của một kỳ: vị trí, giá trị tìm thấy, giá trị cần, lý do')
    .option('--source <nguồn>', 'chỉ một nguồn (template, portal, one-door, dossier-list…)')
    .addOption(new Option('--limit <số>', 'số dòng tối đa').argParser(positiveInt).default(200))
    .action((opts: { period: Period; source?: string; limit: number }) => withContext(io, async (ctx) => (await import('./ops-commands.js')).runQuarantine(ctx, io, opts)));

  program
    .command('status')
    .description('Tình trạng hệ thống: kho dữ liệu, hàng đợi, scheduler, worker, cầu dao, các lượt chạy gần nhất')
    .action(() => withContext(io, async (ctx) => (await import('./ops-commands.js')).runStatus(ctx, io)));

  program
    .command('frameworks')
    .description('Các bộ chỉ số và chỉ số thành phần')
    .action(() => withReference(async (ref) => (await import('./reference-commands.js')).runFrameworks(ref, io)));

  return program;
}

/**
 * Runs the CLI and returns the exit status.
 * @example process.exitCode = await main(process.argv)
 */
export async function main(argv: readonly string[], io: CliIo = processIo, now: () => Date = () => new Date()): Promise<number> {
  if (io === processIo) quietOnClosedPipes();
  const program = buildProgram(io, now);
  try {
    checkCommandNames(program, argv.slice(2));
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // Only help output ends here: parse errors are CliErrors (see cli-commander.ts).
      return error.exitCode || 2;
    }
    io.err(formatCliError(error));
    return error instanceof CliError ? error.exitCode : 1;
  }
}
