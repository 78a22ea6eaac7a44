// A revision's publication in words, for the CLI (`snapshots`) and the dashboard's revision list:
// when, why (complete, or on purpose with --allow-incomplete), which trigger/run and who.
import type { SnapshotPublication } from './snapshot-store.js';

const clock = new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric', hour12: false });

export const PUBLICATION_REASON_LABELS: Readonly<Record<SnapshotPublication['reason'], string>> = {
  complete: 'đủ số liệu',
  'allow-incomplete': 'công bố dù chưa đủ số liệu (--allow-incomplete)',
};

const TRIGGERS: Readonly<Record<string, string>> = { manual: 'thủ công', nightly: 'lượt hằng đêm', backfill: 'chạy bù', import: 'nhập tệp', quickstart: 'ví dụ' };

/**
 * @example publicationText(p) // 'Công bố lúc 10:15 30/11/2026 — công bố dù chưa đủ số liệu (--allow-incomplete) — thủ công, bởi an@may-chu'
 */
export function publicationText(p: SnapshotPublication): string {
  const by = [TRIGGERS[p.trigger] ?? p.trigger, p.runId ? `lượt chạy #${p.runId}` : null, p.actor ? `bởi ${p.actor}` : null].filter(Boolean).join(', ');
  return `Công bố lúc ${clock.format(p.publishedAt)} — ${PUBLICATION_REASON_LABELS[p.reason]} — ${by}`;
}
