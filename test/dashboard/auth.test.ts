// Dashboard login and CSRF as plain functions: both credential styles, constant-time checks that
// tell roles apart, CSRF tokens bound to the credential, and the refusal to serve a non-loopback
// address without tokens.
import { describe, expect, it } from 'vitest';
import { authenticate, type Principal } from '../../src/dashboard/auth.js';
import { createCsrfGuard } from '../../src/dashboard/csrf.js';
import { inlineRunLauncher } from '../../src/dashboard/run-launcher.js';
import { assertSafeBinding, DashboardConfigError, isLoopbackHost, startDashboard } from '../../src/dashboard/server.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openMemoryStore } from '../../src/store/database.js';
import { testContext } from '../support/backends.js';
import { ADMIN_TOKEN, VIEWER_TOKEN } from './dashboard-env.js';

const tokens = { admin: ADMIN_TOKEN, viewer: VIEWER_TOKEN };
const basicHeader = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('authenticate', () => {
  it('accepts either token as Bearer or as the basic-auth password with any user name', () => {
    expect(authenticate(`Bearer ${ADMIN_TOKEN}`, tokens)).toMatchObject({ role: 'admin', via: 'bearer' });
    expect(authenticate(`bearer   ${VIEWER_TOKEN}`, tokens)).toMatchObject({ role: 'viewer', via: 'bearer' });
    expect(authenticate(basicHeader('ai-cung-duoc', ADMIN_TOKEN), tokens)).toMatchObject({ role: 'admin', via: 'basic' });
    expect(authenticate(basicHeader('', VIEWER_TOKEN), tokens)).toMatchObject({ role: 'viewer', via: 'basic' });
    // a password containing ':' is kept whole (only the first ':' separates the user)
    expect(authenticate(basicHeader('u', 'a:b:c-0123456789abcdef'), { admin: 'a:b:c-0123456789abcdef' })).toMatchObject({ role: 'admin' });
  });

  it('refuses missing, malformed and wrong credentials', () => {
    expect(authenticate(undefined, tokens)).toBeNull();
    for (const header of [`Bearer ${ADMIN_TOKEN}x`, 'Bearer ', `Token ${ADMIN_TOKEN}`, basicHeader('u', 'wrong'), `Basic ${Buffer.from(ADMIN_TOKEN).toString('base64')}`, 'Basic !!!']) {
      expect(authenticate(header, tokens), header).toBe('invalid');
    }
    // a role without a token cannot be logged into
    expect(authenticate('Bearer ', { viewer: VIEWER_TOKEN })).toBe('invalid');
    expect(authenticate(`Bearer ${ADMIN_TOKEN}`, { viewer: VIEWER_TOKEN })).toBe('invalid');
  });

  it('is open (admin) only when no token is configured', () => {
    expect(authenticate(undefined, {})).toMatchObject({ role: 'admin', via: 'open' });
  });

  it('never carries the token in the principal', () => {
    const principal = authenticate(`Bearer ${ADMIN_TOKEN}`, tokens) as Principal;
    expect(JSON.stringify(principal)).not.toContain(ADMIN_TOKEN);
  });
});

describe('CSRF guard', () => {
  const admin = authenticate(basicHeader('u', ADMIN_TOKEN), tokens) as Principal;
  const viewer = authenticate(basicHeader('u', VIEWER_TOKEN), tokens) as Principal;

  it('verifies its own token for the same credential only', () => {
    const guard = createCsrfGuard();
    const token = guard.tokenFor(admin);
    expect(guard.verify(admin, token)).toBe(true);
    expect(guard.verify(viewer, token)).toBe(false);
    expect(guard.verify(admin, undefined)).toBe(false);
    expect(guard.verify(admin, token.slice(0, -1))).toBe(false);
    expect(guard.verify(admin, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    // another process (another secret) does not accept it
    expect(createCsrfGuard().verify(admin, token)).toBe(false);
    expect(createCsrfGuard(Buffer.alloc(32, 1)).tokenFor(admin)).toBe(createCsrfGuard(Buffer.alloc(32, 1)).tokenFor(admin));
  });
});

describe('binding', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'app.localhost']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'dashboard.example', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });

  it('refuses a non-loopback address without tokens, and one token for both roles', () => {
    expect(() => assertSafeBinding('0.0.0.0', {})).toThrow(DashboardConfigError);
    expect(() => assertSafeBinding('0.0.0.0', {})).toThrow(/0\.0\.0\.0.*DVC_ADMIN_TOKEN/);
    expect(() => assertSafeBinding('127.0.0.1', {})).not.toThrow();
    expect(() => assertSafeBinding('0.0.0.0', { viewer: VIEWER_TOKEN })).not.toThrow();
    expect(() => assertSafeBinding('127.0.0.1', { admin: ADMIN_TOKEN, viewer: ADMIN_TOKEN })).toThrow(/phải khác nhau/);
  });

  it('startDashboard refuses to listen on 0.0.0.0 without tokens', async () => {
    const store = await openMemoryStore();
    try {
      const ctx = testContext(store);
      await expect(startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues: null, host: '0.0.0.0', port: 0, tokens: {} })).rejects.toThrow(DashboardConfigError);
    } finally {
      await store.close();
    }
  });

  it('reads tokens, port and host from the environment; short tokens are refused without echoing them', () => {
    const config = loadConfig({ DVC_ADMIN_TOKEN: ADMIN_TOKEN, DVC_VIEWER_TOKEN: ' ', DVC_DASHBOARD_PORT: '8080', DVC_DASHBOARD_HOST: '0.0.0.0' });
    expect(config).toMatchObject({ adminToken: ADMIN_TOKEN, viewerToken: undefined, dashboardPort: 8080, dashboardHost: '0.0.0.0' });
    expect(loadConfig({})).toMatchObject({ adminToken: undefined, dashboardPort: 3000, dashboardHost: '127.0.0.1' });
    expect(() => loadConfig({ DVC_ADMIN_TOKEN: 'ngan-qua-xyz' })).toThrow(/DVC_ADMIN_TOKEN.*16 ký tự/);
    expect(() => loadConfig({ DVC_ADMIN_TOKEN: 'ngan-qua-xyz' })).not.toThrow(/ngan-qua-xyz/);
  });
});

describe('open mode (no token, loopback only)', () => {
  it('lets local scripts in as admin and still refuses cross-site or tokenless browser posts', async () => {
    const store = await openMemoryStore();
    await migrateToLatest(store.db);
    const ctx = testContext(store);
    const dashboard = await startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues: null, host: '127.0.0.1', port: 0, tokens: {} });
    try {
      const page = await fetch(`${dashboard.url}/thang`);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toMatch(/Chưa đặt DVC_ADMIN_TOKEN/);
      const token = /name="_csrf" value="([^"]+)"/.exec(text)![1]!;
      const reset = (headers: Record<string, string>) => fetch(`${dashboard.url}/api/sources/portal/reset`, { method: 'POST', headers }).then((r) => r.status);
      expect(await reset({})).toBe(200); // a script
      expect(await reset({ Origin: 'https://evil.example' })).toBe(403);
      expect(await reset({ Origin: dashboard.url })).toBe(403); // a browser without the token
      expect(await reset({ Origin: dashboard.url, 'X-CSRF-Token': token })).toBe(200);
    } finally {
      await dashboard.close();
      await store.close();
    }
  });
});
