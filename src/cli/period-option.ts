// The period of a command, one definition for every command that takes one: `--month YYYY-MM` (months,
// as always) or `--period YYYY-MM | YYYY-Qn | YYYY` (the 766 ranking is also published per quarter and
// year). Both at once are refused naming both; the action reads the chosen period as `opts.period`.
import { Option, type Command } from 'commander';
import { parseAnyPeriod, parsePeriod, PERIOD_FORMS, periodKind, type Period } from '../core/period.js';
import { CliError } from './cli-error.js';


export interface PeriodOptionSettings {
  /** The command cannot run without a period (default true). */
  readonly required?: boolean;
  /** Applied to the parsed period, e.g. the refusal of a period that has not begun. */
  readonly check?: (period: Period) => Period;
  /** How --month is described in the help (default "tháng"). */
  readonly monthDescription?: string;
}

/**
 * Adds --month and --period to a command; before its action runs, `opts.period` holds the one given.
 * @example withPeriodOptions(program.command('score'), { check: workPeriod }).action((opts: { period: Period }) => …)
 */
export function withPeriodOptions<C extends Command>(command: C, settings: PeriodOptionSettings = {}): C {
  const check = settings.check ?? ((p: Period) => p);
  command
    .addOption(new Option('--month <YYYY-MM>', settings.monthDescription ?? 'tháng').argParser((v: string) => check(parsePeriod(v))))
    .addOption(new Option('--period <kỳ>', `kỳ: ${PERIOD_FORMS} (thay cho --month)`).argParser((v: string) => check(parseAnyPeriod(v))))
    .hook('preAction', (_, action) => {
      const opts = action.opts<{ month?: Period; period?: Period }>();
      action.setOptionValue('period', chosenPeriod(action.name(), opts, settings.required ?? true));
    });
  return command;
}

/**
 * The period given by --month or --period; refuses both, and none when one is required.
 * @example chosenPeriod('score', { period: '2026-Q1' }, true) // '2026-Q1'
 */
export function chosenPeriod(command: string, opts: { month?: Period | undefined; period?: Period | undefined }, required: boolean): Period | undefined {
  if (opts.month && opts.period) {
    throw new CliError(
      `Lệnh '${command}' nhận một kỳ, nhưng có cả --month ${opts.month} và --period ${opts.period}: dùng --month cho một tháng hoặc --period cho ${PERIOD_FORMS}, không dùng cả hai`,
      'CONFLICTING_PERIOD',
      2,
    );
  }
  const period = opts.period ?? opts.month;
  if (!period && required) throw new CliError(`Lệnh '${command}' cần tuỳ chọn --month YYYY-MM hoặc --period (${PERIOD_FORMS})`, 'MISSING_OPTION', 2);
  return period;
}

/**
 * The option that names a period on a command line the operator is told to run.
 * @example periodFlag(parseAnyPeriod('2026-Q1')) // '--period 2026-Q1'
 */
export function periodFlag(period: Period): string {
  return `${periodKind(period) === 'month' ? '--month' : '--period'} ${period}`;
}
