// The admin's re-run form: a month, a framework and optionally one source; posts to /runs, which
// answers with the new run's page (its progress is followed live there).
import { label } from './format.js';
import { html, type SafeHtml } from './html.js';
import { csrfField, type PageContext } from './layout.js';
import { SYNC_SOURCES } from '../../core/source.js';
import { SOURCE_LABELS } from '../../text/labels.js';

/**
 * The form, or nothing for viewers.
 * @example rerunForm(page, frameworks, { month: '2023-09' })
 */
export function rerunForm(page: PageContext, frameworks: readonly { key: string; title: string }[], preset: { month?: string; framework?: string } = {}): SafeHtml {
  if (page.role !== 'admin') return html``;
  return html`<form class="rerun" method="post" action="/runs" id="rerun-form">
${csrfField(page)}
<label>Tháng <input type="month" name="month" required value="${preset.month ?? ''}" pattern="\\d{4}-\\d{2}"></label>
<label>Bộ chỉ số <select name="framework">${frameworks.map((f) => html`<option value="${f.key}" ${f.key === preset.framework ? html`selected` : ''}>${f.title} (${f.key})</option>`)}</select></label>
<label>Nguồn <select name="source"><option value="">Tất cả nguồn</option>${SYNC_SOURCES.map((s) => html`<option value="${s}">${label(SOURCE_LABELS, s)}</option>`)}</select></label>
<button type="submit">Chạy lại tháng</button>
<span class="muted small">${page.mode === 'queue' ? 'Lượt chạy được đưa vào hàng đợi Redis.' : 'Chế độ nhúng: lượt chạy thực hiện ngay trong tiến trình này.'}</span>
</form>`;
}
