// A reporting period: one calendar month written `YYYY-MM`. Periods are explicit keys, never "latest".

export type Period = string & { readonly __period: unique symbol };

const PERIOD_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Validates and brands a `YYYY-MM` string.
 * @example parsePeriod('2023-09') // '2023-09'
 */
export function parsePeriod(text: string): Period {
  const trimmed = text.trim();
  const match = PERIOD_PATTERN.exec(trimmed);
  if (!match) {
    throw new PeriodError(`Tháng không hợp lệ: '${text}' (cần dạng YYYY-MM, ví dụ 2023-09)`, text);
  }
  const year = Number(match[1]);
  if (year < 2000 || year > 2100) {
    throw new PeriodError(`Năm ngoài khoảng 2000–2100: '${text}'`, text);
  }
  return trimmed as Period;
}

export class PeriodError extends Error {
  readonly code = 'INVALID_PERIOD';
  constructor(message: string, readonly found: string) {
    super(message);
    this.name = 'PeriodError';
  }
}

export function periodYear(period: Period): number {
  return Number(period.slice(0, 4));
}

export function periodMonth(period: Period): number {
  return Number(period.slice(5, 7));
}

/**
 * Calendar bounds of a period as ISO dates (inclusive).
 * @example periodBounds(parsePeriod('2023-09')) // { first: '2023-09-01', last: '2023-09-30' }
 */
export function periodBounds(period: Period): { first: string; last: string } {
  const year = periodYear(period);
  const month = periodMonth(period);
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(lastDay).padStart(2, '0')}` };
}

/**
 * Shifts a period by whole months.
 * @example shiftPeriod(parsePeriod('2023-01'), -1) // '2022-12'
 */
export function shiftPeriod(period: Period, months: number): Period {
  const index = periodYear(period) * 12 + (periodMonth(period) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${year}-${String(month).padStart(2, '0')}` as Period;
}

/** Every period from `from` to `to`, inclusive, in order. */
export function periodRange(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = from; p <= to; p = shiftPeriod(p, 1)) out.push(p);
  return out;
}

/** The period containing an instant, in Vietnam's time zone (UTC+7, no daylight saving). */
export function periodOfInstant(instant: Date): Period {
  const local = new Date(instant.getTime() + 7 * 3600_000);
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}` as Period;
}

/** Vietnamese label: "tháng 9 năm 2023". */
export function periodLabel(period: Period): string {
  return `tháng ${periodMonth(period)} năm ${periodYear(period)}`;
}

/** A month that has not begun yet in Vietnam: nothing can be imported, scored or captured for it. */
export class FuturePeriodError extends Error {
  readonly code = 'FUTURE_PERIOD';
  constructor(
    message: string,
    readonly period: Period,
    readonly current: Period,
  ) {
    super(message);
    this.name = 'FuturePeriodError';
  }
}

/**
 * Refuses a month after the current month in Vietnam time; entry points call it, with their clock,
 * before doing any work.
 * @example assertNotFuturePeriod(parsePeriod('2027-01'), new Date('2026-11-30T08:00:00Z')) // throws FuturePeriodError
 */
export function assertNotFuturePeriod(period: Period, now: Date): Period {
  const current = periodOfInstant(now);
  if (period > current) {
    throw new FuturePeriodError(
      `Tháng ${period} (${periodLabel(period)}) chưa đến: hôm nay thuộc ${periodLabel(current)} (${current}, giờ Việt Nam); chỉ nhập, chấm điểm hay đồng bộ được tháng hiện tại hoặc các tháng trước`,
      period,
      current,
    );
  }
  return period;
}
