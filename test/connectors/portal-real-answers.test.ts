// The portal's real 2026 answers (shared/data/portal-real) imported as an operator would — a saved
// body, no province given — through the same parse as live captures, with real values checked.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type ParseEvent } from '../../src/core/connector-contract.js';
import { PortalConnector } from '../../connectors/portal/portal-connector.js';
import { readSavedPortalFile } from '../../connectors/portal/saved-capture.js';
import { parseAnyPeriod, type Period } from '../../src/core/period.js';
import { sharedPath } from '../support/shared-data.js';
import { registry } from './portal-fixtures.js';

const REAL = (name: string) => sharedPath(`data/portal-real/${name}`);
const GIA_LAI_ROOT = '019d2be3-6a85-74ec-a346-6489e82ae4c7';
const DIEN_BIEN_ROOT = '019d2be3-6a85-74ec-a341-16615c474af4';
const YEAR = parseAnyPeriod('2026');
const FEBRUARY = parseAnyPeriod('2026-02');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'portal-real-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Imports a saved answer like `dvc-sync import FILE --period P` and parses it; returns events or the error. */
async function importReal(path: string, period: Period, options: { rootDepartmentId?: string } = {}): Promise<{ events: ParseEvent[]; error: unknown; metadata: Record<string, unknown> }> {
  const saved = await readSavedPortalFile(path, { period, ...options });
  expect(saved.captures).toHaveLength(1);
  const capture = saved.captures[0]!;
  try {
    return { events: await new PortalConnector().readCapture(capture, { period, registry }), error: null, metadata: capture.metadata };
  } catch (error) {
    return { events: [], error, metadata: capture.metadata };
  }
}

const value = (events: readonly ParseEvent[], unit: string, metric: string) => {
  const rows = events.flatMap((e) => (e.kind === 'metric' && e.row.unitCode === unit && e.row.metric === metric ? [e.row.value] : []));
  expect(rows, `${unit} ${metric}`).toHaveLength(1);
  return rows[0];
};
const notes = (events: readonly ParseEvent[]) => events.flatMap((e) => (e.kind === 'note' ? [e.note.message] : []));
const links = (events: readonly ParseEvent[]) => events.flatMap((e) => (e.kind === 'link' ? [e.link] : []));

async function variant(name: string, edit: (json: { data: Record<string, unknown> }) => void): Promise<string> {
  const json = JSON.parse(readFileSync(REAL(name), 'utf8')) as { data: Record<string, unknown> };
  edit(json);
  const path = join(dir, `variant-${name}`);
  await writeFile(path, JSON.stringify(json));
  return path;
}

describe('the national answer (service-results, year 2026)', () => {
  it('is the catalog: every province gets the portal total, found by root id', async () => {
    const { events, error, metadata } = await importReal(REAL('service-results-national-2026-year.json'), YEAR);
    expect(error).toBeNull();
    expect(metadata).toMatchObject({ endpoint: 'service-results', rootDepartmentId: null });
    expect(events.filter((e) => e.kind === 'problem')).toEqual([]);
    const totals = events.filter((e) => e.kind === 'metric' && e.row.metric === 'portal_total');
    expect(totals).toHaveLength(34);
    expect(value(events, '52', 'portal_total')).toBe(62.62); // Gia Lai, H21
    expect(value(events, '11', 'portal_total')).toBe(60.01); // Điện Biên, H18
    expect(value(events, '75', 'portal_total')).toBe(67.55); // "UBND Thành phố Đồng Nai" = Tỉnh Đồng Nai, by id not name
  });

  it('imported as a month is refused, naming the field and --period', async () => {
    const { error } = await importReal(REAL('service-results-national-2026-year.json'), FEBRUARY);
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as Error).message).toMatch(/data\.dossierChart.*--period/);
    expect((error as UnreadableSourceError).location.path).toBe('data.dossierChart');
  });

  it('for a province request is refused (a national answer is not a province)', async () => {
    const { error } = await importReal(REAL('service-results-national-2026-year.json'), YEAR, { rootDepartmentId: GIA_LAI_ROOT });
    expect((error as Error).message).toMatch(/cả nước.*không phải tỉnh Tỉnh Gia Lai/);
  });
});

describe('Gia Lai, year 2026 (shape-B trees)', () => {
  it('progress: the province totals from data.parent, departments kept as agencies with one note', async () => {
    const { events, error, metadata } = await importReal(REAL('dvc-progress-tree-2026-year.json'), YEAR);
    expect(error).toBeNull();
    expect(metadata).toMatchObject({ endpoint: 'dvc-progress-tree', rootDepartmentId: GIA_LAI_ROOT, provinceCode: '52' });
    expect(value(events, '52', 'progress_received')).toBe(345385);
    expect(value(events, '52', 'progress_on_time')).toBe(272848);
    // Sở Y tế - tỉnh Gia Lai (H21.19), an agency of the province, under its portal code.
    expect(value(events, 'H21.19', 'progress_received')).toBe(1807);
    expect(value(events, 'H21.19', 'progress_on_time')).toBe(1551);
    // Thanh tra tỉnh answered 0/0 as ratio 0, score 0: the counts say there was nothing to measure.
    expect(value(events, 'H21.20', 'progress_received')).toBe(0);
    // Communes by name within the province: Pleiku exactly, "UBND xã Albá" loosely (Xã Al Bá).
    expect(value(events, '23575', 'progress_received')).toBe(4012);
    expect(value(events, '23954', 'progress_on_time')).toBe(809);
    expect(events.filter((e) => e.kind === 'problem')).toEqual([]);
    const agencies = links(events).filter((l) => l.kind === 'agency');
    expect(agencies).toHaveLength(14);
    expect(agencies.find((l) => l.unitCode === 'H21.19')).toMatchObject({ externalId: '019d2be3-6a85-74ec-a347-7c7ff203c70e', provinceCode: '52', name: 'Sở Y tế - tỉnh Gia Lai' });
    const departmentNotes = notes(events).filter((n) => n.includes('cơ quan cấp tỉnh'));
    expect(departmentNotes).toHaveLength(1);
    expect(departmentNotes[0]).toMatch(/^14 sở, ban, ngành của Tỉnh Gia Lai/);
    // No department is quarantined as an unknown commune.
    expect(events.filter((e) => e.kind === 'problem' && /^Sở |Thanh tra|Ban Quản lý/.test(e.problem.location.unit ?? ''))).toEqual([]);
  });

  it('online services: the province total per group from data.parent', async () => {
    const { events, error } = await importReal(REAL('provide-online-tree-2026-year.json'), YEAR);
    expect(error).toBeNull();
    expect(value(events, '52', 'online_services_score')).toBe(8.47);
    expect(value(events, '52', 'online_services_score_max')).toBe(12);
    expect(value(events, 'H21.19', 'online_services_score')).toBe(6.89);
  });

  it('an answer for another province than requested is refused, naming the field', async () => {
    const { error } = await importReal(REAL('dvc-progress-tree-2026-year.json'), YEAR, { rootDepartmentId: DIEN_BIEN_ROOT });
    expect(error).toBeInstanceOf(UnreadableSourceError);
    expect((error as Error).message).toMatch(/UBND tỉnh Gia Lai.*data\.parent\.departmentId.*không phải tỉnh Tỉnh Điện Biên/);
  });

  it('an unknown unit kind or a renamed kind field stops the whole answer, naming the field', async () => {
    const district = await variant('dvc-progress-tree-2026-year.json', (json) => {
      ((json.data.children as Record<string, unknown>[])[3]!).level = 'DISTRICT';
    });
    const a = await importReal(district, YEAR);
    expect(a.events).toEqual([]);
    expect((a.error as Error).message).toMatch(/data\.children\[3\]\.level: có "DISTRICT", cần COMMUNE \| PROVINCE/);
    const renamed = await variant('provide-online-tree-2026-year.json', (json) => {
      for (const child of json.data.children as Record<string, unknown>[]) {
        child.unitLevel = child.level;
        delete child.level;
      }
    });
    const b = await importReal(renamed, YEAR);
    expect(b.events).toEqual([]);
    expect((b.error as Error).message).toMatch(/data\.children\[0\]\.childGroup.*childGroup.*level.*departmentType/);
  });
});

describe('Gia Lai, February 2026 (service-results drill-down)', () => {
  it("names its province by portal code only and gives each unit the portal's own total", async () => {
    const { events, error, metadata } = await importReal(REAL('service-results-2026-02.json'), FEBRUARY);
    expect(error).toBeNull();
    expect(metadata).toMatchObject({ endpoint: 'service-results', rootDepartmentId: GIA_LAI_ROOT, provinceCode: '52' });
    expect(value(events, 'H21.24', 'portal_total')).toBe(35.22); // Sở Nông nghiệp và Môi trường
    expect(value(events, 'H21.19', 'portal_total')).toBe(30); // Sở Y tế
    expect(links(events).filter((l) => l.kind === 'agency')).toHaveLength(14);
    // Every one of the 135 communes is today's commune of the registry, matched by name within Gia Lai.
    expect(events.filter((e) => e.kind === 'problem')).toEqual([]);
    expect(links(events).filter((l) => l.kind === 'commune')).toHaveLength(135);
    expect(value(events, '23575', 'portal_total')).toBe(52); // UBND phường Pleiku
    expect(value(events, '23857', 'portal_total')).toBe(16); // UBND xã Đức Cơ
    expect(value(events, '23954', 'portal_total')).toBe(16); // "UBND xã Albá" = Xã Al Bá
    expect(notes(events).filter((n) => n.includes('khớp gần đúng'))).toHaveLength(3); // Albá, Ia Chía, Kông Bơ La - Gia Lai
  });

  it('imported for another month is refused: its dossierChart is filled for February only', async () => {
    const { error } = await importReal(REAL('service-results-2026-02.json'), parseAnyPeriod('2026-03'));
    expect((error as Error).message).toMatch(/các tháng 02 \(data\.dossierChart\), không khớp kỳ đã hỏi 2026-03/);
  });

  it('for another province than requested is refused, naming data.overview.departmentCode', async () => {
    const { error } = await importReal(REAL('service-results-2026-02.json'), FEBRUARY, { rootDepartmentId: DIEN_BIEN_ROOT });
    expect((error as UnreadableSourceError).location.path).toBe('data.overview.departmentCode');
    expect((error as Error).message).toMatch(/departmentCode H21/);
  });
});
