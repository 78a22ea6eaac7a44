// Bad lineage data is refused naming the entry: a cycle, an unknown code, two files that disagree,
// a malformed row of the country file; at build (merges/splits) and at load (schema/units folder).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { buildCountryData, serializeCountryData } from '../../src/units/country-build.js';
import { UnitDataError } from '../../src/units/country-data.js';
import { COUNTRY_FILE, DEFAULT_UNITS_DIR } from '../../src/units/unit-registry-files.js';
import { loadUnitRegistry, UnitRegistryIndex, type Unit } from '../../src/units/unit-registry.js';

/** Two old communes merged into one new one, in the real files' shapes (merges.json / splits.json). */
function reform() {
  const merges = {
    data: [
      {
        level1_id: '11',
        name: 'Tỉnh Điện Biên',
        merges: [{ old_id: '11', name: 'Tỉnh Điện Biên', type: 'full' }],
        level2s: [{ level2_id: '03325', name: 'Xã Mường Phăng', merges: [{ old_id: '03317', name: 'Xã Nà Nhạn', type: 'full' }, { old_id: '03325', name: 'Xã Mường Phăng', type: 'full' }] }],
      },
    ],
  };
  const splits = {
    data: [
      {
        level1_id: '11',
        name: 'Tỉnh Điện Biên',
        splits: [{ new_id: '11', name: 'Tỉnh Điện Biên' }],
        level3s: [
          { level3_id: '03317', name: 'Xã Nà Nhạn', splits: [{ new_id: '03325', name: 'Xã Mường Phăng' }] },
          { level3_id: '03325', name: 'Xã Mường Phăng', splits: [{ new_id: '03325', name: 'Xã Mường Phăng' }] },
        ],
      },
    ],
  };
  return { merges, splits };
}

/** A units folder holding a country file (and optionally hand-kept files). */
function unitsFolder(country: string, files: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-units-'));
  mkdirSync(join(dir, 'country'));
  writeFileSync(join(dir, COUNTRY_FILE), country);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content));
  return dir;
}

const unit = (fields: Partial<Unit> & Pick<Unit, 'code' | 'name'>): Unit => ({
  displayName: `UBND ${fields.name}`,
  level: 'commune',
  provinceCode: '11',
  aliases: [],
  validFrom: null,
  validTo: null,
  ...fields,
});

describe('lineage data checks', () => {
  it('builds a small reform both ways and loads it', () => {
    const { merges, splits } = reform();
    const dir = unitsFolder(serializeCountryData(buildCountryData(merges, splits, {})));
    const registry = loadUnitRegistry(dir);
    const muongPhang = registry.byCode('03325', parsePeriod('2026-01'))!;
    expect(registry.predecessors(muongPhang).map((l) => `${l.unit.code} ${l.unit.name} ${l.link}`)).toEqual(['03317 Xã Nà Nhạn full', '03325 Xã Mường Phăng full']);
  });

  it('refuses at build a link written in one file only, naming it', () => {
    const { merges, splits } = reform();
    splits.data[0]!.level3s[0]!.splits = [{ new_id: '03334', name: 'Phường Mường Thanh' }];
    expect(() => buildCountryData(merges, splits, {})).toThrow(/splits\.json: đơn vị cũ 03317 \(Xã Nà Nhạn\) → 03334 \(Phường Mường Thanh\) không có trong merges\.json/);
    const again = reform();
    again.splits.data[0]!.level3s.pop();
    expect(() => buildCountryData(again.merges, again.splits, {})).toThrow(/merges\.json: đơn vị mới 03325 ghi đơn vị cũ 03325, nhưng splits\.json không có liên kết 03325 → 03325/);
  });

  it('refuses an unknown code in the country file when the old units are first read, naming the entry', () => {
    const { merges, splits } = reform();
    const text = serializeCountryData(buildCountryData(merges, splits, {})).replace('|x|03317f 03325f"', '|x|03317f 09999f"');
    // Start-up reads today's units only; the first lookup that needs the old ones checks every link.
    const registry = loadUnitRegistry(unitsFolder(text));
    expect(registry.byCode('03325', parsePeriod('2026-01'))?.name).toBe('Xã Mường Phăng');
    expect(() => registry.byCode('03317', parsePeriod('2025-06'))).toThrow(/admin-2025\.json, after: đơn vị 03325 \(Xã Mường Phăng\) ghi đơn vị tiền thân mã 09999, nhưng danh sách before không có đơn vị 09999/);
    // The same link without the check of the file: the registry refuses it when it resolves the lineage.
    const raw = JSON.parse(text) as { after: string[] };
    const units = raw.after.map((row) => {
      const [code, name, , , links] = row.split('|') as [string, string, string, string, string];
      return unit({ code, name, validFrom: '2025-07-01', predecessors: links.split(' ').map((l) => ({ code: l.slice(0, -1), link: 'full' as const })) });
    });
    expect(() => new UnitRegistryIndex(units)).toThrow(/03325 \(Xã Mường Phăng, 2025-07-01 → nay\): đơn vị tiền thân mã 03317 không có trong danh mục vào ngày 2025-06-30/);
  });

  it('refuses a malformed row when it is read (a unit of today at load, a former one with its province), naming the file, the field and the row', () => {
    const { merges, splits } = reform();
    const text = serializeCountryData(buildCountryData(merges, splits, {}));
    const badAfter = text.replace('"03325|Xã Mường Phăng|11|x|03317f 03325f"', '"03325|Xã Mường Phăng|11|x|03317-full 03325f"');
    expect(() => loadUnitRegistry(unitsFolder(badAfter))).toThrow(/country\/admin-2025\.json, trường 'after\.0' \(mục "03325\|Xã Mường Phăng\|11\|x\|03317-full 03325f"\): cần "mã\|tên/);
    const registry = loadUnitRegistry(unitsFolder(text.replace('"03317|Xã Nà Nhạn|11|x|03325f"', '"03317|Xã Nà Nhạn|11|x|03325-full"')));
    expect(registry.byCode('03325', parsePeriod('2026-01'))?.name).toBe('Xã Mường Phăng');
    expect(() => registry.byCode('03325', parsePeriod('2025-06'))).toThrow(/country\/admin-2025\.json, trường 'before\.0' \(mục "03317\|Xã Nà Nhạn\|11\|x\|03325-full"\): cần "mã\|tên/);
  });

  it('refuses at load a file whose shape is wrong outside the rows (zod), naming the field', () => {
    const { merges, splits } = reform();
    const text = serializeCountryData(buildCountryData(merges, splits, {})).replace('"format": 1', '"format": 2');
    expect(() => loadUnitRegistry(unitsFolder(text))).toThrow(/country\/admin-2025\.json, trường 'format'/);
  });

  it('refuses a cycle, naming every entry on it', () => {
    const units = [
      unit({ code: '00001', name: 'Xã Một', validFrom: '2025-07-01', validTo: '2025-12-31', predecessors: [{ code: '00002', link: 'full' }], successors: [{ code: '00002', link: 'full' }] }),
      unit({ code: '00002', name: 'Xã Hai' }),
    ];
    expect(() => new UnitRegistryIndex(units)).toThrow(UnitDataError);
    expect(() => new UnitRegistryIndex(units)).toThrow(/vòng lặp: .*00001 \(Xã Một, 2025-07-01 → 2025-12-31\).*00002 \(Xã Hai, … → nay\)/);
  });

  it('refuses a link whose two sides disagree, and a hand-kept file whose lineage names an unknown code', () => {
    const disagree = [
      unit({ code: '00001', name: 'Xã Cũ', validTo: '2025-06-30', successors: [{ code: '00002', link: 'full' }] }),
      unit({ code: '00002', name: 'Xã Mới', validFrom: '2025-07-01', predecessors: [{ code: '00001', link: 'partial' }] }),
    ];
    expect(() => new UnitRegistryIndex(disagree)).toThrow(/mâu thuẫn: 00001 \(Xã Cũ.*→ 00002 \(Xã Mới.*'full' ở một phía, 'partial' ở phía kia/);
    const dir = mkdtempSync(join(tmpdir(), 'dvc-units-'));
    cpSync(join(DEFAULT_UNITS_DIR, 'dien-bien-phu.json'), join(dir, 'dien-bien-phu.json'));
    const file = JSON.parse(readFileSync(join(dir, 'dien-bien-phu.json'), 'utf8'));
    file.units[0].successors = [{ code: '03999', link: 'full' }];
    writeFileSync(join(dir, 'dien-bien-phu.json'), JSON.stringify(file));
    expect(() => loadUnitRegistry(dir)).toThrow(/03124 \(Phường Noong Bua, 2008-01-01 → 2025-06-30\): đơn vị kế thừa mã 03999 không có trong danh mục vào ngày 2025-07-01/);
  });

  it('refuses two units with one code valid at the same time', () => {
    expect(() => new UnitRegistryIndex([unit({ code: '00001', name: 'Xã A' }), unit({ code: '00001', name: 'Xã B', validFrom: '2024-01-01' })])).toThrow(/00001 khai báo hai lần .*chồng nhau/);
  });
});
