import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { unitNameKey } from '../../src/units/unit-name.js';
import { UnknownUnitError } from '../../src/core/unit-registry.js';

const registry = loadUnitRegistry();
const sept = parsePeriod('2023-09');

describe('unit registry', () => {
  it('has the 12 communes of Điện Biên Phủ valid in 2023-09', () => {
    expect(registry.validIn(sept, { districtCode: '094' })).toHaveLength(12);
  });
  it('matches by code, then by name variants', () => {
    expect(registry.match({ code: '03127' }, sept).unit.displayName).toBe('UBND phường Him Lam');
    for (const name of ['UBND phường Him Lam', 'Phường Him Lam', 'Him Lam', '  him   LAM ', 'UBND Phường Him Lam'.normalize('NFD')]) {
      expect(registry.match({ name }, sept).unit.code).toBe('03127');
    }
    expect(registry.match({ name: 'UBND Thanh Bình' }, sept).unit.code).toBe('03130');
    expect(registry.match({ name: 'Ủy ban nhân dân xã Nà Tấu' }, sept).unit.code).toBe('03316');
  });
  it('reports an unknown unit with the closest names, never guessing', () => {
    try {
      registry.match({ name: 'Phường Him Lâm' }, sept);
      throw new Error('matched');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownUnitError);
      expect((error as UnknownUnitError).closest[0]).toContain('Him Lam');
      expect((error as Error).message).toContain('Phường Him Lâm');
    }
  });
  it('does not match units outside their validity dates', () => {
    expect(() => registry.match({ code: '03127' }, parsePeriod('2025-08'))).toThrow(UnknownUnitError);
  });
  it('normalises names', () => {
    expect(unitNameKey('UBND  xã Mường Phăng ')).toBe('mường phăng');
  });
});
