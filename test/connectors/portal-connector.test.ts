// The current-API connector at the HTTP boundary (nock): capture yields one raw capture per page,
// parse turns captures into canonical metric rows per registry unit; shape changes and wrong
// provinces fail closed; null stays null.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { UnreadableSourceError, type ParseEvent, type RawCapture } from '../../src/core/connector-contract.js';
import { InMemoryCircuitBreakerStore } from '../../connectors/portal/circuit-breaker.js';
import { PortalConnector, portalConfigFromRegistry, portalConfigSchema, type PortalConfig } from '../../connectors/portal/portal-connector.js';
import { PortalError } from '../../connectors/portal/portal-error.js';
import { parsePeriod } from '../../src/core/period.js';
import { loadRegistryFiles, UnitRegistryIndex } from '../../src/units/unit-registry.js';
import { BASE, collect, evaluationRow, metric, OTHER_ROOT, parsedValue, paymentChild, paymentTree, PERIOD, registry, ROOT, shapeA, useNockBoundary } from './portal-fixtures.js';

const PATH = '/api/v1/reporting/evaluation';

function config(endpoints: PortalConfig['endpoints'], extra: Partial<PortalConfig> = {}): PortalConfig {
  return portalConfigSchema.parse({ baseUrl: BASE, rootDepartmentId: ROOT, provinceCode: '11', pauseMs: 0, retries: 0, endpoints, ...extra });
}

function connector(breaker = new InMemoryCircuitBreakerStore()) {
  return new PortalConnector({ breaker, sleep: async () => {}, random: () => 0.5, now: () => new Date('2023-10-05T03:00:00Z') });
}

async function capture(c: PortalConnector, cfg: PortalConfig) {
  return collect(c.capture({ period: PERIOD, config: cfg }));
}

async function parseAll(c: PortalConnector, captures: readonly RawCapture[]) {
  const events: ParseEvent[] = [];
  for (const cap of captures) for await (const e of c.parse(cap, { period: PERIOD, registry })) events.push(e);
  return events;
}

function metricsOf(events: readonly ParseEvent[]) {
  return events.flatMap((e) => (e.kind === 'metric' ? [e.row] : []));
}

function problemsOf(events: readonly ParseEvent[]) {
  return events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : []));
}

useNockBoundary();

describe('PortalConnector capture and parse', () => {
  it('captures each page as raw bytes with its request and parses shape A by metric code', async () => {
    const page1 = shapeA(
      [
        evaluationRow(ROOT, 'UBND tỉnh Điện Biên', [metric('ORIGINAL_RESULT_AVAILABLE', 1000, 2000)], { departmentType: 'PROVINCE', departmentLevel: 'PROVINCE' }),
        evaluationRow('dep-him-lam', 'UBND phường Him Lam', [
          metric('ORIGINAL_RESULT_AVAILABLE', 202, 236),
          metric('SO_HOA_GIAY_TO_GIAI_QUYET', 270, 297),
          metric('ELECTRONIC_CERTIFIED_COPY', null, null, { ratio: 45.5, dataQualityStatus: 'NO_NATIONAL_REPORT_DATA' }),
          metric('SOMETHING_NEW', 1, 2),
        ], { departmentCode: 'H18.105' }),
      ],
      { totalPages: 2, total: 3, pageSize: 2 },
    );
    const page2 = shapeA([evaluationRow('dep-noong-bua', 'Phường Noong Bua', [metric('ORIGINAL_RESULT_AVAILABLE', 127, 130)])], { page: 2, totalPages: 2, total: 3, pageSize: 2 });
    const page1Text = JSON.stringify(page1);
    nock(BASE)
      .post(`${PATH}/dossier-digitized`, (b: { currentPage: number }) => b.currentPage === 1)
      .reply(201, page1Text, { 'Content-Type': 'application/json', ETag: '"abc"', 'X-Powered-By': 'secret' })
      .post(`${PATH}/dossier-digitized`, (b: { currentPage: number }) => b.currentPage === 2)
      .reply(201, page2);

    const c = connector();
    const { items: captures, error } = await capture(c, config(['dossier-digitized'], { pageSize: 2 }));
    expect(error).toBeNull();
    expect(captures).toHaveLength(2);
    const [first, second] = captures as [RawCapture, RawCapture];
    expect(first.source).toBe('portal');
    expect(first.period).toBe('2023-09');
    expect(first.mediaType).toBe('application/json');
    expect(first.content.kind === 'bytes' && Buffer.from(first.content.bytes).toString('utf8')).toBe(page1Text);
    expect(first.request).toEqual({
      method: 'POST',
      url: `${BASE}${PATH}/dossier-digitized`,
      body: { timeType: 'month', year: 2023, month: 9, rootDepartmentId: ROOT, currentPage: 1, pageSize: 2 },
    });
    expect(first.metadata).toMatchObject({ endpoint: 'dossier-digitized', page: 1, totalPages: 2, status: 201, rootDepartmentId: ROOT, provinceCode: '11' });
    expect(first.metadata.headers).toMatchObject({ etag: '"abc"' });
    expect(first.metadata.headers).not.toHaveProperty('x-powered-by');
    expect(second.metadata.page).toBe(2);

    const events = await parseAll(c, captures);
    expect(problemsOf(events)).toEqual([]);
    expect(parsedValue(events, '03127', 'result_digitized')).toBe(202);
    expect(parsedValue(events, '03127', 'result_digitized_base')).toBe(236);
    expect(parsedValue(events, '03127', 'components_digitized')).toBe(270);
    expect(parsedValue(events, '03124', 'result_digitized')).toBe(127);
    // The province row is not a unit; an unknown metric code emits nothing.
    expect(metricsOf(events).filter((r) => r.value === 1000)).toEqual([]);
    expect(metricsOf(events).map((r) => r.metric)).not.toContain('SOMETHING_NEW');
    const location = metricsOf(events).find((r) => r.unitCode === '03127' && r.metric === 'components_digitized')!.location;
    expect(location).toEqual({ endpoint: 'dossier-digitized', file: 'dossier-digitized-2023-09-p1.json', unit: 'UBND phường Him Lam', path: 'data.evaluation[1].metrics[1].numerator' });
  });

  it('keeps a null numerator null, never 0', async () => {
    nock(BASE)
      .post(`${PATH}/handling-satisfaction`)
      .reply(201, shapeA([evaluationRow('d1', 'UBND xã Nà Tấu', [metric('PETITION_PROCESSING_ON_TIME', null, null), metric('DOSSIER_RECEIVING_SATISFACTION', 0, 150)])]));
    const c = connector();
    const { items } = await capture(c, config(['handling-satisfaction']));
    const events = await parseAll(c, items);
    expect(parsedValue(events, '03316', 'petitions_on_time')).toBeNull();
    expect(parsedValue(events, '03316', 'petitions_on_time_base')).toBeNull();
    expect(parsedValue(events, '03316', 'dossiers_satisfied')).toBe(0);
    expect(parsedValue(events, '03316', 'dossiers_satisfied_base')).toBe(150);
  });

  it('parses shape B payment children into fee_dossiers and paid_online', async () => {
    nock(BASE)
      .post(`${PATH}/formality-online-payment-tree`)
      .reply(201, paymentTree([paymentChild('d-him-lam', 'UBND phường Him Lam', 21, 79), paymentChild('d-thanh-binh', 'UBND Thanh Bình', 0, 106), paymentChild('d-na-nhan', 'Xã Nà Nhạn', null, null)]));
    const c = connector();
    const { items } = await capture(c, config(['formality-online-payment-tree']));
    const events = await parseAll(c, items);
    expect(problemsOf(events)).toEqual([]);
    expect(parsedValue(events, '03127', 'paid_online')).toBe(21);
    expect(parsedValue(events, '03127', 'fee_dossiers')).toBe(79);
    expect(parsedValue(events, '03130', 'paid_online')).toBe(0); // matched through the alias 'UBND Thanh Bình'
    expect(parsedValue(events, '03317', 'fee_dossiers')).toBeNull();
    expect(metricsOf(events).find((r) => r.unitCode === '03127' && r.metric === 'paid_online')!.location.path).toBe('data.children[0].totalDossierOnlinePaymentSuccess');
  });

  it('reports an unknown commune with the closest names, skips provincial departments, flags duplicates', async () => {
    nock(BASE)
      .post(`${PATH}/dvc-progress-tree`)
      .reply(201, {
        code: 'OK',
        message: 'OK',
        data: {
          parent: { departmentId: ROOT, departmentName: 'UBND tỉnh Điện Biên', totalReceived: 10 },
          children: [
            { departmentId: 'x1', departmentName: 'UBND phường Him Lâm', level: 'COMMUNE', totalReceived: 5, totalOnTime: 5, totalOverdue: 0 },
            { departmentId: 'x2', departmentName: 'Sở Tư pháp tỉnh Điện Biên', level: 'PROVINCE', totalReceived: 9, totalOnTime: 9, totalOverdue: 0 },
            { departmentId: 'x3', departmentName: 'Phường Tân Thanh', level: 'COMMUNE', totalReceived: 7, totalOnTime: 6, totalOverdue: 1 },
            { departmentId: 'x4', departmentName: 'UBND phường Tân Thanh', level: 'COMMUNE', totalReceived: 8, totalOnTime: 8, totalOverdue: 0 },
          ],
        },
      });
    const c = connector();
    const { items } = await capture(c, config(['dvc-progress-tree']));
    const events = await parseAll(c, items);
    const problems = problemsOf(events);
    expect(problems).toHaveLength(2);
    expect(problems[0]!.location).toMatchObject({ endpoint: 'dvc-progress-tree', unit: 'UBND phường Him Lâm', path: 'data.children[0]' });
    expect(problems[0]!.expected).toContain('Him Lam (03127)');
    expect(problems[1]!.reason).toContain('cùng ứng với đơn vị UBND phường Tân Thanh');
    expect(parsedValue(events, '03133', 'progress_received')).toBe(7);
    expect(parsedValue(events, '03133', 'progress_overdue')).toBe(1);
    expect(metricsOf(events).some((r) => r.value === 9)).toBe(false);
  });

  it('matches by the portal department id before the name', async () => {
    const base = registry.byCode('03127', parsePeriod('2023-09'))!;
    // A registry of this one unit: its successor (Phường Điện Biên Phủ) is not in it.
    const custom = new UnitRegistryIndex([{ ...base, successors: [], portalDepartmentId: 'uuid-him-lam', portalCode: 'H18.105' }]);
    nock(BASE)
      .post(`${PATH}/formality-online-payment-tree`)
      .reply(201, paymentTree([paymentChild('uuid-him-lam', 'Tên mới hoàn toàn', 3, 4)]));
    const c = connector();
    const { items } = await capture(c, config(['formality-online-payment-tree']));
    const events: ParseEvent[] = [];
    for await (const e of c.parse(items[0]!, { period: PERIOD, registry: custom })) events.push(e);
    expect(parsedValue(events, '03127', 'paid_online')).toBe(3);
  });
});

describe('PortalConnector fails closed', () => {
  it('names a renamed field, archives the answer, and scores nothing from it', async () => {
    const renamed = paymentTree([
      paymentChild('d1', 'UBND phường Him Lam', 21, 79),
      (() => {
        const child = paymentChild('d2', 'UBND phường Tân Thanh', 0, 105);
        const { totalDossierOnlinePaymentSuccess, ...rest } = child;
        return { ...rest, totalDossierOnlinePaymentSuccessful: totalDossierOnlinePaymentSuccess };
      })(),
    ]);
    nock(BASE).post(`${PATH}/formality-online-payment-tree`).reply(201, renamed);
    const later = nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([]));
    const c = connector();
    const { items, error } = await capture(c, config(['formality-online-payment-tree', 'transparency']));

    expect(error).toBeInstanceOf(PortalError);
    const portalError = error as PortalError;
    expect(portalError.kind).toBe('shape');
    expect(portalError.field).toBe('data.children[1].totalDossierOnlinePaymentSuccess');
    expect(portalError.message).toContain("'formality-online-payment-tree'");
    expect(portalError.message).toContain("thiếu trường bắt buộc 'totalDossierOnlinePaymentSuccess'");
    expect(portalError.message).toContain("'totalDossierOnlinePaymentSuccessful'");
    expect(portalError.message).toContain('UBND phường Tân Thanh');
    expect(later.isDone()).toBe(false); // capture stopped

    // The refused answer was yielded for archiving; parsing it yields nothing and says why.
    expect(items).toHaveLength(1);
    expect(items[0]!.metadata.refused).toMatchObject({ kind: 'shape', field: 'data.children[1].totalDossierOnlinePaymentSuccess' });
    const parsed = await collect(c.parse(items[0]!, { period: PERIOD, registry }));
    expect(parsed.items).toEqual([]);
    expect(parsed.error).toBeInstanceOf(UnreadableSourceError);
    expect((parsed.error as UnreadableSourceError).location).toMatchObject({ endpoint: 'formality-online-payment-tree', path: 'data.children[1].totalDossierOnlinePaymentSuccess' });
  });

  it('refuses an answer about another province (shape A overview and shape B parent)', async () => {
    nock(BASE)
      .post(`${PATH}/transparency`)
      .reply(201, shapeA([evaluationRow('d1', 'UBND phường Him Lam', [metric('PUBLISH_ON_TIME', 1, 1)])], { root: OTHER_ROOT }));
    const c = connector();
    const a = await capture(c, config(['transparency']));
    expect((a.error as PortalError).kind).toBe('wrong-root');
    expect((a.error as PortalError).message).toContain(OTHER_ROOT);
    const parsedA = await collect(c.parse(a.items[0]!, { period: PERIOD, registry }));
    expect(parsedA.items).toEqual([]);
    expect((parsedA.error as UnreadableSourceError).location.path).toBe('data.overview.departmentId');

    nock(BASE).post(`${PATH}/formality-online-payment-tree`).reply(201, paymentTree([paymentChild('d1', 'UBND phường Him Lam', 1, 2)], OTHER_ROOT));
    const b = await capture(c, config(['formality-online-payment-tree']));
    expect((b.error as PortalError).kind).toBe('wrong-root');
    expect((b.error as PortalError).field).toBe('data.parent.departmentId');
  });

  it('refuses an answer that does not say which province it is about', async () => {
    const answer = shapeA([evaluationRow('d1', 'UBND phường Him Lam', [])]);
    delete (answer.data as Record<string, unknown>).overview;
    nock(BASE).post(`${PATH}/transparency`).reply(201, answer);
    const { error } = await capture(connector(), config(['transparency']));
    expect((error as PortalError).kind).toBe('wrong-root');
  });

  it('refuses a capture of another month', async () => {
    nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([]));
    const c = connector();
    const { items } = await capture(c, config(['transparency']));
    const parsed = await collect(c.parse(items[0]!, { period: parsePeriod('2023-10'), registry }));
    expect(parsed.error).toBeInstanceOf(UnreadableSourceError);
    expect((parsed.error as Error).message).toContain('tháng 2023-09');
    expect((parsed.error as Error).message).toContain('2023-10');
  });
});

describe('PortalConnector check and configuration', () => {
  it('checks with one small request for last month and names the province', async () => {
    let sent: unknown;
    nock(BASE)
      .post(`${PATH}/transparency`, (b) => ((sent = b), true))
      .reply(201, shapeA([]));
    const result = await connector().check(config(undefined));
    expect(result.ok).toBe(true);
    expect(result.message).toContain('UBND tỉnh Điện Biên');
    expect(sent).toMatchObject({ timeType: 'month', year: 2023, month: 9, pageSize: 1 });
  });

  it('reports an open breaker without sending anything', async () => {
    const breaker = new InMemoryCircuitBreakerStore();
    await breaker.open('portal', 'HTTP 429 hôm qua');
    const scope = nock(BASE).post(`${PATH}/transparency`).reply(201, shapeA([]));
    const result = await connector(breaker).check(config(undefined));
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 429 hôm qua');
    expect(scope.isDone()).toBe(false);
    const { items, error } = await capture(connector(breaker), config(['transparency']));
    expect(items).toEqual([]);
    expect((error as PortalError).kind).toBe('circuit-open');
    expect(scope.isDone()).toBe(false);
  });

  it('keeps pausing between requests across consecutive captures', async () => {
    const pauses: number[] = [];
    nock(BASE).post(`${PATH}/dvc-progress-tree`).times(2).reply(201, { code: 'OK', message: 'OK', data: { parent: { departmentId: ROOT }, children: [] } });
    const c = new PortalConnector({ sleep: async (ms) => void pauses.push(ms), random: () => 0.5 });
    for (let i = 0; i < 2; i++) {
      const { error } = await capture(c, config(['dvc-progress-tree'], { pauseMs: 700 }));
      expect(error).toBeNull();
    }
    expect(pauses).toEqual([700]);
  });

  it('reads the province root id from the unit registry', () => {
    const cfg = portalConfigFromRegistry('11', { pauseMs: 0 }, loadRegistryFiles());
    expect(cfg.rootDepartmentId).toBe(ROOT);
    expect(cfg.baseUrl).toBe('https://dichvucong.gov.vn');
    expect(cfg.pauseMs).toBe(0);
    expect(() => portalConfigFromRegistry('99', {}, loadRegistryFiles())).toThrow(/mã 99/);
  });

  it('describes the metrics it can emit from the vocabulary', () => {
    const described = connector().describe();
    expect(described.source).toBe('portal');
    expect(described.metrics).toEqual(expect.arrayContaining(['fee_dossiers', 'paid_online', 'progress_received', 'result_digitized_base']));
    expect(described.metrics).not.toContain('received_online');
  });
});
