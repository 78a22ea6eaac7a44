// The unit registry on the committed data: the whole country before and after 1/7/2025, the hand-kept
// Điện Biên Phủ file merged onto it, lineage both ways, and names/codes resolved per month.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCountryFile, findSharedData } from '../../schema/units/build-units.js';
import { parsePeriod } from '../../src/core/period.js';
import { countryDataSchema } from '../../src/units/country-data.js';
import { COUNTRY_FILE, DEFAULT_UNITS_DIR, readUnitData } from '../../src/units/unit-registry-files.js';
import { loadUnitRegistry, UnitRegistryIndex, UnknownUnitError, type Unit } from '../../src/units/unit-registry.js';
import { unitNameKey } from '../../src/units/unit-name.js';

const registry = loadUnitRegistry();
const sept = parsePeriod('2023-09');
const july25 = parsePeriod('2025-07');
const oct26 = parsePeriod('2026-10');

/** Domain §4a: the four successors of the seed's twelve communes, each link full. */
const SUCCESSORS: Record<string, [string, string[]]> = {
  '03127': ['Phường Điện Biên Phủ', ['03127', '03130', '03133', '03136', '03142', '03145']],
  '03334': ['Phường Mường Thanh', ['03124', '03139', '03334']],
  '03316': ['Xã Nà Tấu', ['03286', '03287', '03316']],
  '03325': ['Xã Mường Phăng', ['03317', '03325', '03326']],
};

function thrown(fn: () => unknown): UnknownUnitError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UnknownUnitError) return error;
    throw error;
  }
  throw new Error('expected an UnknownUnitError');
}

describe('unit registry: the seed communes (2023)', () => {
  it('has the 12 communes of Điện Biên Phủ valid in 2023-09', () => {
    expect(registry.validIn(sept, { districtCode: '094' })).toHaveLength(12);
  });
  it('matches by code, then by name variants', () => {
    expect(registry.match({ code: '03127' }, sept).unit.displayName).toBe('UBND phường Him Lam');
    for (const name of ['UBND phường Him Lam', 'Phường Him Lam', 'Him Lam', '  him   LAM ', 'UBND Phường Him Lam'.normalize('NFD')]) {
      expect(registry.match({ name }, sept).unit.code).toBe('03127');
    }
    // "Thanh Bình" names a dozen communes of the country: the province this installation keeps decides.
    expect(registry.match({ name: 'UBND Thanh Bình' }, sept).unit.code).toBe('03130');
    expect(registry.match({ name: 'Ủy ban nhân dân xã Nà Tấu' }, sept).unit.code).toBe('03316');
  });
  it('reports an unknown unit with the closest names, never guessing', () => {
    const error = thrown(() => registry.match({ name: 'Phường Him Lâm' }, sept));
    expect(error.reason).toBe('unknown');
    expect(error.closest[0]).toContain('Him Lam');
    expect(error.message).toContain('Phường Him Lâm');
  });
  it('keeps the hand-kept aliases and district on the country data', () => {
    const thanhBinh = registry.byCode('03130', sept)!;
    expect(thanhBinh).toMatchObject({ districtCode: '094', aliases: ['UBND Thanh Bình'], validFrom: '2008-01-01', kind: 'ward' });
    expect(registry.successors(thanhBinh).map((l) => [l.unit.code, l.unit.name, l.link])).toEqual([['03127', 'Phường Điện Biên Phủ', 'full']]);
  });
  it('normalises names', () => {
    expect(unitNameKey('UBND  xã Mường Phăng ')).toBe('mường phăng');
  });
});

describe('unit registry: the country since 1 July 2025', () => {
  it('holds 34 provinces and 3,321 communes from 2025-07-01, each with its predecessors', () => {
    expect(registry.provincesIn(july25)).toHaveLength(34);
    expect(registry.provincesIn(sept)).toHaveLength(63);
    const communes = registry.validIn(july25, { level: 'commune' });
    expect(communes).toHaveLength(3321);
    expect(communes.every((u) => u.validFrom === '2025-07-01' && registry.predecessors(u).length > 0)).toBe(true);
    const kinds = new Map<string, number>();
    for (const u of communes) kinds.set(u.kind!, (kinds.get(u.kind!) ?? 0) + 1);
    expect(Object.fromEntries(kinds)).toEqual({ ward: 687, rural_commune: 2621, special_zone: 13 });
    const partial = communes.flatMap((u) => registry.predecessors(u)).filter((l) => l.link === 'partial');
    expect(partial).toHaveLength(1012);
  });
  it('gives every old unit its successors, the same links seen from the other side', () => {
    const old = registry.validIn(parsePeriod('2025-06')).filter((u) => u.validTo === '2025-06-30');
    expect(old.length).toBeGreaterThan(10000);
    for (const unit of old) {
      const successors = registry.successors(unit);
      expect(successors.length).toBeGreaterThan(0);
      for (const s of successors) expect(registry.predecessors(s.unit).some((p) => p.unit === unit && p.link === s.link)).toBe(true);
    }
  });
  it('gives Tỉnh Điện Biên 45 communes (42 xã, 3 phường), by code, portal code or name', () => {
    for (const query of ['11', 'H18', 'Điện Biên', 'tinh dien bien']) expect(registry.province(query, oct26)?.code).toBe('11');
    const units = registry.unitsOf('11', oct26);
    expect(units).toHaveLength(45);
    expect(units.filter((u) => u.kind === 'ward').map((u) => u.name).sort()).toEqual(['Phường Điện Biên Phủ', 'Phường Mường Lay', 'Phường Mường Thanh'].sort());
    expect(registry.unitsOf('11', sept)).toHaveLength(129);
  });
  it('gives the four successors of the seed communes exactly their predecessors, all full', () => {
    for (const [code, [name, predecessors]] of Object.entries(SUCCESSORS)) {
      const unit = registry.byCode(code, oct26)!;
      expect(unit.name).toBe(name);
      const links = registry.predecessors(unit);
      expect(links.map((l) => l.unit.code).sort()).toEqual(predecessors);
      expect(links.every((l) => l.link === 'full' && l.unit.validTo === '2025-06-30' && l.unit.provinceCode === '11')).toBe(true);
    }
  });
  it('resolves a reused code by month: 03127 is Him Lam in 2023 and Phường Điện Biên Phủ in 2026', () => {
    const himLam = registry.byCode('03127', sept)!;
    const dienBienPhu = registry.byCode('03127', oct26)!;
    expect([himLam.name, dienBienPhu.name]).toEqual(['Phường Him Lam', 'Phường Điện Biên Phủ']);
    expect(himLam).not.toBe(dienBienPhu);
    expect(registry.byCode('03127', parsePeriod('2025-06'))).toBe(himLam);
    expect(registry.byCode('03127', july25)).toBe(dienBienPhu);
    expect(registry.unitsWithCode('03127')).toEqual([himLam, dienBienPhu]);
    // Province codes are reused too: 24 was Bắc Giang and is now Bắc Ninh (Bắc Giang + old Bắc Ninh, 27).
    expect(registry.province('24', sept)?.name).toBe('Tỉnh Bắc Giang');
    expect(registry.province('24', oct26)).toMatchObject({ name: 'Tỉnh Bắc Ninh', predecessors: ['24', '27'] });
  });
  it('finds a name in the month it is valid: Phường Mường Thanh is 03136 in 2023 and 03334 in 2026', () => {
    expect(registry.byName('Phường Mường Thanh', sept)?.code).toBe('03136');
    expect(registry.byName('Phường Mường Thanh', oct26)?.code).toBe('03334');
    expect(registry.byName('Xã Sín Thầu', oct26, '11')?.code).toBe('03158');
    expect(registry.byName('Phường Him Lam', oct26)).toBeUndefined();
  });
  it('is the committed build of shared/data/admin-2025 (no unit set typed by hand)', () => {
    const shared = findSharedData();
    expect(shared, 'shared/data/admin-2025 beside the repository').not.toBeNull();
    expect(buildCountryFile(shared!)).toBe(readFileSync(`${DEFAULT_UNITS_DIR}/${COUNTRY_FILE}`, 'utf8'));
  });
  it('is valid as a whole, every row included (a start-up checks only the rows it reads)', () => {
    const parsed = countryDataSchema.safeParse(JSON.parse(readFileSync(`${DEFAULT_UNITS_DIR}/${COUNTRY_FILE}`, 'utf8')));
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect([parsed.data?.before.length, parsed.data?.after.length]).toEqual([10052, 3321]);
  });
});

describe('unit registry: the former units read a province at a time', () => {
  /** A registry as a process starts with, recording which provinces' former units it reads. */
  function fresh(read: string[] = []): UnitRegistryIndex {
    const data = readUnitData();
    const later = data.later!;
    return new UnitRegistryIndex(data.units, {
      provinces: data.provinces,
      homeProvinces: data.homeProvinces,
      checkedLinks: data.checkedLinks,
      later: { ...later, load: (province) => (read.push(province), later.load(province)) },
    });
  }
  const seen = (u: Unit | undefined) => u && `${u.code} ${u.displayName} ${u.provinceCode} ${u.districtCode} ${u.validFrom}→${u.validTo} ${u.aliases.join('/')}`;

  it('reads only the province a 2023 lookup needs', () => {
    const read: string[] = [];
    const lazy = fresh(read);
    expect(lazy.byCode('03127', sept)?.displayName).toBe('UBND phường Him Lam');
    expect(lazy.unitsOf('11', sept)).toHaveLength(129);
    expect(lazy.match({ name: 'UBND phường Him Lam' }, sept, { provinceCode: '11' }).unit.code).toBe('03127');
    expect(lazy.byCode('03127', oct26)?.name).toBe('Phường Điện Biên Phủ');
    expect(read).toEqual(['11']);
    expect(lazy.unitsOf('24', sept).every((u) => u.provinceCode === '24')).toBe(true);
    expect(read).toEqual(['11', '24']);
  });

  it('answers as a registry that read every former unit at start-up', () => {
    const eager = fresh();
    const all = eager.units;
    const lazy = fresh();
    for (const province of ['11', '24', '27', '01']) expect(lazy.unitsOf(province, sept).map(seen)).toEqual(eager.unitsOf(province, sept).map(seen));
    const old = all.filter((u) => u.validTo === '2025-06-30');
    expect(old).toHaveLength(10052);
    for (const unit of old) expect(seen(lazy.byCode(unit.code, sept))).toBe(seen(eager.byCode(unit.code, sept)));
    expect(lazy.byName('Phường Mường Thanh', sept)?.code).toBe('03136');
    // Everything read after some provinces: the same units in the same order, the same lineage.
    expect(lazy.units.map(seen)).toEqual(all.map(seen));
    const links = (r: UnitRegistryIndex) => r.predecessors(r.byCode('03127', oct26)!).map((l) => `${seen(l.unit)} ${l.link}`);
    expect(links(lazy)).toEqual(links(eager));
  });
});

describe('unit registry: names and codes of another period', () => {
  it('refuses an old name in a 2026 file, naming its successor', () => {
    const error = thrown(() => registry.match({ name: 'UBND phường Him Lam' }, oct26));
    expect(error.reason).toBe('not-valid-in-period');
    expect(error.message).toContain('Phường Him Lam → nay thuộc Phường Điện Biên Phủ (03127)');
    expect(error.closest).toEqual(['UBND phường Điện Biên Phủ (03127)']);
  });
  it('refuses the old name next to the reused code (an export made before the reform)', () => {
    expect(() => registry.match({ code: '03127', name: 'Phường Him Lam' }, oct26)).toThrow(/Phường Him Lam → nay thuộc Phường Điện Biên Phủ/);
    expect(registry.match({ code: '03127', name: 'UBND phường Điện Biên Phủ' }, oct26).unit.name).toBe('Phường Điện Biên Phủ');
  });
  it('refuses a new name in a pre-reform month, naming its predecessors', () => {
    const error = thrown(() => registry.match({ name: 'Phường Điện Biên Phủ' }, sept));
    expect(error.message).toContain('Phường Điện Biên Phủ ← trước đây là Phường Him Lam (03127), Phường Thanh Bình (03130)');
    expect(error.closest).toHaveLength(6);
  });
  it('refuses an old code in a 2026 month, naming its successor, and says when a link is partial', () => {
    expect(() => registry.match({ code: '03124' }, oct26)).toThrow(/Phường Noong Bua → nay thuộc Phường Mường Thanh \(03334\)/);
    expect(() => registry.match({ code: '00016' }, oct26)).toThrow(/Phường Ngọc Hà → nay thuộc Phường Ba Đình \(00004, một phần\), Phường Ngọc Hà \(00008, một phần\)/);
  });
});
