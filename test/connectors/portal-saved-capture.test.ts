// Importing saved portal answers (browser HAR recordings and single saved bodies) from real files:
// they become captures that go through the same parse as live ones.
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type ParseEvent, type RawCapture } from '../../src/core/connector-contract.js';
import { LegacyPortalConnector } from '../../connectors/portal/legacy-portal-connector.js';
import { PortalConnector } from '../../connectors/portal/portal-connector.js';
import { readSavedPortalFile } from '../../connectors/portal/saved-capture.js';
import { parseAnyPeriod } from '../../src/core/period.js';
import { collect, evaluationRow, metric, OTHER_ROOT, paymentChild, paymentTree, PERIOD, registry, ROOT, shapeA } from './portal-fixtures.js';

const PORTAL = 'https://dichvucong.gov.vn';
const EVAL = `${PORTAL}/api/v1/reporting/evaluation`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-saved-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface EntrySpec {
  method?: string;
  url: string;
  requestText?: string;
  status?: number;
  responseText?: string;
  base64?: boolean;
  mimeType?: string;
}

function harEntry(spec: EntrySpec) {
  const text = spec.responseText ?? '';
  return {
    startedDateTime: '2023-10-03T02:15:00.000Z',
    time: 120,
    request: {
      method: spec.method ?? 'POST',
      url: spec.url,
      httpVersion: 'HTTP/2',
      headers: [{ name: 'Content-Type', value: spec.mimeType ?? 'application/json' }],
      ...(spec.requestText !== undefined ? { postData: { mimeType: spec.mimeType ?? 'application/json', text: spec.requestText } } : {}),
    },
    response: {
      status: spec.status ?? 201,
      statusText: '',
      headers: [
        { name: 'content-type', value: 'application/json' },
        { name: 'date', value: 'Tue, 03 Oct 2023 02:15:00 GMT' },
        { name: 'set-cookie', value: 'SESSION=secret' },
      ],
      content: { size: text.length, mimeType: 'application/json', text: spec.base64 ? Buffer.from(text, 'utf8').toString('base64') : text, ...(spec.base64 ? { encoding: 'base64' } : {}) },
    },
  };
}

async function writeJson(name: string, value: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(value), 'utf8');
  return path;
}

const monthBody = (extra: Record<string, unknown> = {}) => JSON.stringify({ timeType: 'month', year: 2023, month: 9, rootDepartmentId: ROOT, currentPage: 1, pageSize: 200, ...extra });
const legacyForm = (service: string, month = 9) =>
  new URLSearchParams({
    params: JSON.stringify({ type: 'ref', service, p_nam: '2023', p_thang: month, p_quy: 0, p_6thang: 0, p_tinh_id: '11358', pageIndex: 1, pageSize: 1000 }),
  }).toString();

async function parse(captures: readonly RawCapture[]): Promise<ParseEvent[]> {
  const portal = new PortalConnector();
  const legacy = new LegacyPortalConnector();
  const events: ParseEvent[] = [];
  for (const capture of captures) {
    const connector = capture.source === 'portal' ? portal : legacy;
    for await (const e of connector.parse(capture, { period: PERIOD, registry })) events.push(e);
  }
  return events;
}

function value(events: readonly ParseEvent[], unitCode: string, key: string) {
  const rows = events.flatMap((e) => (e.kind === 'metric' && e.row.unitCode === unitCode && e.row.metric === key ? [e.row] : []));
  expect(rows, `${unitCode} ${key}`).toHaveLength(1);
  return rows[0]!.value;
}

describe('readSavedPortalFile: HAR', () => {
  it('refuses a file over the size limit before reading it, naming the file, its size and the limit', async () => {
    const path = join(dir, 'ca-phien-duyet-web.har');
    // A sparse file: its size is what stat reports, nothing is written to disk.
    await writeFile(path, '');
    await truncate(path, 300 * 1024 * 1024);
    const refused = await readSavedPortalFile(path, { period: PERIOD }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UnreadableSourceError);
    expect((refused as UnreadableSourceError).message).toMatch(/^Tệp ca-phien-duyet-web\.har nặng 300 MiB, vượt giới hạn 256 MiB .*lọc Fetch\/XHR/);
    // Under the limit the same file is read (and refused for what it holds, not for its size).
    const small = join(dir, 'nho.har');
    await writeFile(small, '{"log":{"entries":[]}}');
    await expect(readSavedPortalFile(small, { period: PERIOD, maxBytes: 10 })).rejects.toThrow(/vượt giới hạn/);
    expect((await readSavedPortalFile(small, { period: PERIOD })).format).toBe('har');
  });

  it('turns the report entries of a HAR into captures and ignores the rest', async () => {
    const firstSatisfaction = shapeA([evaluationRow('d1', 'UBND phường Him Lam', [metric('DOSSIER_RECEIVING_SATISFACTION', 1, 2)])]);
    const satisfaction = shapeA([evaluationRow('d1', 'UBND phường Him Lam', [metric('DOSSIER_RECEIVING_SATISFACTION', 173, 200)])]);
    const legacyRows = [{ ID: '902', TEN: 'UBND phường Him Lam', MA_COQUAN: 'H18.105', CAPDONVIID: '2', ROW_STT: '1', CKMB: '12,5', TDGQ: '17', CLGQ: '9', TTTT: '4', MDHL: '16', MDSH: '10', TONG_SCORE: '68,5' }];
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'Firefox', version: '118' },
        entries: [
          harEntry({ method: 'GET', url: `${PORTAL}/p/home/dvc-trang-chu.html`, status: 200, responseText: '<html></html>' }),
          harEntry({ url: `${EVAL}/formality-online-payment-tree`, requestText: monthBody(), responseText: JSON.stringify(paymentTree([paymentChild('d1', 'UBND phường Him Lam', 21, 79)])), base64: true }),
          harEntry({ url: `${EVAL}/handling-satisfaction`, requestText: JSON.stringify({ fromDate: '2023-09-01', toDate: '2023-09-30', rootDepartmentId: ROOT, currentPage: 1, pageSize: 200 }), responseText: JSON.stringify(firstSatisfaction) }),
          harEntry({ url: `${EVAL}/handling-satisfaction`, requestText: JSON.stringify({ fromDate: '2023-09-01', toDate: '2023-09-30', rootDepartmentId: ROOT, currentPage: 1, pageSize: 200 }), responseText: JSON.stringify(satisfaction) }),
          harEntry({ url: `${EVAL}/transparency`, requestText: monthBody(), status: 429, responseText: 'Too Many Requests' }),
          harEntry({ url: `${EVAL}/dossier-digitized`, requestText: monthBody(), responseText: JSON.stringify(shapeA([], { totalPages: 2 })) }),
          harEntry({ url: `${PORTAL}/jsp/rest.jsp`, requestText: legacyForm('report_xuhuongdiem_service'), status: 200, responseText: '[]', mimeType: 'application/x-www-form-urlencoded' }),
          harEntry({ url: `${PORTAL}/jsp/rest.jsp`, requestText: legacyForm('report_tinh_766_service'), status: 200, responseText: JSON.stringify(legacyRows), mimeType: 'application/x-www-form-urlencoded' }),
          harEntry({ url: `${PORTAL}/api/v1/reporting/formalities`, requestText: '{"q":""}', responseText: '{"code":"OK","data":{}}' }),
        ],
      },
    };
    const path = await writeJson('dichvucong.har', har);
    const saved = await readSavedPortalFile(path, { period: PERIOD, provinceCode: '11' });

    expect(saved.format).toBe('har');
    expect(saved.ignoredEntries).toBe(3); // the page, the other legacy service, the formalities catalogue
    expect(saved.skippedEntries).toEqual([{ entry: 5, url: `${EVAL}/transparency`, reason: expect.stringContaining('HTTP 429') }]);
    expect(saved.warnings).toEqual([expect.stringContaining('lặp lại'), expect.stringContaining("'dossier-digitized' có 2 trang nhưng thiếu trang 2")]);
    expect(saved.captures.map((c) => [c.source, c.metadata.endpoint, c.metadata.harEntry])).toEqual([
      ['portal', 'formality-online-payment-tree', 2],
      ['portal', 'handling-satisfaction', 4],
      ['portal', 'dossier-digitized', 6],
      ['portal-legacy', 'rest.jsp report_tinh_766_service', 8],
    ]);
    const payment = saved.captures[0]!;
    expect(payment.period).toBe('2023-09');
    expect(payment.fileName).toBe('dichvucong.har#2');
    expect(payment.metadata).toMatchObject({ status: 201, rootDepartmentId: ROOT, provinceCode: '11', importedFrom: 'har' });
    expect(payment.metadata.headers).not.toHaveProperty('set-cookie');

    const events = await parse(saved.captures);
    expect(events.filter((e) => e.kind === 'problem')).toEqual([]);
    expect(value(events, '03127', 'paid_online')).toBe(21); // decoded from base64
    expect(value(events, '03127', 'dossiers_satisfied')).toBe(173); // the later of the two identical requests
    expect(value(events, '03127', 'legacy_score_ckmb')).toBe(12.5);
    expect(value(events, '03127', 'legacy_score_total')).toBe(68.5);
  });

  it('refuses a HAR entry of another month, naming the entry', async () => {
    const har = {
      log: {
        entries: [
          harEntry({ url: `${EVAL}/transparency`, requestText: monthBody(), responseText: JSON.stringify(shapeA([])) }),
          harEntry({ url: `${EVAL}/dvc-progress-tree`, requestText: monthBody({ month: 8 }), responseText: '{}' }),
        ],
      },
    };
    const path = await writeJson('two-months.har', har);
    const error = await readSavedPortalFile(path, { period: PERIOD }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as Error).message).toContain('mục 2');
    expect((error as Error).message).toContain('dvc-progress-tree');
    expect((error as Error).message).toContain('tháng 2023-08');
    expect((error as UnreadableSourceError).location).toEqual({ file: 'two-months.har', path: 'log.entries[1]' });

    const quarter = await writeJson('quarter.har', { log: { entries: [harEntry({ url: `${EVAL}/transparency`, requestText: JSON.stringify({ timeType: 'quarter', year: 2023, quarter: 3, rootDepartmentId: ROOT }), responseText: '{}' })] } });
    // A quarter's answer imported as a month is refused, naming --period.
    await expect(readSavedPortalFile(quarter, { period: PERIOD })).rejects.toThrow(/mục 1.*quý 2023-Q3.*--period 2023-Q3/);
    expect((await readSavedPortalFile(quarter, { period: parseAnyPeriod('2023-Q3') })).captures[0]!.period).toBe('2023-Q3');

    const legacy = await writeJson('legacy-august.har', { log: { entries: [harEntry({ url: `${PORTAL}/jsp/rest.jsp`, requestText: legacyForm('report_tinh_766_service', 8), status: 200, responseText: '[]' })] } });
    await expect(readSavedPortalFile(legacy, { period: PERIOD })).rejects.toThrow(/mục 1.*tháng 2023-08/);
  });

  it('a HAR answer about another province fails at parse, as a live one would', async () => {
    const har = { log: { entries: [harEntry({ url: `${EVAL}/formality-online-payment-tree`, requestText: monthBody(), responseText: JSON.stringify(paymentTree([], OTHER_ROOT)) })] } };
    const saved = await readSavedPortalFile(await writeJson('wrong-root.har', har), { period: PERIOD });
    const parsed = await collect(new PortalConnector().parse(saved.captures[0]!, { period: PERIOD, registry }));
    expect(parsed.items).toEqual([]);
    expect(parsed.error).toBeInstanceOf(UnreadableSourceError);
    expect((parsed.error as Error).message).toContain(OTHER_ROOT);
    expect((parsed.error as UnreadableSourceError).location.file).toBe('wrong-root.har#1');
  });
});

describe('readSavedPortalFile: saved body', () => {
  it('infers the endpoint of a saved body and parses it like a live answer', async () => {
    const text = JSON.stringify(paymentTree([paymentChild('d1', 'UBND phường Mường Thanh', 3, 87)]), null, 2);
    const path = join(dir, 'thanh-toan.json');
    await writeFile(path, text, 'utf8');
    const saved = await readSavedPortalFile(path, { period: PERIOD, rootDepartmentId: ROOT, provinceCode: '11' });
    expect(saved.format).toBe('body');
    expect(saved.captures).toHaveLength(1);
    const capture = saved.captures[0]!;
    expect(capture.metadata).toMatchObject({ endpoint: 'formality-online-payment-tree', rootDepartmentId: ROOT, importedFrom: 'saved-body', status: null });
    expect(capture.content.kind === 'bytes' && Buffer.from(capture.content.bytes).toString('utf8')).toBe(text);
    const events = await parse(saved.captures);
    expect(value(events, '03136', 'paid_online')).toBe(3);
    expect(value(events, '03136', 'fee_dossiers')).toBe(87);
  });

  it('infers shape-A endpoints from metric codes and legacy bodies from their columns', async () => {
    const digitized = await writeJson('so-hoa.json', shapeA([evaluationRow('d1', 'Phường Nam Thanh', [metric('SO_HOA_GIAY_TO_GIAI_QUYET', 66, 72)])]));
    const a = await readSavedPortalFile(digitized, { period: PERIOD, rootDepartmentId: ROOT });
    expect(a.captures[0]!.metadata.endpoint).toBe('dossier-digitized');
    expect(value(await parse(a.captures), '03139', 'components_digitized')).toBe(66);

    const legacy = await writeJson('api-cu.json', [{ ID: '1', TEN: 'Xã Pá Khoang', MA_COQUAN: null, CAPDONVIID: 2, CKMB: '9,5', TDGQ: 1, CLGQ: 1, TTTT: 1, MDHL: 1, MDSH: 1, TONG_SCORE: '14,5' }]);
    const b = await readSavedPortalFile(legacy, { period: PERIOD });
    expect(b.captures[0]!.source).toBe('portal-legacy');
    expect(value(await parse(b.captures), '03326', 'legacy_score_ckmb')).toBe(9.5);
  });

  it('asks for what a bare body cannot tell (month, endpoint) and reads its province from it', async () => {
    const body = await writeJson('body.json', paymentTree([]));
    await expect(readSavedPortalFile(body, { rootDepartmentId: ROOT })).rejects.toThrow(/tháng/);
    // The answer names its province (data.parent.departmentId): no province option needed.
    const own = await readSavedPortalFile(body, { period: PERIOD });
    expect(own.captures[0]!.metadata).toMatchObject({ rootDepartmentId: ROOT, provinceCode: '11' });
    // A province the catalog does not know is refused at parse, naming the field.
    const stranger = await writeJson('stranger.json', paymentTree([], '00000000-0000-0000-0000-000000000000'));
    const parsed = await collect(new PortalConnector().parse((await readSavedPortalFile(stranger, { period: PERIOD })).captures[0]!, { period: PERIOD, registry }));
    expect((parsed.error as Error).message).toMatch(/data\.parent\.departmentId.*không có trong danh mục 34 tỉnh/);
    const unknown = await writeJson('unknown.json', { code: 'OK', data: { something: [] } });
    await expect(readSavedPortalFile(unknown, { period: PERIOD, rootDepartmentId: ROOT })).rejects.toThrow(/endpoint/);
    const html = join(dir, 'rejected.html');
    await writeFile(html, '<html><title>Request Rejected</title></html>', 'utf8');
    await expect(readSavedPortalFile(html, { period: PERIOD })).rejects.toThrow(/trang HTML/);
  });

  it('a saved body with a renamed field scores nothing and names the field', async () => {
    const child = paymentChild('d1', 'UBND phường Him Lam', 21, 79);
    delete (child as Record<string, unknown>).totalDossierFinancialObligation;
    const path = await writeJson('renamed.json', paymentTree([{ ...child, totalDossierFinancialObligations: 79 }]));
    const saved = await readSavedPortalFile(path, { period: PERIOD, rootDepartmentId: ROOT, endpoint: 'formality-online-payment-tree' });
    const parsed = await collect(new PortalConnector().parse(saved.captures[0]!, { period: PERIOD, registry }));
    expect(parsed.items).toEqual([]);
    expect((parsed.error as Error).message).toContain("'totalDossierFinancialObligation'");
    expect((parsed.error as Error).message).toContain("'totalDossierFinancialObligations'");
  });
});
