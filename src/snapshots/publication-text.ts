// A revision's publication in words, for the CLI (`snapshots`) and the dashboard's revision list:
// when, why (complete, or on purpose with --allow-incomplete), which trigger/run and who.
import { lowerLabel, TRIGGER_LABELS } from '../text/labels.js';
import { clockTime } from '../text/time-text.js';
import type { SnapshotPublication } from './snapshot-store.js';

export const PUBLICATION_REASON_LABELS: Readonly<Record<SnapshotPublication['reason'], string>> = {
  complete: 'đủ số liệu',
  'allow-incomplete': 'công bố dù chưa đủ số liệu (--allow-incomplete)',
};

/**
 * @example publicationText(p) // 'Công bố lúc 10:15 30/11/2026 — công bố dù chưa đủ số liệu (--allow-incomplete) — thủ công, bởi an@may-chu'
 */
export function publicationText(p: SnapshotPublication): string {
  const by = [lowerLabel(TRIGGER_LABELS, p.trigger), p.runId ? `lượt chạy #${p.runId}` : null, p.actor ? `bởi ${p.actor}` : null].filter(Boolean).join(', ');
  return `Công bố lúc ${clockTime(p.publishedAt)} — ${PUBLICATION_REASON_LABELS[p.reason]} — ${by}`;
}
