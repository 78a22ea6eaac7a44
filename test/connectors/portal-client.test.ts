// The current API client at the HTTP boundary (nock): request bodies, 201 + envelope, pagination,
// retries only where they are allowed, and the circuit breaker.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { InMemoryCircuitBreakerStore } from '../../connectors/portal/circuit-breaker.js';
import { PortalClient } from '../../connectors/portal/portal-client.js';
import { PortalError } from '../../connectors/portal/portal-error.js';
import { BASE, evaluationRow, metric, PERIOD, recordingSleep, ROOT, shapeA, useNockBoundary } from './portal-fixtures.js';

const PATH = '/api/v1/reporting/evaluation';
const HIM_LAM = evaluationRow('dep-him-lam', 'UBND phường Him Lam', [metric('PUBLISH_ON_TIME', 12, 12)]);

function client(options: { breaker?: InMemoryCircuitBreakerStore; retries?: number; timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {}) {
  return new PortalClient({
    baseUrl: BASE,
    pauseMs: 0,
    retries: options.retries ?? 3,
    retryBaseMs: 1000,
    timeoutMs: options.timeoutMs ?? 5000,
    random: () => 0.5, // jitter factor exactly 1
    sleep: options.sleep ?? (async () => {}),
    breaker: options.breaker ?? new InMemoryCircuitBreakerStore(),
  });
}

async function failure(promise: Promise<unknown>): Promise<PortalError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PortalError);
  return error as PortalError;
}

useNockBoundary();

describe('PortalClient requests', () => {
  it('posts the month body and accepts 201 with the OK envelope', async () => {
    let sent: unknown;
    nock(BASE)
      .post(`${PATH}/transparency`, (body) => ((sent = body), true))
      .reply(201, shapeA([HIM_LAM]));
    const page = await client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT, pageSize: 50 });
    expect(sent).toEqual({ timeType: 'month', year: 2023, month: 9, rootDepartmentId: ROOT, currentPage: 1, pageSize: 50 });
    expect(page.response.status).toBe(201);
    expect(page.parsed.shape).toBe('A');
    expect(page.parsed.shape === 'A' && page.parsed.data.evaluation[0]?.departmentName).toBe('UBND phường Him Lam');
    expect(JSON.parse(Buffer.from(page.response.body).toString('utf8'))).toEqual(shapeA([HIM_LAM]));
  });

  it('asks handling-satisfaction by inclusive dates and spells the filter formalityID for dossier-digitized', async () => {
    const bodies: Record<string, unknown> = {};
    nock(BASE)
      .post(`${PATH}/handling-satisfaction`, (body) => ((bodies.satisfaction = body), true))
      .reply(201, shapeA([]))
      .post(`${PATH}/dossier-digitized`, (body) => ((bodies.digitized = body), true))
      .reply(201, shapeA([]))
      .post(`${PATH}/transparency`, (body) => ((bodies.transparency = body), true))
      .reply(201, shapeA([]));
    const c = client();
    await c.fetchPage({ endpoint: 'handling-satisfaction', period: PERIOD, rootDepartmentId: ROOT });
    await c.fetchPage({ endpoint: 'dossier-digitized', period: PERIOD, rootDepartmentId: ROOT, formalityId: 'f-1' });
    await c.fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT, formalityId: 'f-1' });
    expect(bodies.satisfaction).toEqual({ fromDate: '2023-09-01', toDate: '2023-09-30', rootDepartmentId: ROOT, currentPage: 1, pageSize: 200 });
    expect(bodies.digitized).toMatchObject({ formalityID: 'f-1' });
    expect(bodies.digitized).not.toHaveProperty('formalityId');
    expect(bodies.transparency).toMatchObject({ formalityId: 'f-1' });
  });

  it('fetches every page of a paginated answer, each as its own page', async () => {
    const pages: number[] = [];
    nock(BASE)
      .post(`${PATH}/transparency`, (body: { currentPage: number }) => body.currentPage === 1)
      .reply(201, shapeA([HIM_LAM], { page: 1, totalPages: 2, pageSize: 1, total: 2 }))
      .post(`${PATH}/transparency`, (body: { currentPage: number }) => body.currentPage === 2)
      .reply(201, shapeA([evaluationRow('dep-tan-thanh', 'UBND phường Tân Thanh', [])], { page: 2, totalPages: 2, pageSize: 1, total: 2 }));
    for await (const page of client().fetchAllPages({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT, pageSize: 1 })) {
      pages.push(page.page);
      expect(page.totalPages).toBe(2);
    }
    expect(pages).toEqual([1, 2]);
    expect(nock.isDone()).toBe(true);
  });

  it('refuses an answer for another page than the one asked', async () => {
    nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([HIM_LAM], { page: 1, totalPages: 2 }));
    const error = await failure(client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT, page: 2 }));
    expect(error.kind).toBe('shape');
    expect(error.field).toBe('data.pagination.currentPage');
  });

  it('treats 200, a non-OK code and a non-JSON body as failures', async () => {
    nock(BASE).post(`${PATH}/transparency`).reply(200, shapeA([HIM_LAM]));
    expect((await failure(client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }))).kind).toBe('http');
    nock(BASE).post(`${PATH}/transparency`).reply(201, { code: 'INTERNAL_ERROR', data: null, message: 'Lỗi hệ thống' });
    const envelope = await failure(client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(envelope.kind).toBe('envelope');
    expect(envelope.message).toContain("code 'INTERNAL_ERROR'");
    expect(envelope.message).toContain("endpoint 'transparency'");
    expect(envelope.message).toContain('tháng 2023-09');
    nock(BASE).post(`${PATH}/transparency`).reply(201, 'not json', { 'Content-Type': 'text/plain' });
    expect((await failure(client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }))).kind).toBe('envelope');
  });
});

describe('PortalClient retries', () => {
  it('retries a timeout with backoff and then succeeds', async () => {
    const { sleep, calls } = recordingSleep();
    nock(BASE).post(`${PATH}/transparency`).delay(2000).reply(201, shapeA([HIM_LAM]));
    nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([HIM_LAM]));
    const page = await client({ timeoutMs: 100, sleep }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT });
    expect(page.attempts).toBe(2);
    expect(calls).toEqual([1000]);
  });

  it('retries a connection reset', async () => {
    nock(BASE)
      .post(`${PATH}/transparency`)
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([HIM_LAM]));
    const page = await client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT });
    expect(page.attempts).toBe(2);
  });

  it('gives up on 5xx after the bounded retries, with exponential backoff, without opening the breaker', async () => {
    const { sleep, calls } = recordingSleep();
    const breaker = new InMemoryCircuitBreakerStore();
    const scope = nock(BASE).post(`${PATH}/transparency`).times(4).reply(503, 'Service Unavailable');
    const error = await failure(client({ retries: 3, sleep, breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(error.kind).toBe('http');
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(4);
    expect(calls).toEqual([1000, 2000, 4000]);
    expect(scope.isDone()).toBe(true);
    expect((await breaker.get('portal')).open).toBe(false);
  });

  it('does not retry a 400', async () => {
    nock(BASE).post(`${PATH}/transparency`).reply(400, { code: 'BAD_REQUEST', data: null, message: 'x' });
    const later = nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([HIM_LAM]));
    const error = await failure(client().fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(error.status).toBe(400);
    expect(later.isDone()).toBe(false);
  });

  it('pauses between requests with jitter', async () => {
    const { sleep, calls } = recordingSleep();
    nock(BASE).post(`${PATH}/transparency`).times(3).reply(201, shapeA([HIM_LAM]));
    const randoms = [0, 1, 0.5];
    const c = new PortalClient({ baseUrl: BASE, pauseMs: 1500, pauseJitter: 0.3, sleep, random: () => randoms.shift() ?? 0.5 });
    for (let i = 0; i < 3; i++) await c.fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT });
    expect(calls).toEqual([1050, 1950]); // no pause before the first request; ±30 %
  });
});

describe('circuit breaker', () => {
  it('opens on 429 and sends nothing more until reset', async () => {
    const breaker = new InMemoryCircuitBreakerStore();
    nock(BASE).post(`${PATH}/transparency`).reply(429, { code: 'TOO_MANY_REQUESTS' });
    const next = nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([HIM_LAM]));

    const first = await failure(client({ breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(first.kind).toBe('http');
    expect(first.status).toBe(429);
    expect(first.breakerOpened).toBe(true);
    expect(first.attempts).toBe(1); // 429 is never retried
    const state = await breaker.get('portal');
    expect(state.open).toBe(true);
    expect(state.reason).toContain('429');

    // Another client (another process) sharing the store refuses too, without a request.
    const refused = await failure(client({ breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(refused.kind).toBe('circuit-open');
    expect(refused.message).toContain('reset');
    expect(next.isDone()).toBe(false);

    await breaker.reset('portal');
    const page = await client({ breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT });
    expect(page.response.status).toBe(201);
    expect(next.isDone()).toBe(true);
  });

  it('opens on a firewall page and on 403', async () => {
    const breaker = new InMemoryCircuitBreakerStore();
    nock(BASE)
      .post(`${PATH}/transparency`)
      .reply(200, '<html><head><title>Request Rejected</title></head><body>The requested URL was rejected.</body></html>', { 'Content-Type': 'text/html' });
    const next = nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([HIM_LAM]));
    const error = await failure(client({ breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(error.kind).toBe('html');
    expect(error.message).toContain('Request Rejected');
    expect(error.breakerOpened).toBe(true);
    expect((await failure(client({ breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }))).kind).toBe('circuit-open');
    expect(next.isDone()).toBe(false);

    const other = new InMemoryCircuitBreakerStore();
    nock(BASE).post(`${PATH}/dvc-progress-tree`).reply(403, 'Forbidden');
    expect((await failure(client({ breaker: other }).fetchPage({ endpoint: 'dvc-progress-tree', period: PERIOD, rootDepartmentId: ROOT }))).breakerOpened).toBe(true);
    expect((await other.get('portal')).open).toBe(true);
  });

  it('opens on any HTML page that is not a 5xx', async () => {
    const breaker = new InMemoryCircuitBreakerStore();
    nock(BASE).post(`${PATH}/transparency`).reply(200, '<!DOCTYPE html><html><body>Đăng nhập</body></html>');
    const error = await failure(client({ breaker }).fetchPage({ endpoint: 'transparency', period: PERIOD, rootDepartmentId: ROOT }));
    expect(error.kind).toBe('html');
    expect((await breaker.get('portal')).open).toBe(true);
  });
});
