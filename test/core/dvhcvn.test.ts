import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSharedData } from '../../schema/units/build-units.js';
import { parsePeriod } from '../../src/core/period.js';
import { dvhcvnFormat, dvhcvnToRegistry } from '../../src/units/dvhcvn-loader.js';
import { parseRegistryFile, UnitRegistryIndex } from '../../src/units/unit-registry.js';

const doc = {
  data: [
    {
      level1_id: '11',
      name: 'Tỉnh Điện Biên',
      type: 'Tỉnh',
      level2s: [
        { level2_id: '094', name: 'Thành phố Điện Biên Phủ', level3s: [{ level3_id: '03127', name: 'Phường Him Lam', type: 'Phường' }, { level3_id: '03316', name: 'Xã Nà Tấu', type: 'Xã' }] },
        { level2_id: '096', name: 'Huyện Mường Nhé', level3s: [{ level3_id: '03158', name: 'Xã Sín Thầu', type: 'Xã' }] },
      ],
    },
    { level1_id: '01', name: 'Thành phố Hà Nội', level2s: [] },
  ],
};

describe('dvhcvn loader', () => {
  it('turns a province into registry units that load and match', () => {
    const file = dvhcvnToRegistry(doc, { provinceCode: '11', validFrom: '2008-01-01', validTo: '2025-06-30' });
    expect(file.units.map((u) => [u.code, u.displayName, u.districtCode])).toEqual([
      ['03127', 'UBND phường Him Lam', '094'],
      ['03316', 'UBND xã Nà Tấu', '094'],
      ['03158', 'UBND xã Sín Thầu', '096'],
    ]);
    const registry = new UnitRegistryIndex(parseRegistryFile(file, 'x.json').units);
    expect(registry.match({ name: 'Sín Thầu' }, parsePeriod('2023-09')).unit.code).toBe('03158');
  });
  it('filters one district', () => {
    expect(dvhcvnToRegistry(doc, { provinceCode: '11', districtCode: '096', validFrom: '2008-01-01', validTo: null }).units).toHaveLength(1);
  });
  it('names the problem in a malformed file or an absent province', () => {
    expect(() => dvhcvnToRegistry({ data: [{ level1_id: '11', name: 'x', level2s: [{ level2_id: '94', name: 'y', level3s: [] }] }] }, { provinceCode: '11', validFrom: '2008-01-01', validTo: null })).toThrow(/level2s\.0\.level2_id/);
    expect(() => dvhcvnToRegistry(doc, { provinceCode: '12', validFrom: '2008-01-01', validTo: null })).toThrow(/không có tỉnh mã 12/);
  });
});

describe('dvhcvn loader, two-level format (since 1/7/2025)', () => {
  const merges = JSON.parse(readFileSync(join(findSharedData()!, 'merges.json'), 'utf8'));

  it('detects the format and reads a province of the real file: Điện Biên, 45 communes', () => {
    expect(dvhcvnFormat(merges)).toBe('two-level');
    expect(dvhcvnFormat(doc)).toBe('three-level');
    const file = dvhcvnToRegistry(merges, { provinceCode: '11', validFrom: '2025-07-01', validTo: null });
    expect(file.province).toEqual({ code: '11', name: 'Tỉnh Điện Biên' });
    expect(file.units).toHaveLength(45);
    expect(file.units.find((u) => u.code === '03127')).toMatchObject({ name: 'Phường Điện Biên Phủ', displayName: 'UBND phường Điện Biên Phủ', kind: 'ward', districtCode: null });
    const registry = new UnitRegistryIndex(parseRegistryFile(file, 'x.json').units);
    expect(registry.match({ name: 'Điện Biên Phủ' }, parsePeriod('2026-10')).unit.code).toBe('03127');
    expect(() => registry.match({ name: 'Điện Biên Phủ' }, parsePeriod('2023-09'))).toThrow(/chưa tồn tại \(có hiệu lực từ 01\/07\/2025\)/);
  });
  it('refuses a district filter and names a malformed commune', () => {
    expect(() => dvhcvnToRegistry(merges, { provinceCode: '11', districtCode: '094', validFrom: '2025-07-01', validTo: null })).toThrow(/hai cấp .* không có huyện: bỏ --district 094/);
    const bad = { data: [{ level1_id: '11', name: 'Tỉnh Điện Biên', level2s: [{ level2_id: '03127', name: 'Phường Điện Biên Phủ' }, { level2_id: '0312', name: '' }] }] };
    expect(() => dvhcvnToRegistry(bad, { provinceCode: '11', validFrom: '2025-07-01', validTo: null })).toThrow(/level2s\.1\.level2_id.*hai cấp/);
  });
});
