// The frame of every dashboard page: header navigation, who is logged in, and the notices that
// apply everywhere (open mode, embedded mode).
import { html, type SafeHtml } from './html.js';

export interface PageContext {
  readonly role: 'admin' | 'viewer';
  /** No token configured: anyone reaching the (loopback) port is admin. */
  readonly open: boolean;
  readonly csrf: string;
  readonly mode: 'queue' | 'inline';
  /** A province's name from its statistics code (today's registry), so pages never show a bare code. */
  readonly provinceName: (code: string) => string | undefined;
}

const NAV = [
  { href: '/thang', key: 'thang', label: 'Các tháng' },
  { href: '/runs', key: 'runs', label: 'Lượt chạy' },
  { href: '/nguon', key: 'nguon', label: 'Nguồn số liệu' },
  { href: '/queues', key: 'queues', label: 'Hàng đợi' },
  { href: '/huong-dan', key: 'huong-dan', label: 'Hướng dẫn' },
] as const;

export type NavKey = (typeof NAV)[number]['key'] | 'snapshot';

/**
 * A complete page.
 * @example layout(page, { title: 'Các tháng', active: 'thang', body: html`<p>…</p>` })
 */
export function layout(page: PageContext, options: { title: string; active: NavKey; body: SafeHtml }): string {
  const who = page.open ? 'Không cần đăng nhập (chỉ máy này)' : page.role === 'admin' ? 'Quản trị viên' : 'Người xem';
  return html`<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · dvc-sync</title>
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/dashboard.js" defer></script>
</head>
<body>
<header>
<span class="brand">dvc-sync</span>
<nav>${NAV.map((n) => html`<a href="${n.href}" class="${n.key === options.active ? 'active' : ''}">${n.label}</a>`)}</nav>
<span class="who">${who}</span>
</header>
<main>
${page.open ? html`<p class="notice">Chưa đặt DVC_ADMIN_TOKEN / DVC_VIEWER_TOKEN: bảng điều khiển chỉ nghe trên địa chỉ nội bộ và ai truy cập được cũng có quyền quản trị.</p>` : ''}
${options.body}
</main>
</body>
</html>
`.value;
}

/** The hidden CSRF field of an admin form. */
export const csrfField = (page: PageContext): SafeHtml => html`<input type="hidden" name="_csrf" value="${page.csrf}">`;
