// schema/provinces.json is built from data (the portal's national answer joined with admin-2025) by
// scripts/build-province-catalog.ts: the committed file must be exactly what the script builds.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildProvinceCatalog, formatCatalog } from '../../scripts/build-province-catalog.js';
import { loadProvinceCatalog } from '../../schema/portal/province-catalog.js';
import { DEFAULT_PROVINCES_PATH, findProvinceConfig, loadProvinceConfigs } from '../../src/pipeline/province-config.js';
import { sharedPath } from '../support/shared-data.js';

const json = (relative: string) => JSON.parse(readFileSync(sharedPath(relative), 'utf8')) as unknown;

it('the committed catalog is the build of the national answer joined with admin-2025, all 34 joined', () => {
  const committed = readFileSync(DEFAULT_PROVINCES_PATH, 'utf8');
  const { file, unjoined } = buildProvinceCatalog(
    json('data/portal-real/service-results-national-2026-year.json'),
    json('data/admin-2025/merges.json'),
    JSON.parse(committed) as { provinces: Record<string, unknown>[] },
  );
  expect(unjoined).toEqual([]);
  expect(file.provinces).toHaveLength(34);
  expect(formatCatalog(file)).toBe(committed);
});

it('finds a province by statistics code, portal code or root id — never by the portal display name', () => {
  const catalog = loadProvinceCatalog();
  expect(catalog.byCode('52')).toMatchObject({ name: 'Tỉnh Gia Lai', portalCode: 'H21', rootDepartmentId: '019d2be3-6a85-74ec-a346-6489e82ae4c7' });
  expect(catalog.byPortalCode('h19')?.code).toBe('75'); // the portal calls it "UBND Thành phố Đồng Nai"
  expect(catalog.byRootId('019d2be3-6a85-74ec-a341-16615c474af4')?.code).toBe('11');
  const configs = loadProvinceConfigs();
  expect(findProvinceConfig(configs, 'H21')?.code).toBe('52');
  expect(findProvinceConfig(configs, '52')?.portal.portalCode).toBe('H21');
  expect(findProvinceConfig(configs, 'UBND tỉnh Gia Lai')).toBeUndefined();
  // Every province's portal is enabled; only Điện Biên syncs a framework nightly (with its one-door system).
  expect(configs.every((p) => p.portal.enabled)).toBe(true);
  expect(configs.filter((p) => p.frameworks.length).map((p) => p.code)).toEqual(['11']);
  expect(findProvinceConfig(configs, '11')).toMatchObject({ frameworks: ['dien-bien-xa-2023'], oneDoor: { enabled: true } });
});
