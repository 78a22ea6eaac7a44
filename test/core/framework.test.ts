import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAMEWORK_DIR, evaluatorOf, FrameworkError, getFramework, loadFrameworks, validateFramework } from '../../src/frameworks/framework.js';
import { issuerFor } from '../../src/reports/report-issuer.js';

const base = () => JSON.parse(readFileSync(`${DEFAULT_FRAMEWORK_DIR}/dien-bien-xa-2023.json`, 'utf8'));

function refused(mutate: (fw: any) => void): FrameworkError {
  const fw = base();
  mutate(fw);
  try {
    validateFramework(fw, 'broken.json');
  } catch (error) {
    expect(error).toBeInstanceOf(FrameworkError);
    return error as FrameworkError;
  }
  throw new Error('framework was accepted');
}

describe('framework files', () => {
  it('loads both shipped frameworks', () => {
    const all = loadFrameworks();
    expect(all.get('dien-bien-xa-2023')!.maxTotal).toBe(80);
    expect(all.get('dien-bien-xa-2023')!.indicators).toHaveLength(8);
    expect(all.get('qd766-2022')!.maxTotal).toBe(100);
    expect(all.get('qd766-2022')!.groups.map((g) => g.key)).toEqual(['CKMB', 'TDGQ', 'CLGQ', 'TTTT', 'MDHL', 'MDSH']);
  });
  it('refuses an unknown metric, naming file and field', () => {
    const e = refused((fw) => (fw.indicators[2].numerator = ['paid_onlin']));
    expect(e.message).toContain('broken.json');
    expect(e.field).toBe('indicators[2].numerator[0]');
    expect(e.message).toContain('paid_onlin');
  });
  it('refuses maxima that do not add up', () => {
    expect(refused((fw) => (fw.indicators[0].max = 31))).toMatchObject({ field: 'groups[0].max' });
    expect(refused((fw) => (fw.maxTotal = 100))).toMatchObject({ field: 'maxTotal' });
  });
  it('refuses overlapping or unordered bands and a missing floor', () => {
    expect(refused((fw) => (fw.bands[2].min = 8))).toMatchObject({ field: 'bands[2].min' });
    expect(refused((fw) => (fw.bands[4].min = 1))).toMatchObject({ field: 'bands[4].min' });
  });
  it('refuses a typo in a rule', () => {
    expect(refused((fw) => (fw.indicators[1].rule = { type: 'targt', target: 0.5 })).field).toBe('indicators[1].rule.type');
    expect(refused((fw) => (fw.indicators[1].rule = { type: 'target', target: 50 })).field).toBe('indicators[1].rule.target');
    expect(refused((fw) => (fw.indicators[1].empty = 'maximum')).field).toBe('indicators[1].empty');
  });
  it('refuses an indicator in an undeclared group', () => {
    expect(refused((fw) => (fw.indicators[0].group = 'tiendo')).field).toBe('indicators[0].group');
  });

  it('names who evaluates and issues the report per period: the city until 6/2025, the province since', () => {
    const fw = getFramework('dien-bien-xa-2023');
    expect(evaluatorOf(fw, '2023-09')).toMatchObject({ districtCode: '094', authority: 'UBND thành phố Điện Biên Phủ' });
    expect(evaluatorOf(fw, '2025-06')?.authority).toBe('UBND thành phố Điện Biên Phủ');
    expect(evaluatorOf(fw, '2025-07')).toMatchObject({ authority: 'UBND tỉnh Điện Biên', area: 'tỉnh Điện Biên' });
    expect(evaluatorOf(fw, '2025-07')?.districtCode).toBeUndefined();
    expect(issuerFor(fw, '2026-10', [], []).place).toBe('Điện Biên');
    expect(evaluatorOf(getFramework('qd766-2022'), '2026-10')).toBeUndefined();
  });
  it('refuses overlapping evaluator periods and keeps the issuer out of the scoring hash', () => {
    const e = refused((fw) => (fw.evaluators[1].from = '2025-06'));
    expect(e.field).toBe('evaluators[1].from');
    const renamed = base();
    renamed.evaluators[1].authority = 'UBND tỉnh Điện Biên (đổi tên)';
    expect(validateFramework(renamed, 'x.json').hash).toBe(getFramework('dien-bien-xa-2023').hash);
    const rescored = base();
    rescored.indicators[0].max = 29;
    rescored.groups[0].max = 29;
    rescored.maxTotal = 79;
    expect(validateFramework(rescored, 'x.json').hash).not.toBe(getFramework('dien-bien-xa-2023').hash);
  });
});
