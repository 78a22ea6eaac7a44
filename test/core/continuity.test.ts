// Continuity across a reform, on the pure function: an earlier month restated on later units — same
// unit, sum of full predecessors scored by the same rules (checked against scoring the summed counts
// directly), incomplete when a predecessor lacks data or was split, none without anything to compare.
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/core/period.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { restateMonth, type LineageLink, type LineageUnit, type UnitLineage } from '../../src/scoring/continuity.js';
import { scoreUnits } from '../../src/scoring/score-framework.js';
import type { StoredUnitRow } from '../../src/snapshots/snapshot-store.js';
import { exampleCounts } from '../support/example-month.js';
import { countsToInputs, type Counts } from '../reports/report-fixtures.js';

const framework = getFramework('dien-bien-xa-2023');
const june = parsePeriod('2025-06');
const july = parsePeriod('2025-07');

/** A lineage over made-up units: the example's communes until 30/6, new units from 1/7 reusing codes. */
function lineageOf(units: readonly LineageUnit[], links: ReadonlyMap<LineageUnit, readonly LineageLink[]>): UnitLineage {
  return {
    unitIn: (code, period) => units.find((u) => u.code === code && (u.validFrom ?? '') <= `${period}-31` && (u.validTo === null || u.validTo >= `${period}-01`)),
    predecessors: (unit) => links.get(unit) ?? [],
  };
}

const old = (code: string): LineageUnit => ({ code, name: `Cũ ${code}`, validFrom: null, validTo: '2025-06-30' });
const fresh = (code: string, name: string): LineageUnit => ({ code, name, validFrom: '2025-07-01', validTo: null });

function rowsOf(counts: Counts, names: (code: string) => string): StoredUnitRow[] {
  return scoreUnits(framework, [...counts.keys()].map((code) => ({ code, name: names(code) })), countsToInputs(counts)).map((s) => ({
    unitCode: s.code,
    unitName: s.name,
    rank: s.rank,
    total: s.total,
    converted: s.converted,
    classification: s.classification,
    indicators: s.indicators,
    missing: s.missing,
  }));
}

const counts = exampleCounts();
const juneRows = rowsOf(counts, (c) => `Cũ ${c}`);
const oldUnits = [...counts.keys()].map(old);
const byCode = (code: string) => oldUnits.find((u) => u.code === code)!;
// 03127 is reused by a new unit made of three whole communes; 03316 by one missing a predecessor
// (99001 has no June row); 03325 takes part of 03139 (split) with all of 03142.
const merged = fresh('03127', 'Phường Mới');
const lacking = fresh('03316', 'Xã Thiếu');
const split = fresh('03325', 'Xã Tách');
const lonely = fresh('99002', 'Xã Không Tiền Thân');
const ghost = old('99001');
const links = new Map<LineageUnit, LineageLink[]>([
  [merged, ['03127', '03130', '03145'].map((c) => ({ unit: byCode(c), type: 'full' as const }))],
  [lacking, [{ unit: byCode('03316'), type: 'full' }, { unit: ghost, type: 'full' }]],
  [split, [{ unit: byCode('03139'), type: 'partial' }, { unit: byCode('03142'), type: 'full' }]],
]);
const lineage = lineageOf([...oldUnits, ghost, merged, lacking, split, lonely], links);
const julyRows = rowsOf(new Map([['03127', counts.get('03124')!], ['03316', counts.get('03133')!], ['03325', counts.get('03136')!], ['99002', counts.get('03317')!]]), (c) => `Mới ${c}`);

describe('restateMonth', () => {
  const restated = restateMonth(framework, { period: july, rows: julyRows }, { period: june, rows: juneRows }, june, lineage);

  it('sums the counts of full predecessors and scores them by the same rules, never the old unit with the reused code', () => {
    const figure = restated.figures.get('03127')!;
    expect(figure.basis).toBe('predecessors');
    expect(figure.predecessors.map((u) => u.code)).toEqual(['03127', '03130', '03145']);
    const summed: Record<string, number> = {};
    for (const code of ['03127', '03130', '03145']) for (const [metric, value] of Object.entries(counts.get(code)!)) summed[metric] = (summed[metric] ?? 0) + value;
    const [direct] = scoreUnits(framework, [{ code: '03127', name: 'x' }], countsToInputs(new Map([['03127', summed]])));
    expect(figure.row!.total).toBeCloseTo(direct!.total, 9);
    expect(figure.row!.converted).toBeCloseTo(direct!.converted, 9);
    expect(figure.row!.classification).toBe(direct!.classification);
    expect(figure.row!.indicators.tien_do!.numerator).toBe(direct!.indicators.tien_do!.numerator);
    const himLam = juneRows.find((r) => r.unitCode === '03127')!;
    expect(figure.row!.total).not.toBeCloseTo(himLam.total, 3);
    // Not an average of the three scores.
    const average = ['03127', '03130', '03145'].reduce((s, c) => s + juneRows.find((r) => r.unitCode === c)!.total, 0) / 3;
    expect(figure.row!.total).not.toBeCloseTo(average, 3);
    expect(figure.row!.unitName).toBe('Mới 03127');
  });

  it('is incomplete, naming them, when a predecessor has no data or was split', () => {
    expect(restated.figures.get('03316')).toMatchObject({ basis: 'incomplete', row: null });
    expect(restated.figures.get('03316')!.missing.map((u) => u.code)).toEqual(['99001']);
    expect(restated.figures.get('03316')!.predecessors.map((u) => u.code)).toEqual(['03316', '99001']);
    const splitFigure = restated.figures.get('03325')!;
    expect(splitFigure.basis).toBe('incomplete');
    expect(splitFigure.missing.map((u) => u.code)).toEqual(['03139']);
    expect(splitFigure.split.map((u) => u.code)).toEqual(['03139']);
  });

  it('has nothing to compare for a unit without predecessors, and ranks only the restated units', () => {
    expect(restated.figures.get('99002')).toMatchObject({ basis: 'none', row: null, predecessors: [] });
    expect(restated.rows.map((r) => [r.unitCode, r.rank])).toEqual([['03127', 1]]);
  });

  it('keeps a unit valid in both months as it was, with its published rank when the units are the same', () => {
    const august = restateMonth(framework, { period: parsePeriod('2023-09'), rows: juneRows }, { period: parsePeriod('2023-08'), rows: juneRows }, parsePeriod('2023-08'), lineage);
    for (const row of juneRows) {
      const figure = august.figures.get(row.unitCode)!;
      expect(figure.basis).toBe('same');
      expect(figure.row).toEqual(row);
    }
  });

  it('says none for every unit when the earlier month has no published snapshot', () => {
    const none = restateMonth(framework, { period: july, rows: julyRows }, null, june, lineage);
    expect([...none.figures.values()].every((f) => f.basis === 'none' && f.row === null)).toBe(true);
    expect(none.figures.get('03127')!.predecessors).toHaveLength(3);
    expect(none.rows).toEqual([]);
  });
});
