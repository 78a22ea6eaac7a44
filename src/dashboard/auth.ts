// Who is calling: two roles from the environment (DVC_ADMIN_TOKEN, DVC_VIEWER_TOKEN), presented as
// `Authorization: Bearer <token>` (scripts) or as the password of HTTP basic auth with any user name
// (browsers). Tokens are compared in constant time and never logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export type Role = 'admin' | 'viewer';

export interface DashboardTokens {
  readonly admin?: string | undefined;
  readonly viewer?: string | undefined;
}

/** An authenticated caller. `open`: no token is configured (loopback only), everyone is admin. */
export interface Principal {
  readonly role: Role;
  readonly via: 'bearer' | 'basic' | 'open';
  /** sha256 of the presented token (what CSRF tokens are bound to); never the token itself. */
  readonly credentialId: string;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

function sameSecret(presented: Buffer, expected: string | undefined): boolean {
  return expected !== undefined && timingSafeEqual(presented, digest(expected));
}

export const hasTokens = (tokens: DashboardTokens): boolean => Boolean(tokens.admin || tokens.viewer);

/**
 * Resolves an Authorization header to a principal: null when absent, 'invalid' when it matches no token.
 * @example authenticate('Bearer s3cr3t-admin-token-123', { admin: 's3cr3t-admin-token-123' }) // { role: 'admin', via: 'bearer', ... }
 */
export function authenticate(header: string | undefined, tokens: DashboardTokens): Principal | null | 'invalid' {
  if (!hasTokens(tokens)) return { role: 'admin', via: 'open', credentialId: 'open' };
  if (!header) return null;
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  let token: string;
  let via: Principal['via'];
  if (/^bearer$/i.test(scheme ?? '')) {
    token = value;
    via = 'bearer';
  } else if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return 'invalid';
    token = decoded.slice(colon + 1);
    via = 'basic';
  } else {
    return 'invalid';
  }
  if (!token) return 'invalid';
  const presented = digest(token);
  // Check both roles every time so the answer's timing does not tell which one matched.
  const isAdmin = sameSecret(presented, tokens.admin);
  const isViewer = sameSecret(presented, tokens.viewer);
  const credentialId = presented.toString('hex');
  if (isAdmin) return { role: 'admin', via, credentialId };
  if (isViewer) return { role: 'viewer', via, credentialId };
  return 'invalid';
}

const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.path === '/metrics' || /\/api\//.test(req.originalUrl) || !req.accepts('html');

/** The caller of this request (set by `requireLogin`). */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('principalOf called before requireLogin');
  return principal;
}

/**
 * Refuses unauthenticated requests with 401 and a Basic challenge (so browsers show their login box).
 * @example app.use(requireLogin(tokens))
 */
export function requireLogin(tokens: DashboardTokens) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const principal = authenticate(req.get('authorization'), tokens);
    if (principal && principal !== 'invalid') {
      res.locals.principal = principal;
      next();
      return;
    }
    const message = principal === 'invalid' ? 'Mã truy cập không đúng.' : 'Cần đăng nhập: dùng mã truy cập làm mật khẩu (tên đăng nhập tuỳ ý) hoặc tiêu đề Authorization: Bearer.';
    res.status(401).set('WWW-Authenticate', 'Basic realm="dvc-sync", charset="UTF-8"').set('Cache-Control', 'no-store');
    if (wantsJson(req)) res.json({ error: 'UNAUTHORIZED', message });
    else res.type('html').send(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Cần đăng nhập</title><p>${message}</p></html>`);
  };
}

/**
 * Lets only admins through (viewers get 403).
 * @example router.post('/api/runs', requireAdmin, launchRun)
 */
export function requireAdmin(req: Request, res: Response, next: NextFunction): void {
  if (principalOf(res).role === 'admin') {
    next();
    return;
  }
  const message = 'Chỉ quản trị viên được thực hiện thao tác này (mã truy cập hiện tại chỉ có quyền xem).';
  res.status(403);
  if (wantsJson(req)) res.json({ error: 'FORBIDDEN', message });
  else res.type('html').send(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Không có quyền</title><p>${message}</p></html>`);
}
