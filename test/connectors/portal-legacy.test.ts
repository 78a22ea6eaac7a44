// The legacy rest.jsp connector at the HTTP boundary (nock): the form body, group scores written as
// numbers or decimal-comma strings, and the breaker it shares with the current API.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import type { ParseEvent, RawCapture } from '../../src/core/connector-contract.js';
import { InMemoryCircuitBreakerStore } from '../../connectors/portal/circuit-breaker.js';
import { LegacyPortalConnector, legacyPortalConfigSchema } from '../../connectors/portal/legacy-portal-connector.js';
import { PortalConnector, portalConfigSchema } from '../../connectors/portal/portal-connector.js';
import { PortalError } from '../../connectors/portal/portal-error.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { BASE, collect, parsedValue, PERIOD, registry, ROOT, useNockBoundary } from './portal-fixtures.js';

const config = legacyPortalConfigSchema.parse({ baseUrl: BASE, provinceId: '11358', provinceCode: '11', pauseMs: 0, retries: 0 });

const ROWS = [
  { ID: '11358', TEN: 'UBND tỉnh Điện Biên', MA_COQUAN: 'H18', CAPDONVIID: 0, ROW_STT: 0, CKMB: 15, TDGQ: 18, CLGQ: 10, TTTT: 5, MDHL: 16, MDSH: 12, TONG_SCORE: 76 },
  { ID: '501', TEN: 'Sở Tư pháp', MA_COQUAN: 'H18.01', CAPDONVIID: '1', ROW_STT: '3', CKMB: '17,5', TDGQ: '19', CLGQ: '11', TTTT: '6', MDHL: '17', MDSH: '14', TONG_SCORE: '84,5' },
  { ID: '902', TEN: 'UBND phường Him Lam', MA_COQUAN: 'H18.105', CAPDONVIID: '2', ROW_STT: '12', CKMB: '12,5', TDGQ: '17,25', CLGQ: 9, TTTT: '4,1', MDHL: '', MDSH: '10,75', TONG_SCORE: '53,6' },
  { ID: '903', TEN: 'Phường Nam Thanh', MA_COQUAN: 'H18.106', CAPDONVIID: 2, ROW_STT: 7, CKMB: 14.25, TDGQ: 20, CLGQ: 12, TTTT: 'abc', MDHL: 18, MDSH: null, TONG_SCORE: 64.25 },
];

useNockBoundary();

describe('LegacyPortalConnector', () => {
  it('posts the params form field and reads decimal-comma scores as legacy_score_* metrics', async () => {
    let form: string | undefined;
    nock(BASE)
      .matchHeader('content-type', /^application\/x-www-form-urlencoded/)
      .post('/jsp/rest.jsp', (body: string | Record<string, string>) => ((form = typeof body === 'string' ? body : new URLSearchParams(body).toString()), true))
      .reply(200, JSON.stringify(ROWS), { 'Content-Type': 'application/json' });
    const legacy = new LegacyPortalConnector({ breaker: new InMemoryCircuitBreakerStore(), sleep: async () => {} });
    const { items, error } = await collect(legacy.capture({ period: PERIOD, config }));
    expect(error).toBeNull();
    expect(items).toHaveLength(1);
    const params = JSON.parse(new URLSearchParams(form!).get('params')!);
    expect(params).toEqual({
      type: 'ref',
      service: 'report_tinh_766_service',
      p_nam: '2023',
      p_thang: 9,
      p_quy: 0,
      p_6thang: 0,
      p_tinh_id: '11358',
      p_huyen_id: '0',
      p_xa_id: '0',
      pageIndex: 1,
      pageSize: 1000,
      p_loaidonvi: 1,
      loaichitieu: 0,
    });
    const capture = items[0] as RawCapture;
    expect(capture.source).toBe('portal-legacy');
    expect(capture.metadata).toMatchObject({ endpoint: 'rest.jsp report_tinh_766_service', page: 1, status: 200, provinceId: '11358' });

    const events: ParseEvent[] = [];
    for await (const e of legacy.parse(capture, { period: PERIOD, registry })) events.push(e);
    expect(parsedValue(events, '03127', 'legacy_score_ckmb')).toBe(12.5);
    expect(parsedValue(events, '03127', 'legacy_score_tdgq')).toBe(17.25);
    expect(parsedValue(events, '03127', 'legacy_score_clgq')).toBe(9);
    expect(parsedValue(events, '03127', 'legacy_score_tttt')).toBe(4.1);
    expect(parsedValue(events, '03127', 'legacy_score_mdhl')).toBeNull(); // blank stays unknown
    expect(parsedValue(events, '03127', 'legacy_score_total')).toBe(53.6);
    expect(parsedValue(events, '03139', 'legacy_score_ckmb')).toBe(14.25);
    expect(parsedValue(events, '03139', 'legacy_score_mdsh')).toBeNull();

    const problems = events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : []));
    expect(problems).toHaveLength(1); // 'abc'; the province row and the department are skipped quietly
    expect(problems[0]!.location).toMatchObject({ endpoint: 'rest.jsp report_tinh_766_service', unit: 'Phường Nam Thanh', path: '[3].TTTT' });
    expect(problems[0]!.found).toBe('abc');
    expect(events.some((e) => e.kind === 'metric' && e.row.value === 84.5)).toBe(false);
  });

  it('pages while a page is full', async () => {
    const pages: number[] = [];
    const onPage = (index: number) => (body: string | Record<string, string>) => {
      const form = typeof body === 'string' ? new URLSearchParams(body) : new URLSearchParams(body);
      const params = JSON.parse(form.get('params')!) as { pageIndex: number };
      if (params.pageIndex !== index) return false;
      pages.push(index);
      return true;
    };
    nock(BASE).post('/jsp/rest.jsp', onPage(1)).reply(200, ROWS.slice(0, 2)).post('/jsp/rest.jsp', onPage(2)).reply(200, ROWS.slice(2, 3));
    const legacy = new LegacyPortalConnector({ sleep: async () => {} });
    const { items } = await collect(legacy.capture({ period: PERIOD, config: { ...config, pageSize: 2 } }));
    expect(pages).toEqual([1, 2]);
    expect(items.map((c) => c.metadata.page)).toEqual([1, 2]);
  });

  it('refuses a non-array answer and a missing score column', async () => {
    nock(BASE).post('/jsp/rest.jsp').reply(200, { error: 'Không có dữ liệu' });
    const legacy = new LegacyPortalConnector({ sleep: async () => {} });
    const a = await collect(legacy.capture({ period: PERIOD, config }));
    expect((a.error as PortalError).kind).toBe('envelope');

    const { TONG_SCORE: _dropped, ...noTotal } = ROWS[2]!;
    nock(BASE).post('/jsp/rest.jsp').reply(200, [noTotal]);
    const b = await collect(legacy.capture({ period: PERIOD, config }));
    expect((b.error as PortalError).kind).toBe('shape');
    expect((b.error as PortalError).message).toContain("thiếu trường bắt buộc 'TONG_SCORE'");
    expect(b.items).toHaveLength(1); // archived, then refused
    const parsed = await collect(legacy.parse(b.items[0]!, { period: PERIOD, registry }));
    expect(parsed.items).toEqual([]);
    expect((parsed.error as Error).message).toContain('TONG_SCORE');
  });

  it('shares the breaker with the current API: a 429 on rest.jsp stops both', async () => {
    const breaker = new InMemoryCircuitBreakerStore();
    nock(BASE).post('/jsp/rest.jsp').reply(429, 'Too Many Requests');
    const current = nock(BASE).post('/api/v1/reporting/evaluation/transparency').reply(201, {});
    const legacy = new LegacyPortalConnector({ breaker, sleep: async () => {} });
    const a = await collect(legacy.capture({ period: PERIOD, config }));
    expect((a.error as PortalError).breakerOpened).toBe(true);

    const portal = new PortalConnector({ breaker, sleep: async () => {} });
    const b = await collect(portal.capture({ period: PERIOD, config: portalConfigSchema.parse({ baseUrl: BASE, rootDepartmentId: ROOT, provinceCode: '11', pauseMs: 0 }) }));
    expect((b.error as PortalError).kind).toBe('circuit-open');
    expect(current.isDone()).toBe(false);
  });

  it('emits only metric keys of the vocabulary', () => {
    const vocabulary = metricVocabulary();
    for (const key of new LegacyPortalConnector().describe().metrics) {
      expect(vocabulary.get(key), key).toMatchObject({ group: 'legacy_scores', portal: null });
    }
  });
});
