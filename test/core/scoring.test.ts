import { describe, expect, it } from 'vitest';
import { getFramework, validateFramework, type Framework } from '../../src/frameworks/framework.js';
import { classify, pointsForRatio, scoreIndicator, scoreUnits, type MetricInput } from '../../src/scoring/score-framework.js';

const framework = getFramework('dien-bien-xa-2023');
const indicator = (key: string) => framework.indicators.find((i) => i.key === key)!;
const input = (metric: string, value: number | null, source: MetricInput['source'] = 'template', unitCode = '03127'): MetricInput => ({
  unitCode,
  metric,
  source,
  value,
});

describe('points rules', () => {
  it('linear: max × ratio', () => {
    expect(pointsForRatio({ max: 30, rule: { type: 'linear' } }, 0.96)).toBeCloseTo(28.8, 12);
    expect(pointsForRatio({ max: 10, rule: { type: 'linear' } }, 0.27)).toBeCloseTo(2.7, 12);
  });
  it('target-capped: max × min(1, ratio / target)', () => {
    const rule = { type: 'target' as const, target: 0.5 };
    expect(pointsForRatio({ max: 10, rule }, 0.49)).toBeCloseTo(9.8, 12);
    expect(pointsForRatio({ max: 10, rule }, 0.5)).toBe(10);
    expect(pointsForRatio({ max: 10, rule }, 0.9)).toBe(10);
  });
  it('caps ratios above 100 % and reports them', () => {
    const scored = scoreUnits(framework, [{ code: '03127', name: 'Him Lam' }], [input('paid_online', 12), input('fee_dossiers', 10)]);
    expect(scored[0]!.indicators.dvtt_2!.points).toBe(10);
    expect(scored[0]!.warnings.join(' ')).toMatch(/dvtt_2/);
  });
});

describe('empty denominators', () => {
  it('zero policy gives 0 points', () => {
    const s = scoreIndicator(indicator('dvtt_2'), [input('paid_online', 0), input('fee_dossiers', 0)]);
    expect(s).toMatchObject({ status: 'empty', points: 0, ratio: null });
  });
  it('max policy gives full points (no petitions ⇒ nothing went wrong)', () => {
    const s = scoreIndicator(indicator('hai_long_1'), [input('petitions_on_time', 0), input('petitions_on_time_base', 0)]);
    expect(s).toMatchObject({ status: 'empty', points: 5 });
  });
  it('null policy gives unknown points', () => {
    const custom = { ...indicator('dvtt_2'), empty: 'null' as const };
    expect(scoreIndicator(custom, [input('paid_online', 0), input('fee_dossiers', 0)]).points).toBeNull();
  });
  it('an unknown (null) value is never read as zero', () => {
    const s = scoreIndicator(indicator('dvtt_2'), [input('paid_online', null), input('fee_dossiers', 10)]);
    expect(s).toMatchObject({ status: 'missing', points: null, numerator: null });
  });
});

describe('source precedence', () => {
  it('takes numerator and denominator from the first source that has both', () => {
    const values = [input('paid_online', 5, 'portal'), input('fee_dossiers', 10, 'portal'), input('paid_online', 9, 'one-door')];
    const s = scoreIndicator(indicator('dvtt_2'), values);
    expect(s.source).toBe('portal');
    expect(s.ratio).toBe(0.5);
  });
  it('a higher-precedence source wins when complete', () => {
    const values = [input('paid_online', 5, 'portal'), input('fee_dossiers', 10, 'portal'), input('paid_online', 1, 'template'), input('fee_dossiers', 10, 'template')];
    expect(scoreIndicator(indicator('dvtt_2'), values)).toMatchObject({ source: 'template', ratio: 0.1 });
  });
  it('is missing when no source has all metrics', () => {
    const s = scoreIndicator(indicator('tien_do'), [input('resolved_early', 5)]);
    expect(s).toMatchObject({ status: 'missing', source: null, points: null });
  });
});

describe('classification and rank', () => {
  it('classifies on the converted score as displayed (7.995 shows as 8.00 ⇒ Tốt)', () => {
    expect(classify(framework, 7.995).label).toBe('Tốt');
    expect(classify(framework, 7.994).label).toBe('Khá');
    expect(classify(framework, 9).label).toBe('Xuất sắc');
    expect(classify(framework, 4.999).label).toBe('Trung bình');
    expect(classify(framework, 4.994).label).toBe('Yếu');
  });
  it('ranks by full-precision total, ties by unit code', () => {
    const fw: Framework = validateFramework(
      {
        key: 'tiny',
        title: 'tiny',
        unitLevel: 'commune',
        validFrom: '2023-01',
        maxTotal: 10,
        conversion: { scale: 10 },
        rounding: { points: 1, total: 2, converted: 2 },
        bands: [{ min: 0, label: 'Yếu', short: 'Yếu' }],
        groups: [{ key: 'g', label: 'G', max: 10 }],
        indicators: [
          { key: 'a', group: 'g', label: 'A', max: 10, numerator: ['paid_online'], denominator: ['fee_dossiers'], rule: { type: 'linear' }, empty: 'zero', sources: ['template'] },
        ],
      },
      'tiny.json',
    );
    const values = [
      input('paid_online', 1, 'template', '00003'),
      input('fee_dossiers', 3, 'template', '00003'),
      input('paid_online', 2, 'template', '00002'),
      input('fee_dossiers', 6, 'template', '00002'),
      input('paid_online', 2, 'template', '00001'),
      input('fee_dossiers', 5, 'template', '00001'),
    ];
    const ranked = scoreUnits(fw, [{ code: '00003', name: 'C' }, { code: '00002', name: 'B' }, { code: '00001', name: 'A' }], values);
    expect(ranked.map((r) => [r.rank, r.code])).toEqual([
      [1, '00001'],
      [2, '00002'],
      [3, '00003'],
    ]);
  });
  it('sums points at full precision, not the rounded cells', () => {
    // 9.76 + 2.68 (+ the rest) would print 9.8 and 2.7; the total must use the unrounded values.
    const values = [
      input('received_online', 122),
      input('received_offline', 128),
      input('carried_over', 0),
      input('resolved_early', 250),
      input('resolved_on_time', 0),
      input('pending_in_time', 0),
      input('paid_online', 67),
      input('fee_dossiers', 250),
    ];
    const [row] = scoreUnits(framework, [{ code: '03127', name: 'Him Lam' }], values);
    expect(row!.indicators.dvtt_1!.points).toBeCloseTo(9.76, 10);
    expect(row!.indicators.dvtt_2!.points).toBeCloseTo(2.68, 10);
    expect(row!.total).toBeCloseTo(30 + 9.76 + 2.68 + 5 * 0, 10); // hai_long missing ⇒ counted 0 and listed
    expect(row!.missing).toContain('hai_long_1');
  });
});
