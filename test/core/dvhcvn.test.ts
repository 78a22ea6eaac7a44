import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { dvhcvnToRegistry } from '../../src/units/dvhcvn-loader.js';
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
