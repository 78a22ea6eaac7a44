// One clock for every screen: times in Asia/Ho_Chi_Minh as "HH:mm dd/MM/yyyy" (the CLI) or with the
// seconds, "HH:mm:ss dd/MM/yyyy" (the dashboard's tables); durations in Vietnamese units. JSON keeps ISO 8601.
import { formatDecimal } from '../core/rounding.js';

const VIETNAM = 'Asia/Ho_Chi_Minh';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

const toDate = (value: Date | string | null | undefined): Date | null => {
  if (!value) return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
};

function vietnamParts(date: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const out: Record<string, string> = {};
  for (const p of parts.formatToParts(date)) out[p.type] = p.value;
  return out as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string>;
}

/**
 * A time as the CLI shows it, Vietnam time: "04:03 28/11/2026"; '—' when unknown.
 * @example clockTime(new Date('2026-11-27T21:03:12Z')) // '04:03 28/11/2026'
 */
export function clockTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  const p = vietnamParts(date);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/**
 * A time with its seconds, as the dashboard's tables show it, Vietnam time; '—' when unknown.
 * @example formatTime('2026-11-27T21:03:12Z') // '04:03:12 28/11/2026'
 */
export function formatTime(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  const p = vietnamParts(date);
  return `${p.hour}:${p.minute}:${p.second} ${p.day}/${p.month}/${p.year}`;
}

/**
 * The time of day alone, with seconds, Vietnam time ("next try at …"); '—' when unknown.
 * @example timeOfDay('2026-11-27T21:03:12Z') // '04:03:12'
 */
export function timeOfDay(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  const p = vietnamParts(date);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "850 ms", "12,4 s", "3 phút 05 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatDecimal(ms / 1000, 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} phút ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}
