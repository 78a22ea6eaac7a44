// Capture and parse every endpoint of Điện Biên Phủ 2023-09 against the local fake portal (a real
// HTTP server), and check the parsed metrics against the example CSV the data set was built from.
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricRow, ParseEvent, RawCapture } from '../../src/core/connector-contract.js';
import { InMemoryCircuitBreakerStore } from '../../connectors/portal/circuit-breaker.js';
import { LegacyPortalConnector, legacyPortalConfigSchema } from '../../connectors/portal/legacy-portal-connector.js';
import { PortalConnector, portalConfigSchema, type PortalConfig } from '../../connectors/portal/portal-connector.js';
import { PortalClient } from '../../connectors/portal/portal-client.js';
import { PortalError } from '../../connectors/portal/portal-error.js';
import { PORTAL_ENDPOINTS } from '../../schema/portal/current-api.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import {
  buildPortalDataset,
  DIEN_BIEN_ROOT_ID,
  dienBienPhuPortalDataset,
  readMetricsCsv,
  startFakePortal,
  syntheticPortalDataset,
  type FakePortal,
} from '../support/fake-portal.js';
import { collect, PERIOD, registry } from './portal-fixtures.js';

let portal: FakePortal | undefined;

afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

function config(url: string, extra: Partial<PortalConfig> = {}): PortalConfig {
  return portalConfigSchema.parse({ baseUrl: url, rootDepartmentId: DIEN_BIEN_ROOT_ID, provinceCode: '11', pauseMs: 0, ...extra });
}

async function parseAll(connector: PortalConnector | LegacyPortalConnector, captures: readonly RawCapture[]): Promise<ParseEvent[]> {
  const events: ParseEvent[] = [];
  for (const capture of captures) for await (const e of connector.parse(capture, { period: PERIOD, registry })) events.push(e);
  return events;
}

describe('PortalConnector against the fake portal', () => {
  it('captures and parses all endpoints for 2023-09 and reproduces the example counts', async () => {
    portal = await startFakePortal(dienBienPhuPortalDataset());
    const connector = new PortalConnector({ breaker: new InMemoryCircuitBreakerStore() });
    const { items: captures, error } = await collect(connector.capture({ period: PERIOD, config: config(portal.url, { pageSize: 5, endpoints: [...PORTAL_ENDPOINTS] }) }));
    expect(error).toBeNull();

    // 13 rows (12 communes + 1 department) at 5 per page: 3 pages for each shape-A endpoint.
    const pages = captures.map((c) => `${String(c.metadata.endpoint)}#${String(c.metadata.page)}`);
    expect(pages).toEqual([
      'transparency#1', 'transparency#2', 'transparency#3',
      'handling-satisfaction#1', 'handling-satisfaction#2', 'handling-satisfaction#3',
      'dossier-digitized#1', 'dossier-digitized#2', 'dossier-digitized#3',
      'dvc-progress-tree#1', 'provide-online-tree#1', 'formality-online-payment-tree#1', 'service-results#1',
    ]);
    expect(portal.requests).toHaveLength(13);
    const satisfaction = portal.requests.find((r) => r.endpoint === 'handling-satisfaction')!.body;
    expect(satisfaction).toMatchObject({ fromDate: '2023-09-01', toDate: '2023-09-30', rootDepartmentId: DIEN_BIEN_ROOT_ID });

    const events = await parseAll(connector, captures);
    expect(events.filter((e) => e.kind === 'problem')).toEqual([]); // the provincial department is skipped quietly
    const metrics = new Map<string, MetricRow>();
    for (const e of events) {
      if (e.kind !== 'metric') continue;
      const key = `${e.row.unitCode}/${e.row.metric}`;
      expect(metrics.has(key), `${key} emitted twice`).toBe(false);
      metrics.set(key, e.row);
    }

    // Every CSV value the portal publishes comes back for every commune, exactly.
    const vocabulary = metricVocabulary();
    const csv = readMetricsCsv(new URL('../../examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv', import.meta.url).pathname);
    let compared = 0;
    for (const row of csv) {
      for (const [key, expected] of Object.entries(row.metrics)) {
        if (!vocabulary.get(key)?.portal) continue;
        expect(metrics.get(`${row.code}/${key}`)?.value, `${row.name} ${key}`).toBe(expected);
        compared++;
      }
    }
    expect(compared).toBe(12 * 12);
    expect(metrics.get('03127/paid_online')?.value).toBe(21);
    expect(metrics.get('03127/fee_dossiers')?.value).toBe(79);
    expect(metrics.get('03130/result_digitized')?.value).toBe(0);
    expect(metrics.get('03124/petitions_on_time')?.value).toBe(2);
    // Metrics the data set lacks are null, not 0.
    expect(metrics.get('03127/publish_on_time')?.value).toBeNull();
    expect(metrics.get('03127/progress_received')?.value).toBeNull();
    expect([...metrics.keys()].filter((k) => k.startsWith('03127/')).length).toBe(connector.describe().metrics.length);
  });

  it('retries a real timeout and a dropped connection, then completes', async () => {
    portal = await startFakePortal(dienBienPhuPortalDataset(), { failures: [{ slowMs: 3000 }, 'reset'] });
    const connector = new PortalConnector({ sleep: async () => {} });
    const { items, error } = await collect(connector.capture({ period: PERIOD, config: config(portal.url, { timeoutMs: 200, retries: 2, endpoints: ['formality-online-payment-tree'] }) }));
    expect(error).toBeNull();
    expect(items).toHaveLength(1);
    expect(items[0]!.metadata.attempts).toBe(3);
    expect(portal.requests).toHaveLength(3);
  });

  it('stops at a 429 and sends nothing more until the breaker is reset', async () => {
    portal = await startFakePortal(dienBienPhuPortalDataset(), { failures: [429] });
    const breaker = new InMemoryCircuitBreakerStore();
    const connector = new PortalConnector({ breaker, sleep: async () => {} });
    const first = await collect(connector.capture({ period: PERIOD, config: config(portal.url) }));
    expect((first.error as PortalError).status).toBe(429);
    expect(portal.requests).toHaveLength(1);

    const second = await collect(connector.capture({ period: PERIOD, config: config(portal.url) }));
    expect((second.error as PortalError).kind).toBe('circuit-open');
    expect(portal.requests).toHaveLength(1);

    await breaker.reset('portal');
    const third = await collect(connector.capture({ period: PERIOD, config: config(portal.url, { endpoints: ['dvc-progress-tree'] }) }));
    expect(third.error).toBeNull();
    expect(portal.requests).toHaveLength(2);
  });

  it('opens the breaker on the firewall page', async () => {
    portal = await startFakePortal(dienBienPhuPortalDataset(), { failures: ['firewall'] });
    const breaker = new InMemoryCircuitBreakerStore();
    const { error } = await collect(new PortalConnector({ breaker }).capture({ period: PERIOD, config: config(portal.url) }));
    expect((error as PortalError).kind).toBe('html');
    expect((await breaker.get('portal')).reason).toContain('Request Rejected');
  });

  it('serves the legacy API with decimal-comma scores', async () => {
    const [himLam, namThanh] = readMetricsCsv(new URL('../../examples/dien-bien-phu-2023-09/so-lieu-2023-09.csv', import.meta.url).pathname).filter((r) => ['03127', '03139'].includes(r.code));
    const dataset = buildPortalDataset({
      province: { rootDepartmentId: DIEN_BIEN_ROOT_ID, code: 'H18', name: 'UBND tỉnh Điện Biên', legacyId: '11358' },
      units: [
        { ...himLam!, metrics: { legacy_score_ckmb: 12.5, legacy_score_total: 71.51 } },
        { ...namThanh!, metrics: { legacy_score_ckmb: 16, legacy_score_total: 80.25 } },
      ],
    });
    portal = await startFakePortal(dataset, { legacyNumbers: 'comma-string' });
    const legacy = new LegacyPortalConnector();
    const { items } = await collect(legacy.capture({ period: PERIOD, config: legacyPortalConfigSchema.parse({ baseUrl: portal.url, provinceId: '11358', provinceCode: '11', pauseMs: 0 }) }));
    expect(Buffer.from((items[0]!.content as { bytes: Uint8Array }).bytes).toString('utf8')).toContain('"12,5"');
    const events = await parseAll(legacy, items);
    const value = (unit: string, key: string) => events.flatMap((e) => (e.kind === 'metric' && e.row.unitCode === unit && e.row.metric === key ? [e.row.value] : []))[0];
    expect(value('03127', 'legacy_score_ckmb')).toBe(12.5);
    expect(value('03127', 'legacy_score_total')).toBe(71.51);
    expect(value('03139', 'legacy_score_total')).toBe(80.25);
    expect(value('03139', 'legacy_score_tdgq')).toBeNull();
    expect(portal.requests[0]!.body).toMatchObject({ service: 'report_tinh_766_service', p_nam: '2023', p_thang: 9, p_tinh_id: '11358' });
  });

  it('serves a synthetic country on the 34 provinces of the catalog (benchmark data set)', async () => {
    const dataset = syntheticPortalDataset({ provinces: 34, unitsPerProvince: 113 });
    portal = await startFakePortal(dataset);
    const connector = new PortalConnector();
    const last = dataset.provinces[33]!;
    const cfg = portalConfigSchema.parse({ baseUrl: portal.url, rootDepartmentId: last.rootDepartmentId, provinceCode: '11', pauseMs: 0, pageSize: 50, endpoints: ['transparency', 'service-results'] });
    const { items, error } = await collect(connector.capture({ period: PERIOD, config: cfg }));
    expect(error).toBeNull();
    expect(items.map((c) => c.metadata.page)).toEqual([1, 2, 3, 1]);
    // service-results asked with a province is its drill-down: one row per unit, never paginated.
    const drill = JSON.parse(Buffer.from((items[3]!.content as { bytes: Uint8Array }).bytes).toString('utf8')) as { data: { overview: Record<string, unknown>; evaluation: Record<string, unknown>[] } };
    expect(drill.data.evaluation).toHaveLength(113);
    expect(drill.data.overview).toMatchObject({ departmentCode: last.code });
    expect(drill.data.overview.departmentId).toBeUndefined();
    expect(new Set(drill.data.evaluation.map((r) => r.childGroup))).toEqual(new Set(['COMMUNE']));
    // Without a province it is the national summary: the 34 provinces with their group scores.
    const national = await new PortalClient({ baseUrl: portal.url, pauseMs: 0 }).fetchPage({ endpoint: 'service-results', period: PERIOD, rootDepartmentId: null });
    expect(national.request.body).toEqual({ timeType: 'month', year: 2023, month: 9, departmentType: 'ADMINISTRATIVE_UNIT' });
    expect(national.parsed.scope).toEqual({ scope: 'national' });
    const summary = JSON.parse(Buffer.from(national.response.body).toString('utf8')) as { data: { overview: Record<string, unknown>; evaluation: Record<string, unknown>[] } };
    expect(summary.data.evaluation).toHaveLength(34);
    expect(summary.data.overview).toMatchObject({ departmentName: 'Cả nước', departmentCode: null });
    expect(summary.data.evaluation.every((r) => typeof r.groupScores === 'object')).toBe(true);
  });
});
