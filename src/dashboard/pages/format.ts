// How the dashboard writes times, durations, sizes, numbers and statuses for Vietnamese readers
// (Vietnam time, decimal commas, the domain's own words); times and labels come from src/text, shared
// with the CLI.
import { formatDecimal } from '../../core/rounding.js';

export { formatDuration, formatTime } from '../../text/time-text.js';

/** "512 B", "48,2 KB", "3,1 MB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${formatDecimal(bytes / 1024, 1)} KB`;
  if (bytes < 1024 ** 3) return `${formatDecimal(bytes / 1024 ** 2, 1)} MB`;
  return `${formatDecimal(bytes / 1024 ** 3, 2)} GB`;
}

/** A signed change: "+1,5", "−0,3", "0". */
export function formatDelta(value: number | null, digits: number): string {
  if (value === null) return '—';
  const rounded = Number(formatDecimal(Math.abs(value), digits, '.'));
  if (rounded === 0) return '0';
  return `${value > 0 ? '+' : '−'}${formatDecimal(Math.abs(value), digits)}`;
}

export { label, RUN_STATUS_LABELS, SNAPSHOT_STATUS_LABELS, SOURCE_LABELS, stageLabel, TRIGGER_LABELS } from '../../text/labels.js';
