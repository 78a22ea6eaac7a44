// How CLI commands word what they print from the store: runs in one line, provinces by name, times on
// the Vietnam clock (the labels and the clock themselves are shared with the dashboard in src/text).
import type { AppContext } from '../app-context.js';
import { periodOfInstant, type Period } from '../core/period.js';
import type { Run } from '../runs/run-store.js';
import { formatDuration, clockTime } from '../text/time-text.js';
import { humanizeRunText, label, RUN_STATUS_LABELS, TRIGGER_LABELS } from '../text/labels.js';
import { periodText } from '../text/period-text.js';

/** The province names of the registry, for the month given (today's by default). */
export function provinceNames(ctx: Pick<AppContext, 'registry'>, month: Period = periodOfInstant(new Date())): (code: string) => string | undefined {
  return (code) => ctx.registry.province(code, month)?.name;
}

/**
 * One line per run: "#3 tháng 9/2023 · dien-bien-xa-2023 · Thủ công · Thất bại · 12,4 s · tạo lúc 04:03 28/11/2026 — …".
 * @example io.out(describeRun(run, provinceNames(ctx)))
 */
export function describeRun(run: Run, provinceName?: (code: string) => string | undefined): string {
  const took = run.startedAt && run.finishedAt ? ` · ${formatDuration(run.finishedAt.getTime() - run.startedAt.getTime())}` : '';
  const error = run.error ? ` — ${humanizeRunText(run.error, provinceName)}` : '';
  return `#${run.id} ${periodText(run.period)} · ${run.framework} · ${label(TRIGGER_LABELS, run.trigger)} · ${label(RUN_STATUS_LABELS, run.status)}${took} · tạo lúc ${clockTime(run.createdAt)}${error}`;
}

/**
 * One quarantined row or cell in one line, each part once: where, why, what was found, what was
 * expected (a reason that already starts with its location or contains the hint is not repeated).
 * @example problemText('Tệp a.csv, dòng 2', { reason: "Tệp a.csv, dòng 2: 'x' không phải số", found: 'x', expected: 'một số' })
 */
export function problemText(where: string, p: { readonly reason: string; readonly found: string | null; readonly expected: string | null }): string {
  let reason = p.reason.trim();
  if (where && reason.startsWith(`${where}:`)) reason = reason.slice(where.length + 1).trim();
  const parts = [`${where}: ${reason.replace(/\.$/, '')}.`];
  if (p.found !== null && !reason.includes(`'${p.found}'`)) parts.push(`Tìm thấy: '${p.found}'.`);
  if (p.expected !== null) {
    // "một đơn vị trong danh mục; gần nhất: …" — the closest names are usually in the reason already.
    const pieces = p.expected.split(/;\s*/).filter((piece) => !reason.includes(piece.trim()));
    if (pieces.length) parts.push(`Cần: ${pieces.join('; ').replace(/\.$/, '')}.`);
  }
  return parts.join(' ');
}
