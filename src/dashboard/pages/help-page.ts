// /huong-dan: a short guide to the operator's day, the words of the dashboard, and every
// framework's bands and indicators with their formula, rule and threshold (from the framework files).
import type { Framework } from '../../frameworks/framework.js';
import { formatDecimal } from '../../core/rounding.js';
import { GLOSSARY, indicatorHelp } from './help.js';
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';

/**
 * Renders the guide.
 * @example res.send(renderHelpPage(page, [...ctx.frameworks.values()]))
 */
export function renderHelpPage(page: PageContext, frameworks: readonly Framework[]): string {
  const body = html`<h1>Hướng dẫn</h1>
<div class="help">
<h2>Một ngày làm việc</h2>
<ol>
<li><a href="/thang">Các tháng</a>: mỗi ô là một tháng theo một bộ chỉ số — đã công bố chưa, đủ hay thiếu số liệu, lượt chạy gần nhất và nguồn nào đã lấy được. Ô có dấu ⚠ cần xem lại (lý do ghi ngay dưới).</li>
<li>Chạy lại một tháng (quản trị viên): biểu mẫu “Chạy lại tháng”, rồi theo dõi ở trang lượt chạy — mỗi bước ghi trạng thái (đang chờ, đang chạy, chờ thử lại kèm lần thử và giờ thử lại, xong, thất bại), thời gian và lỗi bằng lời.</li>
<li><a href="/runs">Lượt chạy</a>: lịch sử; một lượt thất bại ghi lý do, các dòng bị cách ly ghi tệp/trang/dòng/cột hoặc endpoint/đơn vị.</li>
<li>Bảng điểm (từ ô của tháng): bảng phụ lục với màu xếp loại, biểu đồ, các phiên bản (ai công bố, vì sao) và tải về Báo cáo (DOCX, HTML in A4), Phụ lục (XLSX, CSV, JSON).</li>
<li><a href="/nguon">Nguồn số liệu</a>: cầu dao của từng nguồn, lần thu thập gần nhất, chênh lệch giữa các nguồn.</li>
</ol>
<p class="muted small">Mọi giờ trên bảng điều khiển là giờ Việt Nam (Asia/Ho_Chi_Minh). Dòng lệnh tương ứng: <code>dvc-sync sync --month YYYY-MM --wait</code>, <code>dvc-sync runs ID</code>, <code>dvc-sync score --month YYYY-MM [--allow-incomplete]</code>, <code>dvc-sync report --month YYYY-MM --format docx</code>.</p>
<h2>Thuật ngữ</h2>
<dl id="glossary">${Object.entries(GLOSSARY).map(([key, [name, meaning]]) => html`<dt id="${key}">${name}</dt><dd>${meaning}</dd>`)}</dl>
${frameworks.map(
  (f) => html`<h2 id="fw-${f.key}">${f.title} <span class="muted small">(${f.key})</span></h2>
<p>Tổng điểm tối đa ${formatDecimal(f.maxTotal, 0)}; điểm quy đổi thang ${formatDecimal(f.conversion.scale, 0)}. Xếp loại: ${f.bands.map((b) => `${b.label} từ ${formatDecimal(b.min, 1)}`).join('; ')}.</p>
<table class="indicators" data-framework="${f.key}"><thead><tr><th>Nhóm</th><th>Chỉ số</th><th class="num">Tối đa</th><th>Công thức, ngưỡng và nguồn</th></tr></thead><tbody>
${f.indicators.map((i) => html`<tr data-indicator="${i.key}"><td>${f.groups.find((g) => g.key === i.group)?.label ?? i.group}</td><td>${i.column ?? i.label}</td><td class="num">${formatDecimal(i.max, 0)}</td><td class="small">${indicatorHelp(i)}</td></tr>\n`)}
</tbody></table>`,
)}
</div>`;
  return layout(page, { title: 'Hướng dẫn', active: 'huong-dan', body });
}
