// How the dashboard writes times, durations, sizes, numbers and statuses for Vietnamese readers
// (Vietnam time, decimal commas, the domain's own words).
import { formatDecimal } from '../../core/rounding.js';

const timeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** "28/11/2026 04:03:12" in Vietnam time; '—' when unknown. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '—' : timeFormat.format(date);
}

/** "850 ms", "12,4 s", "3 phút 05 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${formatDecimal(ms / 1000, 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} phút ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
}

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

export const RUN_STATUS_LABELS: Readonly<Record<string, string>> = {
  queued: 'Đang chờ',
  running: 'Đang chạy',
  succeeded: 'Thành công',
  failed: 'Thất bại',
  cancelled: 'Đã huỷ',
  skipped: 'Bỏ qua',
};

export const TRIGGER_LABELS: Readonly<Record<string, string>> = {
  nightly: 'Hằng đêm',
  manual: 'Thủ công',
  backfill: 'Chạy bù',
  quickstart: 'Ví dụ',
  cli: 'Dòng lệnh',
};

export const SNAPSHOT_STATUS_LABELS: Readonly<Record<string, string>> = {
  published: 'Đã công bố',
  superseded: 'Đã được thay thế',
  incomplete: 'Chưa đủ số liệu',
  none: 'Chưa có bảng điểm',
};

export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  portal: 'Cổng DVCQG',
  'portal-legacy': 'Cổng DVCQG (API cũ)',
  'one-door': 'Hệ thống một cửa',
  template: 'Mẫu nhập liệu',
  'dossier-list': 'Danh sách hồ sơ',
};

export const label = (labels: Readonly<Record<string, string>>, key: string): string => labels[key] ?? key;

/** A stage name in words: "capture:portal:11" → "Thu thập · Cổng DVCQG · tỉnh 11". */
export function stageLabel(name: string): string {
  const [kind, source, province] = name.split(':');
  if (kind === 'capture' && source) return `Thu thập · ${label(SOURCE_LABELS, source)}${province ? ` · tỉnh ${province}` : ''}`;
  if (kind === 'score') return 'Chuẩn hoá, chấm điểm, lưu bảng điểm';
  return name;
}
