// CSRF protection for admin actions taken from a browser. Browsers send basic-auth credentials on
// their own, so a state-changing request that came with them (or with none, in open mode) must also
// carry a token only our pages know: an HMAC of the caller's credential under a per-process secret.
// Requests with a Bearer token come from scripts (a browser never adds one by itself) and are exempt,
// as are requests without an Origin header in open mode (no token configured, loopback only).
// The token reaches forms as a hidden field and bull-board's client (axios) as the XSRF-TOKEN cookie
// it echoes in X-XSRF-TOKEN; a cross-site Origin is refused outright.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { principalOf, type Principal } from './auth.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_COOKIE = 'XSRF-TOKEN';
const HEADERS = ['x-csrf-token', 'x-xsrf-token'];

export interface CsrfGuard {
  tokenFor(principal: Principal): string;
  verify(principal: Principal, presented: string | undefined): boolean;
}

/**
 * A guard with its own secret (random per process unless given).
 * @example const guard = createCsrfGuard(); guard.verify(p, guard.tokenFor(p)) // true
 */
export function createCsrfGuard(secret: Buffer = randomBytes(32)): CsrfGuard {
  const tokenFor = (principal: Principal) => createHmac('sha256', secret).update(`csrf:${principal.role}:${principal.credentialId}`).digest('base64url');
  return {
    tokenFor,
    verify(principal, presented) {
      if (!presented) return false;
      const expected = Buffer.from(tokenFor(principal));
      const given = Buffer.from(presented);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function crossSite(req: Request): boolean {
  const origin = req.get('origin');
  if (origin && origin !== 'null') {
    try {
      return new URL(origin).host !== req.get('host');
    } catch {
      return true;
    }
  }
  if (origin === 'null') return true;
  return req.get('sec-fetch-site') === 'cross-site';
}

/**
 * Checks unsafe requests: cross-site ones are refused; those not carrying a Bearer token need the CSRF token.
 * @example app.use(csrfProtection(guard))
 */
export function csrfProtection(guard: CsrfGuard) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const principal = principalOf(res);
    const body = req.body as Record<string, unknown> | undefined;
    const presented = HEADERS.map((h) => req.get(h)).find(Boolean) ?? (typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined);
    // Browsers send Origin with every POST; a request without it in open mode (loopback, no tokens) is a local script.
    const script = principal.via === 'bearer' || (principal.via === 'open' && !req.get('origin'));
    const ok = !crossSite(req) && (script || guard.verify(principal, presented));
    if (ok) {
      next();
      return;
    }
    const message = 'Yêu cầu bị từ chối: thiếu hoặc sai mã chống giả mạo (CSRF). Tải lại trang rồi thử lại.';
    res.status(403);
    if (req.path.startsWith('/api/') || req.path.startsWith('/queues') || !req.accepts('html')) res.json({ error: 'CSRF', message });
    else res.type('html').send(`<!doctype html><html lang="vi"><meta charset="utf-8"><title>Bị từ chối</title><p>${message}</p></html>`);
  };
}

/** Hands the token to bull-board's client: a same-site cookie it reads and echoes as a header. */
export function setCsrfCookie(res: Response, token: string, secure: boolean): void {
  res.cookie(CSRF_COOKIE, token, { sameSite: 'strict', path: '/', httpOnly: false, secure });
}
