// Portal commune rows matched to today's communes by name within the province: exact first, then a
// looser key only when unique, each loose match said once; then remembered by departmentId in the
// store (a re-issued id for a known name updates the mapping and says so). Real Gia Lai answer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParseEvent, RawCapture } from '../../src/core/connector-contract.js';
import { PortalConnector } from '../../connectors/portal/portal-connector.js';
import { looseNameKey, resolvePortalUnit } from '../../connectors/portal/portal-unit-matcher.js';
import { readSavedPortalBytes } from '../../connectors/portal/saved-capture.js';
import { parseAnyPeriod } from '../../src/core/period.js';
import { ingestCapture } from '../../src/pipeline/ingest-capture.js';
import { loadUnitLinks, UnitLinkMemory } from '../../src/store/unit-link-store.js';
import type { Unit } from '../../src/core/unit-registry.js';
import { UnitRegistryIndex } from '../../src/units/unit-registry.js';
import { describeEachBackend } from '../support/backends.js';
import { sharedPath } from '../support/shared-data.js';

const FEBRUARY = parseAnyPeriod('2026-02');
const FILE = sharedPath('data/portal-real/service-results-2026-02.json');
const ALBA_ID = '019d2be3-6a95-76bf-9a11-ee8210b0c2e9';

/** A few of Gia Lai's communes since 1 July 2025 (statistics codes of admin-2025), spelled officially. */
function giaLai(extra: Partial<Unit>[] = []): UnitRegistryIndex {
  const commune = (code: string, name: string, provinceCode = '52'): Unit => ({
    code,
    name,
    displayName: `UBND ${name.charAt(0).toLowerCase()}${name.slice(1)}`,
    level: 'commune',
    provinceCode,
    districtCode: null,
    portalCode: null,
    portalDepartmentId: null,
    aliases: [],
    validFrom: '2025-07-01',
    validTo: null,
  });
  return new UnitRegistryIndex([
    commune('23575', 'Phường Pleiku'),
    commune('23954', 'Xã Al Bá'),
    commune('23788', 'Xã Ia Chia'),
    commune('23674', 'Xã Kông Bơ La'),
    commune('23941', 'Xã Chư Sê'),
    // Same loose key in another province: never a candidate for Gia Lai.
    commune('99001', 'Xã Albá', '51'),
    ...extra.map((u) => ({ ...commune(u.code!, u.name!), ...u })),
  ]);
}

function capture(bytes: Buffer = readFileSync(FILE)): RawCapture {
  return readSavedPortalBytes(bytes, 'service-results-2026-02.json', { period: FEBRUARY }).captures[0]!;
}

const metric = (events: readonly ParseEvent[], unit: string) =>
  events.flatMap((e) => (e.kind === 'metric' && e.row.unitCode === unit && e.row.metric === 'portal_total' ? [e.row.value] : []));
const noteTexts = (events: readonly ParseEvent[]) => events.flatMap((e) => (e.kind === 'note' ? [e.note.message] : []));

describe('matching portal communes by name within the province', () => {
  it('the loose key folds case, NFD, UBND, the province suffix, spacing and tone marks', () => {
    expect(looseNameKey('UBND xã Albá')).toBe(looseNameKey('Xã Al Bá'));
    expect(looseNameKey('UBND xã Ia Chía')).toBe(looseNameKey('Xã Ia Chia'));
    expect(looseNameKey('UBND xã Kông Bơ La - Gia Lai')).toBe(looseNameKey('Xã Kông Bơ La'));
    expect(looseNameKey('UBND Xã Chư Sê - tỉnh Gia Lai'.normalize('NFD'))).toBe(looseNameKey('Xã Chư Sê'));
    // Vowel letters are not tone marks: Chơ is not Cho.
    expect(looseNameKey('Xã Chơ Long')).not.toBe(looseNameKey('Xã Cho Long'));
  });

  it("gives a named commune its February 2026 portal total and says each loose match once", async () => {
    const events = await new PortalConnector().readCapture(capture(), { period: FEBRUARY, registry: giaLai() });
    expect(metric(events, '23575')).toEqual([52]); // UBND phường Pleiku, exact
    expect(metric(events, '23941')).toEqual([20]); // "UBND Xã Chư Sê", exact (case)
    expect(metric(events, '23954')).toEqual([16]); // "UBND xã Albá" → Xã Al Bá, loose
    expect(metric(events, '23788')).toEqual([16]); // "UBND xã Ia Chía" → Xã Ia Chia, loose
    expect(metric(events, '23674')).toEqual([16]); // "UBND xã Kông Bơ La - Gia Lai", loose
    const loose = noteTexts(events).filter((n) => n.includes('khớp gần đúng'));
    expect(loose).toHaveLength(3);
    expect(loose.join('\n')).toMatch(/'UBND xã Albá' khớp gần đúng với UBND xã Al Bá \(23954\)/);
    const links = events.flatMap((e) => (e.kind === 'link' && e.link.kind === 'commune' ? [e.link] : []));
    expect(links.map((l) => l.unitCode).sort()).toEqual(['23575', '23674', '23788', '23941', '23954']);
  });

  it('a loose key shared by two communes of the province matches neither when their tone marks agree too', async () => {
    const events = await new PortalConnector().readCapture(capture(), { period: FEBRUARY, registry: giaLai([{ code: '23955', name: 'Phường Al Bá' }]) });
    expect(metric(events, '23954')).toEqual([]);
    expect(metric(events, '23955')).toEqual([]);
    expect(events.some((e) => e.kind === 'problem' && e.problem.found?.startsWith('UBND xã Albá'))).toBe(true);
  });

  it('where the loose key names two communes, the one whose tone marks agree is taken (Đồng Tháp: xã Mỹ Thọ beside phường Mỹ Tho)', () => {
    const registry = giaLai([
      { code: '28261', name: 'Phường Mỹ Tho', provinceCode: '82' },
      { code: '30076', name: 'Xã Mỹ Thọ', provinceCode: '82' },
      { code: '23955', name: 'Xã Al Ba' },
    ]);
    const scope = { registry, period: FEBRUARY, provinceCode: '82' };
    const row = (departmentName: string) => ({ departmentName, communeLevel: true });
    expect(resolvePortalUnit(row('UBND xã Mỹ Thọ - tỉnh Đồng Tháp'), scope)).toMatchObject({ kind: 'unit', by: 'loose', unit: { code: '30076' } });
    expect(resolvePortalUnit(row('UBND phường Mỹ Tho - Đồng Tháp'.normalize('NFD')), scope)).toMatchObject({ kind: 'unit', by: 'loose', unit: { code: '28261' } });
    // Neither spelled tone for tone: still refused, naming the closest.
    expect(resolvePortalUnit(row('UBND xã Mỹ Thố - tỉnh Đồng Tháp'), scope)).toMatchObject({ kind: 'problem' });
    // Spacing alone differs from Al Bá, tone marks from Al Ba.
    expect(resolvePortalUnit(row('UBND xã Albá'), { ...scope, provinceCode: '52' })).toMatchObject({ kind: 'unit', by: 'loose', unit: { code: '23954' } });
  });

  it('remembered ids resolve quietly; a re-issued id for a known name updates the mapping and says so', async () => {
    const registry = giaLai();
    const first = await new PortalConnector().readCapture(capture(), { period: FEBRUARY, registry });
    const memory = new UnitLinkMemory(first.flatMap((e) => (e.kind === 'link' ? [e.link] : [])));
    const again = await new PortalConnector().readCapture(capture(), { period: FEBRUARY, registry, unitLinks: memory });
    expect(noteTexts(again).filter((n) => n.includes('khớp gần đúng'))).toEqual([]);
    expect(again.filter((e) => e.kind === 'link')).toEqual([]);
    expect(metric(again, '23954')).toEqual([16]);

    const reissued = Buffer.from(readFileSync(FILE, 'utf8').replace(ALBA_ID, '019dbd7c-0000-7000-8000-00000000a1ba'));
    const third = await new PortalConnector().readCapture(capture(reissued), { period: FEBRUARY, registry, unitLinks: memory });
    expect(noteTexts(third).join('\n')).toMatch(new RegExp(`Cổng đổi mã của UBND xã Al Bá \\(23954\\): ${ALBA_ID} → 019dbd7c-0000-7000-8000-00000000a1ba`));
    expect(third.flatMap((e) => (e.kind === 'link' ? [e.link] : []))).toEqual([expect.objectContaining({ unitCode: '23954', externalId: '019dbd7c-0000-7000-8000-00000000a1ba' })]);
  });
});

describeEachBackend('portal unit links in the store', (get) => {
  it('keeps the ids an import taught, and the next answer resolves by them', async () => {
    const ctx = { ...get(), registry: giaLai() };
    const first = await ingestCapture(ctx, new PortalConnector(), capture(), FEBRUARY);
    expect(first.notes.filter((n) => n.message.includes('khớp gần đúng'))).toHaveLength(3);
    expect(first.notes.filter((n) => n.message.includes('cơ quan cấp tỉnh'))).toHaveLength(1);
    const stored = await loadUnitLinks(ctx.store.db, 'portal', '52');
    expect(stored.byExternalId(ALBA_ID)).toMatchObject({ unitCode: '23954', kind: 'commune', name: 'UBND xã Albá' });
    expect(stored.byUnitCode('H21.24')).toMatchObject({ kind: 'agency', externalId: '019d2be3-6a85-74ec-a347-aeff8ea15438' });

    const reissued = Buffer.from(readFileSync(FILE, 'utf8').replace(ALBA_ID, '019dbd7c-0000-7000-8000-00000000a1ba'));
    const second = await ingestCapture(ctx, new PortalConnector(), capture(reissued), FEBRUARY);
    // Ia Chía and Kông Bơ La resolve by their remembered ids (no second note); Albá's new id is matched by name again.
    expect(second.notes.map((n) => n.message).filter((n) => n.includes('khớp gần đúng'))).toEqual([expect.stringContaining("'UBND xã Albá'")]);
    expect(second.notes.map((n) => n.message).join('\n')).toMatch(/Cổng đổi mã của UBND xã Al Bá/);
    const after = await loadUnitLinks(ctx.store.db, 'portal', '52');
    expect(after.byExternalId(ALBA_ID)).toBeUndefined();
    expect(after.byUnitCode('23954')?.externalId).toBe('019dbd7c-0000-7000-8000-00000000a1ba');
  });
});
