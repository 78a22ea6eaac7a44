// A run's progress as CLI lines (`runs ID`, `sync --wait`): the state derived from the steps, then
// one line per step with its state, attempts, duration across attempts and what it is doing.
import { formatDuration, stageLabel } from '../dashboard/pages/format.js';
import type { RunProgress, StepProgress } from '../runs/run-progress.js';
import { RUN_STATE_LABELS, STEP_STATE_LABELS, stepNote } from '../runs/run-progress-text.js';

/** "  Thu thập · Cổng DVCQG · tỉnh 11: Chờ thử lại, 1 phút 02 s — lần 1/3 lỗi: …; thử lại lúc 10:15:30". */
export function stepLine(step: StepProgress): string {
  const took = step.elapsedMs !== null ? `, ${formatDuration(step.elapsedMs)}` : '';
  const note = stepNote(step);
  return `  ${stageLabel(step.name)}: ${STEP_STATE_LABELS[step.state]}${took}${note ? ` — ${note}` : ''}`;
}

/** The run's state line: "Trạng thái: Đang chạy (1/3 bước xong, 2 phút 05 s)". */
export function progressHeadline(progress: RunProgress): string {
  const took = progress.elapsedMs !== null ? `, ${formatDuration(progress.elapsedMs)}` : '';
  return `Trạng thái: ${RUN_STATE_LABELS[progress.state]} (${progress.counts.done}/${progress.steps.length} bước xong${took})`;
}

/**
 * What changed in a step since the last look, for a follower printing only changes: state and attempt.
 * @example stepKey(step) // 'retrying#1'
 */
export const stepKey = (step: StepProgress): string => `${step.state}#${step.attempt ?? ''}`;
