// DVC_PROVINCES: which provinces a deployment runs nightly, read and checked with the configuration;
// and what each selected province is evaluated under (its own framework, else qd766-2022@<code>).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { loadProvinceConfigs, selectedEvaluations, syncEvaluations } from '../../src/pipeline/province-config.js';

const configs = loadProvinceConfigs();
const evaluations = (env: string | undefined) => selectedEvaluations(configs, loadConfig({ DVC_PROVINCES: env }).provinces).map((e) => `${e.framework}: ${e.provinces.map((p) => p.code).join(',')}`);

describe('DVC_PROVINCES', () => {
  it('unset or blank: the provinces whose catalog entry lists frameworks (today Điện Biên alone), as before', () => {
    expect(loadConfig({}).provinces).toBe('default');
    expect(loadConfig({ DVC_PROVINCES: '  ' }).provinces).toBe('default');
    expect(evaluations(undefined)).toEqual(['dien-bien-xa-2023: 11']);
  });

  it('reads statistics codes, portal codes and names (case, NFD, the kind word) in the order given, once each', () => {
    expect(loadConfig({ DVC_PROVINCES: 'H21, tỉnh điện biên,52' }).provinces).toEqual(['52', '11']);
    expect(loadConfig({ DVC_PROVINCES: 'TP Hồ Chí Minh,Hà Nội'.normalize('NFD') }).provinces).toEqual(['79', '01']);
    // Runs follow the catalog's order.
    expect(evaluations('52,11')).toEqual(['dien-bien-xa-2023: 11', 'qd766-2022@52: 52']);
  });

  it('all: every province of the catalog, 33 of them under the national framework', () => {
    const all = evaluations('ALL');
    expect(all).toHaveLength(34);
    expect(all.filter((e) => e.startsWith('qd766-2022@'))).toHaveLength(33);
    expect(all).toContain('dien-bien-xa-2023: 11');
    expect(all).toContain('qd766-2022@79: 79');
  });

  it('an unknown entry is refused, named, with the closest province', () => {
    expect(() => loadConfig({ DVC_PROVINCES: '52,Gia Lia' })).toThrow(ConfigError);
    expect(() => loadConfig({ DVC_PROVINCES: '52,Gia Lia' })).toThrow(/Biến môi trường DVC_PROVINCES không hợp lệ: không có tỉnh 'Gia Lia'.*gần nhất: Tỉnh Gia Lai \(52, H21\)/);
    expect(() => loadConfig({ DVC_PROVINCES: 'H99' })).toThrow(/'H99'/);
    // A pre-reform code no longer names a province.
    expect(() => loadConfig({ DVC_PROVINCES: '64' })).toThrow(/'64'/);
  });

  it('a named framework narrows the selection to its runs; one fixed to a province runs as it stands', () => {
    const keys = (selection: string | undefined, framework: string) => syncEvaluations(configs, loadConfig({ DVC_PROVINCES: selection }).provinces, getFramework(framework)).map((e) => e.framework);
    expect(keys('52,11,79', 'qd766-2022')).toEqual(['qd766-2022@52', 'qd766-2022@79']);
    expect(keys(undefined, 'qd766-2022')).toEqual([]);
    expect(keys('52', 'dien-bien-xa-2023')).toEqual(['dien-bien-xa-2023']);
    expect(keys('52', 'qd766-2022@11')).toEqual(['qd766-2022@11']);
  });
});
