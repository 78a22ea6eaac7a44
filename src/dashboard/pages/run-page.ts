// /runs/:id: one run — its steps (waiting, running, retrying with attempt and next try, done,
// failed) with a timeline and durations spanning every attempt, the run's state derived from them,
// the rows it quarantined and the snapshot it wrote. The live part is one fragment (/runs/:id/live)
// that the page re-fetches whole while the run is active, so nothing on it can go stale.
import { periodTerm } from '../../core/period.js';
import type { StepProgress } from '../../runs/run-progress.js';
import { RUN_STATE_LABELS, STATE_CLASS, STEP_STATE_LABELS, stepNote } from '../../runs/run-progress-text.js';
import { timeOfDay } from '../../text/time-text.js';
import { describeLocation } from '../../core/source.js';
import type { RunDetails } from '../run-details.js';
import { formatDuration, formatTime, label, stageLabel, TRIGGER_LABELS } from './format.js';
import { term } from './help.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, layout, type PageContext } from './layout.js';
import { humanizeRunText, SOURCE_LABELS } from '../../text/labels.js';

const TIMELINE_WIDTH = 160;

/** A duration that the page's script keeps ticking while `active` (from `from`, on the server's clock `at`). */
function elapsed(ms: number | null, from: string | null, at: string, active: boolean): SafeHtml {
  if (ms === null) return html`—`;
  return active && from ? html`<span class="tick" data-tick-from="${from}" data-server-at="${at}">${formatDuration(ms)}</span>` : html`${formatDuration(ms)}`;
}

/** Where a step sat in the run's time, as a bar (SVG: the page's CSP allows no inline styles). */
function timelineBar(step: StepProgress, runStart: string | null, runMs: number | null): SafeHtml {
  if (!step.startedAt || !runStart || !runMs || step.elapsedMs === null) return html``;
  const x = Math.max(0, Math.min(1, (Date.parse(step.startedAt) - Date.parse(runStart)) / runMs)) * TIMELINE_WIDTH;
  const w = Math.max(2, Math.min(TIMELINE_WIDTH - x, (step.elapsedMs / runMs) * TIMELINE_WIDTH));
  return html`<svg class="timeline" width="${TIMELINE_WIDTH}" height="12" viewBox="0 0 ${TIMELINE_WIDTH} 12" aria-hidden="true"><rect x="0" y="5" width="${TIMELINE_WIDTH}" height="2" class="track"/><rect x="${x.toFixed(1)}" y="1" width="${w.toFixed(1)}" height="10" rx="2" class="bar-${STATE_CLASS[step.state]}"/></svg>`;
}

function attemptCell(step: StepProgress): string {
  if (step.attempt === null || step.maxAttempts === null) return step.state === 'waiting' || step.state === 'skipped' ? '—' : '1';
  return `${step.attempt}/${step.maxAttempts}`;
}

function stepRow(step: StepProgress, details: RunDetails, provinceName: PageContext['provinceName']): SafeHtml {
  const { progress } = details;
  const active = step.state === 'running' || step.state === 'retrying';
  const note = stepNote(step);
  const countdown =
    step.state === 'retrying' && step.nextAttemptAt
      ? html` <span class="muted">(còn <span class="tick" data-countdown-to="${step.nextAttemptAt}" data-server-at="${progress.at}">${formatDuration(Math.max(0, Date.parse(step.nextAttemptAt) - Date.parse(progress.at)))}</span>)</span>`
      : '';
  return html`<tr data-step="${step.name}" data-state="${step.state}"${step.attempt !== null ? html` data-attempt="${step.attempt}" data-max-attempts="${step.maxAttempts ?? ''}"` : ''}>
<td>${stageLabel(step.name, provinceName)}</td>
<td><span class="badge s-${STATE_CLASS[step.state]}">${STEP_STATE_LABELS[step.state]}</span></td>
<td class="num" title="Lần thử hiện tại / số lần hàng đợi cho phép">${attemptCell(step)}</td>
<td class="small">${step.startedAt ? timeOfDay(step.startedAt) : '—'}</td>
<td class="num">${elapsed(step.elapsedMs, step.startedAt, progress.at, active)}</td>
<td>${timelineBar(step, progress.startedAt, progress.elapsedMs)}</td>
<td class="${step.state === 'failed' || step.state === 'retrying' ? 'error small' : 'small'}">${note}${countdown}</td></tr>\n`;
}

/**
 * The live part of the run page: facts, steps and quarantined rows (re-rendered whole on each poll).
 * @example res.send(renderRunLive(page, await runDetails(db, id)).value)
 */
export function renderRunLive(page: PageContext, details: RunDetails): SafeHtml {
  const { run, progress, quarantine, snapshot } = details;
  const snapshotHref = `/snapshots/${encodeURIComponent(run.framework)}/${run.period}${snapshot ? `?revision=${snapshot.revision}` : ''}`;
  const started = progress.counts.waiting < progress.steps.length;
  return html`<dl class="facts">
<dt>Trạng thái</dt><dd id="run-status"><span class="badge s-${STATE_CLASS[progress.state]}" data-state="${progress.state}">${RUN_STATE_LABELS[progress.state]}</span>${progress.active ? html` <span class="muted small">(trang tự cập nhật mỗi giây)</span>` : ''}</dd>
<dt>Các bước</dt><dd id="run-counts">${progress.counts.done}/${progress.steps.length} xong${progress.counts.running ? ` · ${progress.counts.running} đang chạy` : ''}${progress.counts.retrying ? ` · ${progress.counts.retrying} chờ thử lại` : ''}${progress.counts.failed ? ` · ${progress.counts.failed} thất bại` : ''}${progress.counts.waiting ? ` · ${progress.counts.waiting} đang chờ` : ''}</dd>
<dt>Bộ chỉ số</dt><dd>${run.framework}</dd>
<dt>${term('kich-hoat', 'Kích hoạt')}</dt><dd>${label(TRIGGER_LABELS, run.trigger)}${run.options.mode ? ` · ${run.options.mode === 'queue' ? 'hàng đợi' : 'trong tiến trình'}` : ''}</dd>
<dt>Tạo lúc</dt><dd>${formatTime(run.createdAt)}</dd>
<dt>Bắt đầu / kết thúc</dt><dd>${formatTime(progress.startedAt)} → ${progress.active ? 'đang chạy' : formatTime(progress.finishedAt)} (<span id="run-elapsed">${elapsed(progress.elapsedMs, progress.startedAt, progress.at, progress.active)}</span>)</dd>
<dt>Bảng điểm</dt><dd>${snapshot ? html`<a href="${snapshotHref}">phiên bản ${snapshot.revision}</a> ${snapshot.published ? '(đã công bố)' : '(chưa công bố)'}` : html`<a href="${snapshotHref}">xem ${periodTerm(run.period)}</a>`}</dd>
${run.error ? html`<dt>Lỗi</dt><dd class="error" id="run-error">${humanizeRunText(run.error, page.provinceName)}</dd>` : ''}
</dl>
${page.role === 'admin' && progress.active
  ? html`<form class="inline" method="post" action="/runs/${run.id}/huy">${csrfField(page)}<button type="submit" class="secondary">Huỷ lượt chạy</button></form>`
  : ''}
${page.role === 'admin' && !progress.active
  ? html`<form class="inline" method="post" action="/runs">${csrfField(page)}<input type="hidden" name="month" value="${run.period}"><input type="hidden" name="framework" value="${run.framework}"><button type="submit">Chạy lại ${periodTerm(run.period)}</button></form>`
  : ''}
<h2>Các bước</h2>
${started ? '' : html`<p class="muted" id="steps-note">Các bước đang chờ ${run.options.mode === 'queue' ? 'worker nhận việc' : 'bắt đầu'}.</p>`}
<table id="stages"><thead><tr><th>Bước</th><th>Trạng thái</th><th class="num">${term('thu-lai', 'Lần thử')}</th><th>Bắt đầu</th><th class="num">Thời gian</th><th>Dòng thời gian</th><th>Diễn biến / lỗi</th></tr></thead>
<tbody>
${progress.steps.map((s) => stepRow(s, details, page.provinceName))}
</tbody></table>
<p class="muted small">Thời gian của một bước tính từ lần thử đầu đến khi kết thúc (gồm cả thời gian chờ thử lại). Giờ Việt Nam.</p>
<h2>${term('cach-ly', 'Dòng bị cách ly')} (${quarantine.total})</h2>
${quarantine.total === 0
  ? html`<p class="muted">Lượt chạy này ${progress.active ? 'chưa' : 'không'} cách ly dòng nào.</p>`
  : html`<table id="quarantine"><thead><tr><th>Nguồn</th><th>Vị trí</th><th>Tìm thấy</th><th>Cần có</th><th>Lý do</th></tr></thead><tbody>
${quarantine.rows.map((q) => html`<tr><td>${label(SOURCE_LABELS, q.source)}</td><td class="small">${describeLocation(q.location, q.fileName)}</td><td>${q.found ?? '—'}</td><td>${q.expected ?? '—'}</td><td>${q.reason}</td></tr>\n`)}
</tbody></table>
${quarantine.total > quarantine.rows.length ? html`<p class="muted small">Hiện ${quarantine.rows.length} trên ${quarantine.total} dòng; đầy đủ ở /api/runs/${run.id}?quarantineLimit=${quarantine.total}.</p>` : ''}`}`;
}

/**
 * Renders the run page.
 * @example res.send(renderRunPage(page, await runDetails(db, id)))
 */
export function renderRunPage(page: PageContext, details: RunDetails): string {
  const { run, progress } = details;
  const body = html`<h1>Lượt chạy #${run.id} · ${periodTerm(run.period)}</h1>
<div id="run" data-run-id="${run.id}" data-active="${progress.active ? 'yes' : 'no'}">
${renderRunLive(page, details)}
</div>`;
  return layout(page, { title: `Lượt chạy #${run.id}`, active: 'runs', body });
}
