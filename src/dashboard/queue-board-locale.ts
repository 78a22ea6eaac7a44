// bull-board in Vietnamese where it allows: its client only accepts the languages it ships, so the
// board is told to use en-GB and /queues serves, under that name, the shipped en-US messages with the
// operator-facing words (menu, statuses, actions, job card) translated; the rest stays English.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The language code the board is configured with (one its client accepts). */
export const BOARD_LOCALE = 'en-GB';

const VI = {
  LOADING: 'Đang tải…',
  MENU: { OVERVIEW: 'Tổng quan', QUEUES: 'HÀNG ĐỢI', SEARCH_INPUT_PLACEHOLDER: 'Lọc hàng đợi', PAUSED: 'Tạm dừng', SCHEDULERS: 'Lịch chạy', METRICS_HISTORY: 'Lịch sử số đo' },
  DASHBOARD: {
    JOBS_COUNT_one: '{{count}} việc',
    JOBS_COUNT: '{{count}} việc',
    EMPTY_STATE: 'Không có hàng đợi nào.',
    EMPTY_STATE_FILTERED: 'Không hàng đợi nào có việc {{status}}.',
    SORTING: { TITLE: 'Sắp xếp theo', FAILED: 'Việc thất bại', DELAYED: 'Việc hoãn', WAITING: 'Việc đang chờ', ACTIVE: 'Việc đang chạy', COMPLETED: 'Việc hoàn thành', ALPHABETICAL: 'Tên (A-Z)' },
    VIEW: { TITLE: 'Hiển thị', FLAT: 'Danh sách', GROUPED: 'Theo nhóm' },
  },
  QUEUE: {
    NOT_FOUND: 'Không có hàng đợi này',
    EMPTY_STATE: 'Hàng đợi không có việc {{status}}.',
    STATUS: {
      ALL: 'Tất cả',
      LATEST: 'Mới nhất',
      ACTIVE: 'Đang chạy',
      WAITING: 'Đang chờ',
      'WAITING-CHILDREN': 'Chờ việc con',
      PRIORITIZED: 'Có ưu tiên',
      COMPLETED: 'Hoàn thành',
      FAILED: 'Thất bại',
      DELAYED: 'Hoãn (chờ thử lại)',
      PAUSED: 'Tạm dừng',
    },
    ACTIONS: { RETRY_ALL: 'Thử lại tất cả', PROMOTE_ALL: 'Chạy ngay tất cả', CLEAN_ALL: 'Dọn tất cả', RESUME: 'Tiếp tục', PAUSE: 'Tạm dừng', EMPTY: 'Làm rỗng' },
  },
  JOB: {
    NOT_FOUND: 'Không có việc này',
    STATUS: 'Trạng thái: {{status}}',
    ADDED_AT: 'Thêm lúc',
    WILL_RUN_AT: 'Sẽ chạy lúc',
    DELAYED_FOR: 'hoãn',
    PROCESS_STARTED_AT: 'Bắt đầu xử lý lúc',
    PROCESSED_BY: 'bởi {{processedBy}}',
    FAILED_AT: 'Thất bại lúc',
    FINISHED_AT: 'Xong lúc',
    ATTEMPTS: 'lần thử #{{attempts}}',
    DURATION: { SECS: '{{duration}} giây', MILLI_SECS: '{{duration}} mili giây' },
    SHOW_DATA_BTN: 'Xem dữ liệu',
    SHOW_ERRORS_BTN: 'Xem lỗi',
  },
} as const;

type Messages = { [key: string]: string | Messages };

function merge(base: Messages, over: Messages): Messages {
  const out: Messages = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}

let cached: string | undefined;

/** The board's messages: its shipped English with the Vietnamese above laid over (JSON text). */
export function boardMessages(): string {
  if (cached) return cached;
  const ui = dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json'));
  const english = JSON.parse(readFileSync(join(ui, 'dist/static/locales/en-US/messages.json'), 'utf8')) as Messages;
  cached = JSON.stringify(merge(english, VI as unknown as Messages));
  return cached;
}

/** The board's page without the Google Fonts request (an offline intranet cannot reach it), in Vietnamese. */
export const localBoardPage = (page: string): string =>
  page.replace(/<link[^>]+fonts\.(googleapis|gstatic)\.com[^>]*>\s*/g, '').replace('<html lang="en"', '<html lang="vi"');
