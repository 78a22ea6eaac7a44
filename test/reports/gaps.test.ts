// "What it takes to move up": every answer, applied to the counts and re-scored with the real scoring,
// reaches the next class, and one dossier less does not; "không thể" really is; the cheapest
// combination is minimal (checked exhaustively where small).
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { describeUnitGap } from '../../src/reports/gap-phrases.js';
import { computeGaps, type GapChange, type UnitGap } from '../../src/reports/gaps.js';
import { scoreUnits } from '../../src/scoring/score-framework.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { exampleCounts } from '../support/example-month.js';
import { changedCounts, countsToInputs, type Counts } from './report-fixtures.js';

const framework = getFramework('dien-bien-xa-2023');
const registry = loadUnitRegistry();
const unitsOf = (counts: Counts) => [...counts.keys()].map((code) => ({ code, name: registry.byCode(code, parsePeriod('2023-09'))!.displayName }));

function apply(counts: Counts, code: string, changes: readonly GapChange[], scale = 1): Counts {
  const copy: Counts = new Map([...counts].map(([c, v]) => [c, { ...v }]));
  for (const change of changes) {
    const values = copy.get(code)!;
    values[change.metric] = (values[change.metric] ?? 0) + change.add * scale;
  }
  return copy;
}

function scoreOf(counts: Counts, code: string) {
  return scoreUnits(framework, unitsOf(counts), countsToInputs(counts)).find((s) => s.code === code)!;
}

/** Position of a class, best first (0 = Xuất sắc). */
const rankOf = (label: string) => framework.bands.findIndex((b) => b.label === label);

function gapsOf(counts: Counts): UnitGap[] {
  return computeGaps(framework, unitsOf(counts), countsToInputs(counts));
}

/** The changes of `k` steps of an option's lever (the option's own changes are for its extra). */
function stepsOf(gap: UnitGap, indicator: string, k: number): GapChange[] {
  const option = gap.options.find((o) => o.indicator === indicator)!;
  const lever = option.lever!;
  return [{ metric: lever.metric, source: lever.source, add: k }, ...(lever.partner ? [{ metric: lever.partner, source: lever.source, add: lever.kind === 'shift' ? -k : k }] : [])];
}

describe('gaps on the example month', () => {
  const counts = exampleCounts();
  const gaps = gapsOf(counts);

  it('starts from the same totals and classes as the snapshot scoring', () => {
    const scores = scoreUnits(framework, unitsOf(counts), countsToInputs(counts));
    for (const gap of gaps) {
      const score = scores.find((s) => s.code === gap.code)!;
      expect(gap.total).toBe(score.total);
      expect(gap.classification).toBe(score.classification);
      expect(gap.target?.label).toBe(framework.bands[framework.bands.findIndex((b) => b.label === score.classification) - 1]?.label);
    }
  });

  it('each single-indicator answer reaches the next class when applied and re-scored; one dossier less does not', () => {
    let checked = 0;
    for (const gap of gaps) {
      for (const option of gap.options.filter((o) => o.extra !== null)) {
        const reached = scoreOf(apply(counts, gap.code, option.changes), gap.code);
        expect(rankOf(reached.classification), `${gap.name} ${option.indicator} +${option.extra}`).toBeLessThanOrEqual(rankOf(gap.target!.label));
        const short = scoreOf(apply(counts, gap.code, stepsOf(gap, option.indicator, option.extra! - 1)), gap.code);
        expect(short.classification, `${gap.name} ${option.indicator} +${option.extra! - 1}`).toBe(gap.classification);
        checked++;
      }
    }
    // Every unit below the top class has at least one way with one indicator, in this month.
    expect(gaps.every((g) => g.options.some((o) => o.extra !== null))).toBe(true);
    expect(checked).toBeGreaterThanOrEqual(25);
  });

  it('"không thể" means that even the lever at its limit does not reach the class', () => {
    const impossible = gaps.flatMap((g) => g.options.filter((o) => o.extra === null && o.lever).map((o) => ({ g, o })));
    expect(impossible.length).toBeGreaterThan(5);
    for (const { g, o } of impossible) {
      const atLimit = scoreOf(apply(counts, g.code, stepsOf(g, o.indicator, o.lever!.limit)), g.code);
      expect(atLimit.classification, `${g.name} ${o.indicator}`).toBe(g.classification);
    }
    // Thanh Bình's on-time processing (28.8 of 30) cannot add the 8.7 points it lacks.
    const thanhBinh = gaps.find((g) => g.code === '03130')!;
    expect(thanhBinh.options.find((o) => o.indicator === 'tien_do')!.extra).toBeNull();
  });

  it('online dossiers move from in-person ones: the dvtt_1 denominator and the on-time points stay as they are', () => {
    const noongBua = gaps.find((g) => g.code === '03124')!;
    const option = noongBua.options.find((o) => o.indicator === 'dvtt_1')!;
    expect(option.lever).toMatchObject({ kind: 'shift', metric: 'received_online', partner: 'received_offline' });
    const before = scoreOf(counts, '03124');
    const after = scoreOf(apply(counts, '03124', option.changes), '03124');
    expect(after.indicators.dvtt_1!.denominator).toBe(before.indicators.dvtt_1!.denominator);
    expect(after.indicators.dvtt_1!.numerator).toBe(before.indicators.dvtt_1!.numerator! + option.extra!);
    expect(after.indicators.tien_do!.points).toBe(before.indicators.tien_do!.points);
  });

  it('phrases the answer with the vocabulary labels', () => {
    const text = describeUnitGap(framework, gaps.find((g) => g.code === '03130')!);
    expect(text.headline).toBe('UBND phường Thanh Bình: Trung bình (5,91 điểm); để đạt loại Khá cần từ 7,00 điểm quy đổi (thiếu 1,09)');
    expect(text.options[0]).toMatch(/^thêm \d+ hồ sơ thanh toán trực tuyến thành công — Nhóm cung cấp DVTT – Chỉ số 2: 0,0 → /);
    expect(text.options.some((o) => o.startsWith('không thể chỉ với Tiến độ, KQ giải quyết'))).toBe(true);
  });
});

describe('gaps in constructed cases', () => {
  it('an empty denominator scored 0 needs one new dossier counted in both', () => {
    const counts = changedCounts({ '03124': { paid_online: 0, fee_dossiers: 0 } });
    const gap = gapsOf(counts).find((g) => g.code === '03124')!;
    const option = gap.options.find((o) => o.indicator === 'dvtt_2')!;
    expect(option.lever).toMatchObject({ kind: 'new', metric: 'paid_online', partner: 'fee_dossiers' });
    expect(option.extra).toBe(1);
    expect(option.changes).toEqual([
      { metric: 'paid_online', source: 'template', add: 1 },
      { metric: 'fee_dossiers', source: 'template', add: 1 },
    ]);
    // One fee dossier paid online gives the whole 10 points: 54.44 → 64.44, past Khá into Tốt.
    expect(scoreOf(apply(counts, '03124', option.changes), '03124').classification).toBe('Tốt');
  });

  it('a unit in the top class has no target', () => {
    const counts = changedCounts({ '03127': { paid_online: 79 } });
    const gap = gapsOf(counts).find((g) => g.code === '03127')!;
    expect(gap.classification).toBe('Xuất sắc');
    expect(gap.target).toBeNull();
    expect(describeUnitGap(framework, gap).headline).toMatch(/đã ở mức xếp loại cao nhất$/);
  });

  // A unit 7.96 points short of the next class whose every lever has less headroom than that: no single
  // indicator is enough, the combination is, and no allocation of one dossier fewer is.
  const crafted = changedCounts({
    '03130': {
      received_online: 50, received_offline: 50, carried_over: 0, resolved_early: 80, resolved_on_time: 0, pending_in_time: 0,
      paid_online: 6, fee_dossiers: 10,
      result_digitized: 8, result_digitized_base: 10,
      components_digitized: 48, components_digitized_base: 100,
      petitions_on_time: 0, petitions_on_time_base: 0, petitions_satisfied: 0, petitions_satisfied_base: 0,
      dossiers_satisfied: 72, dossiers_satisfied_base: 100,
    },
  });

  it('finds the cheapest combination when no single indicator is enough', () => {
    const gap = gapsOf(crafted).find((g) => g.code === '03130')!;
    expect(gap.total).toBeCloseTo(64, 9);
    expect(gap.target!.label).toBe('Xuất sắc');
    expect(gap.options.every((o) => o.extra === null)).toBe(true);
    expect(gap.cheapest).not.toBeNull();
    // Greedy by points per dossier: 4 paid online (1 point each), 2 electronic results (0.5), then
    // 10 on-time dossiers (0.3): 16 dossiers for 8 points.
    expect(gap.cheapest!.extra).toBe(16);
    expect(gap.cheapest!.parts).toEqual([
      { indicator: 'tien_do', extra: 10 },
      { indicator: 'dvtt_2', extra: 4 },
      { indicator: 'so_hoa_1', extra: 2 },
    ]);
    expect(scoreOf(apply(crafted, '03130', gap.cheapest!.changes), '03130').classification).toBe('Xuất sắc');
    expect(describeUnitGap(framework, gap).cheapest).toBe(
      'ít hồ sơ nhất (16 hồ sơ): thêm 10 hồ sơ đã giải quyết trước hạn và thêm 4 hồ sơ thanh toán trực tuyến thành công và thêm 2 hồ sơ có kết quả giải quyết điện tử (số hóa), đạt 9,00 điểm quy đổi',
    );
  });

  it('no allocation of one dossier fewer over the same levers reaches the class (exhaustive)', () => {
    const gap = gapsOf(crafted).find((g) => g.code === '03130')!;
    const levers = gap.options.map((o) => o.lever!).filter(Boolean);
    expect(levers.length).toBe(5);
    const budget = gap.cheapest!.extra - 1;
    let tried = 0;
    const allocate = (i: number, left: number, ks: number[]): void => {
      if (i === levers.length - 1) {
        const all = [...ks, left];
        if (all.some((k, j) => k > levers[j]!.limit)) return;
        const changes = all.flatMap((k, j) => stepsOf(gap, levers[j]!.indicator, k));
        expect(scoreOf(apply(crafted, '03130', changes), '03130').classification).toBe(gap.classification);
        tried++;
        return;
      }
      for (let k = 0; k <= left; k++) allocate(i + 1, left - k, [...ks, k]);
    };
    allocate(0, budget, []);
    expect(tried).toBeGreaterThan(100);
  });

  it('the cheapest combination is never dearer than the cheapest single indicator', () => {
    for (const gap of gapsOf(exampleCounts()).filter((g) => g.target)) {
      const single = Math.min(...gap.options.map((o) => o.extra ?? Infinity));
      expect(gap.cheapest!.extra).toBeLessThanOrEqual(single);
    }
  });
});
