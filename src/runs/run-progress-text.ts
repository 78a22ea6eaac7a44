// The words for a run's progress, shared by the CLI and the dashboard: the state names and one
// line per step (attempt n of N, the next try in Vietnam time, the last error).
import { timeOfDay } from '../text/time-text.js';
import type { RunState, StepProgress, StepState } from './run-progress.js';

export const STEP_STATE_LABELS: Readonly<Record<StepState, string>> = {
  waiting: 'Đang chờ',
  running: 'Đang chạy',
  retrying: 'Chờ thử lại',
  done: 'Xong',
  failed: 'Thất bại',
  skipped: 'Bỏ qua',
};

export const RUN_STATE_LABELS: Readonly<Record<RunState, string>> = {
  queued: 'Đang chờ',
  running: 'Đang chạy',
  retrying: 'Chờ thử lại',
  failing: 'Đang kết thúc — có bước thất bại',
  succeeded: 'Thành công',
  failed: 'Thất bại',
  cancelled: 'Đã huỷ',
};

/** Badge colour class of a state (the dashboard's .s-* classes). */
export const STATE_CLASS: Readonly<Record<StepState | RunState, string>> = {
  waiting: 'queued',
  queued: 'queued',
  running: 'running',
  retrying: 'retrying',
  failing: 'failed',
  done: 'succeeded',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  skipped: 'skipped',
};

/**
 * What a step is doing, in words.
 * @example stepNote(step) // 'lần 1/3 lỗi: Cổng trả lời 503; thử lại lúc 10:15:30 (giờ Việt Nam)'
 */
export function stepNote(step: StepProgress): string {
  const of = step.attempt !== null && step.maxAttempts !== null ? `lần ${step.attempt}/${step.maxAttempts}` : null;
  switch (step.state) {
    case 'waiting':
      return 'chưa bắt đầu';
    case 'running':
      return [of && step.attempt! > 1 ? `đang thử ${of}` : null, step.error ? `lần trước lỗi: ${step.error}` : null].filter(Boolean).join('; ');
    case 'retrying':
      return [`${of ?? 'lần này'} lỗi: ${step.error ?? 'không rõ'}`, step.nextAttemptAt ? `thử lại lúc ${timeOfDay(step.nextAttemptAt)} (giờ Việt Nam)` : 'chờ hàng đợi thử lại'].join('; ');
    case 'done':
      return [step.message, of && step.attempt! > 1 ? `thành công ở ${of}` : null].filter(Boolean).join('; ');
    case 'failed':
      return [step.error ?? 'không rõ lỗi', of ? `đã thử ${of}` : null].filter(Boolean).join('; ');
    case 'skipped':
      return step.error ?? 'không chạy';
  }
}
