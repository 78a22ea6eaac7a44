// /queues when there is no Redis: the embedded default runs every stage in this process, so there
// is no queue to show (bull-board is mounted here in queue mode).
import { html } from './html.js';
import { layout, type PageContext } from './layout.js';

export function renderEmbeddedQueuesPage(page: PageContext): string {
  const body = html`<h1>Hàng đợi</h1>
<p class="notice" id="embedded-note">Chế độ nhúng (chưa đặt REDIS_URL): không dùng hàng đợi — các bước thu thập, chấm điểm và lưu bảng điểm chạy lần lượt ngay trong tiến trình này.
Lịch sử và tiến độ từng lượt xem ở <a href="/runs">Lượt chạy</a>; các tháng, lượt chạy và bảng điểm vẫn dùng được như bình thường.</p>
<p class="muted">Để chạy phân tán (nhiều worker, thử lại tự động), đặt REDIS_URL rồi chạy <code>dvc-sync worker</code> và <code>dvc-sync scheduler</code>.</p>`;
  return layout(page, { title: 'Hàng đợi', active: 'queues', body });
}
