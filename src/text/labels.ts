// The product's codes in the operator's words, shared by the CLI and the dashboard: run and snapshot
// statuses, triggers, source kinds, pipeline stages, and network failures explained.

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
  import: 'Nhập tệp',
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

/** What an indicator with an empty denominator scores (framework `empty`). */
export const EMPTY_RULE_LABELS: Readonly<Record<string, string>> = {
  zero: '0 điểm',
  max: 'điểm tối đa',
  null: 'không tính (để trống)',
};

export const label = (labels: Readonly<Record<string, string>>, key: string): string => labels[key] ?? key;

/** A label starting a sentence in lower case ("thất bại"), for running text. */
export const lowerLabel = (labels: Readonly<Record<string, string>>, key: string): string => {
  const text = label(labels, key);
  return text === key ? text : text.charAt(0).toLowerCase() + text.slice(1);
};

/**
 * A stage name in words: "capture:portal:11" → "Thu thập · Cổng DVCQG · tỉnh 11", or with the
 * province's name when `provinceName` knows it ("… · tỉnh Điện Biên").
 */
export function stageLabel(name: string, provinceName?: (code: string) => string | undefined): string {
  const [kind, source, province] = name.split(':');
  if (kind === 'capture' && source) return `Thu thập · ${label(SOURCE_LABELS, source)}${province ? ` · ${provinceText(province, provinceName)}` : ''}`;
  if (kind === 'score') return 'Chuẩn hoá, chấm điểm, lưu bảng điểm';
  return name;
}

/**
 * A source of one province, as `sync` lists it: "portal/11" → "Cổng DVCQG – tỉnh Điện Biên".
 * @example sourceTaskLabel('portal/11', () => 'Điện Biên') // 'Cổng DVCQG – tỉnh Điện Biên'
 */
export function sourceTaskLabel(task: string, provinceName?: (code: string) => string | undefined): string {
  const [source, province] = task.split(/[/:]/);
  return `${label(SOURCE_LABELS, source ?? task)}${province ? ` – ${provinceText(province, provinceName)}` : ''}`;
}

function provinceText(code: string, provinceName?: (code: string) => string | undefined): string {
  const name = provinceName?.(code);
  return name ? `tỉnh ${name.replace(/^tỉnh\s+/i, '')}` : `tỉnh ${code}`;
}

const NETWORK_ERRORS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'từ chối kết nối',
  ECONNRESET: 'kết nối bị ngắt giữa chừng',
  ETIMEDOUT: 'hết thời gian chờ',
  ECONNABORTED: 'hết thời gian chờ',
  ENOTFOUND: 'không tìm thấy máy chủ',
  EAI_AGAIN: 'không phân giải được tên máy chủ',
  ENETUNREACH: 'không có đường mạng tới máy chủ',
  EHOSTUNREACH: 'không tới được máy chủ',
};

/**
 * An error text with raw network codes explained for the source they came from:
 * "connect ECONNREFUSED 127.0.0.1:9" → "không kết nối được Cổng DVCQG (từ chối kết nối)".
 * @example explainNetworkError('connect ECONNREFUSED 127.0.0.1:9', 'portal')
 */
export function explainNetworkError(text: string, source?: string): string {
  const code = Object.keys(NETWORK_ERRORS).find((c) => text.includes(c));
  if (!code) return text;
  const where = source ? label(SOURCE_LABELS, source) : 'máy chủ';
  const explained = `không kết nối được ${where} (${NETWORK_ERRORS[code]})`;
  // Replace the bare socket message ("connect ECONNREFUSED host:port"), keep the product's own words.
  const replaced = text.replace(new RegExp(`(?:connect |read |getaddrinfo )?${code}(?: [\\w.:\\[\\]-]+)?`), explained);
  return replaced === text ? `${text} — ${explained}` : replaced;
}

/**
 * A run's or stage's message with the codes in it named: "capture:portal:11" and "portal/11" become
 * "Thu thập · Cổng DVCQG · tỉnh Điện Biên" / "Cổng DVCQG – tỉnh Điện Biên"; network codes are explained.
 * @example humanizeRunText('capture:portal:11: connect ECONNREFUSED 127.0.0.1:9')
 */
export function humanizeRunText(text: string, provinceName?: (code: string) => string | undefined): string {
  const source = /(?:capture:|\b)(portal-legacy|portal|one-door|dossier-list|template)(?=[:/])/.exec(text)?.[1];
  return explainNetworkError(
    text
      .replace(/capture:[\w-]+:\d+/g, (code) => stageLabel(code, provinceName))
      .replace(/\b(portal-legacy|portal|one-door)\/(\d{2})\b/g, (task) => sourceTaskLabel(task, provinceName)),
    source,
  );
}
