// The drafted report of the example month on the real stores: the seed's classes and "đủ các chỉ số"
// units, one name per unit everywhere, one threshold rule for every indicator (file or CLI values),
// and the comparison with the previous month once its snapshot exists.
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { narrativeFor } from '../../src/cli/report-command.js';
import { roundHalfAway } from '../../src/core/rounding.js';
import { getFramework } from '../../src/frameworks/framework.js';
import { narrativeMarkdown } from '../../src/reports/narrative-markdown.js';
import { runsText, type Narrative } from '../../src/reports/narrative.js';
import { readSnapshot, type Snapshot } from '../../src/snapshots/snapshot-store.js';
import { unitNameKey } from '../../src/units/unit-name.js';
import { parsePeriod } from '../../src/core/period.js';
import { describeEachBackend } from '../support/backends.js';
import { SEED_REPORT } from '../support/example-month.js';
import { changedCounts, importAndScore } from './report-fixtures.js';

const framework = getFramework('dien-bien-xa-2023');
const seed = readFileSync(SEED_REPORT, 'utf8');

/** "- 03 đơn vị xếp loại tốt: A, B, C." lines of the seed, as class → unit name keys. */
function seedClasses(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const match of seed.matchAll(/^- (\d+) đơn vị xếp loại ([^:]+): (.+)\.$/gm)) {
    const units = match[3]!.split(', ').map(unitNameKey);
    expect(units).toHaveLength(Number(match[1]));
    out.set(match[2]!.trim(), units);
  }
  return out;
}

function seedFullUnits(): string[] {
  const match = /đơn vị thực hiện đảm bảo đủ các chỉ số: ([^.]+)\./.exec(seed)!;
  return match[1]!.split(', ').map(unitNameKey);
}

const keys = (units: readonly { name: string }[]) => units.map((u) => unitNameKey(u.name));

describeEachBackend('drafted monthly report', (get) => {
  let snapshot: Snapshot;
  let narrative: Narrative;
  let markdown: string;

  beforeAll(async () => {
    const ctx = get();
    await importAndScore(ctx, '2023-09');
    snapshot = (await readSnapshot(ctx.store.db, framework.key, parsePeriod('2023-09')))!;
    narrative = await narrativeFor(ctx, framework, snapshot, {});
    markdown = narrativeMarkdown(narrative);
  });

  it("lists exactly the seed's classes, in its order, with two-digit counts", () => {
    const expected = seedClasses();
    expect([...expected.keys()]).toEqual(['tốt', 'khá', 'trung bình']);
    const listed = narrative.facts.classes.filter((c) => c.units.length);
    expect(listed.map((c) => c.label.toLowerCase())).toEqual([...expected.keys()]);
    for (const c of listed) expect(keys(c.units)).toEqual(expected.get(c.label.toLowerCase()));
    expect(markdown).toContain('Thực hiện chấm điểm đánh giá 12/12 đơn vị xã, phường, trong đó:');
    expect(markdown).toContain('- 03 đơn vị xếp loại tốt: UBND phường Him Lam, UBND phường Nam Thanh, UBND phường Mường Thanh.');
    expect(markdown).toContain('- 05 đơn vị xếp loại khá: UBND phường Tân Thanh, UBND xã Nà Tấu, UBND phường Thanh Trường, UBND xã Nà Nhạn, UBND xã Thanh Minh.');
    expect(markdown).toContain('- 04 đơn vị xếp loại trung bình: UBND phường Noong Bua, UBND xã Mường Phăng, UBND xã Pá Khoang, UBND phường Thanh Bình.');
  });

  it('has the header, basis, the four sections in order and the appendix', () => {
    expect(narrative.header).toMatchObject({
      authority: 'UBND thành phố Điện Biên Phủ',
      placeDate: expect.stringMatching(/^Điện Biên Phủ, ngày\s+tháng 10 năm 2023$/),
      title: 'BÁO CÁO',
      subject: 'Kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử thành phố Điện Biên Phủ tháng 9 năm 2023',
    });
    expect(narrative.header.documentNumber).toMatch(/^Số:\s+\/BC-UBND$/);
    const basis = narrative.intro[0]!;
    expect(basis.kind === 'paragraph' && runsText(basis.runs)).toMatch(/^Thực hiện Quyết định 459\/QĐ-UBND ngày 24\/3\/2023/);
    expect(narrative.sections.map((s) => s.heading)).toEqual(['1. Kết quả đánh giá, xếp loại', '2. Đánh giá chung', '3. Tồn tại, hạn chế', '4. Phương hướng, giải pháp']);
    expect(narrative.appendices.map((a) => a.kind)).toEqual(['scores']);
    expect(narrative.appendices[0]!.kind === 'scores' && narrative.appendices[0]!.rows.map((r) => r.converted)).toEqual(snapshot.rows.map((r) => roundHalfAway(r.converted, 2)));
    expect(markdown).toContain('Chưa có bảng điểm đã công bố của tháng 8 năm 2023 để so sánh.');
  });

  it('names the units meeting every indicator and the one still late', () => {
    expect(keys(narrative.facts.meetingEveryIndicator)).toEqual(seedFullUnits());
    expect(markdown).toContain(
      'Trong tháng có 05 đơn vị thực hiện đảm bảo đủ các chỉ số: UBND phường Him Lam, UBND phường Nam Thanh, UBND phường Mường Thanh, UBND phường Thanh Trường, UBND xã Nà Nhạn.',
    );
    expect(narrative.facts.late).toEqual([{ indicator: 'tien_do', units: [{ code: '03130', name: 'UBND phường Thanh Bình' }] }]);
    expect(markdown).toContain('còn tình trạng chậm muộn (chưa đạt tối đa 30 điểm): UBND phường Thanh Bình.');
  });

  it('names every unit the same way everywhere (never "UBND Thanh Bình")', () => {
    for (const row of snapshot.rows) {
      const short = row.unitName.replace(/^UBND (phường|xã) /, '');
      const all = markdown.split(short).length - 1;
      const full = markdown.split(row.unitName).length - 1;
      expect(all, row.unitName).toBeGreaterThan(0);
      expect(full, row.unitName).toBe(all);
    }
    expect(markdown).not.toMatch(/UBND Thanh Bình/);
  });

  it('applies the same threshold rule to every indicator, judged on the points as displayed', async () => {
    const check = (n: Narrative, low: number, veryLow: number) => {
      for (const indicator of framework.indicators) {
        const finding = n.facts.findings.find((f) => f.indicator === indicator.key)!;
        for (const row of snapshot.rows) {
          const points = row.indicators[indicator.key]!.points!;
          const share = roundHalfAway(points, 1) / indicator.max;
          const expected = points === 0 ? 'zero' : share < veryLow ? 'veryLow' : share < low ? 'low' : 'ok';
          const actual = (['zero', 'veryLow', 'low'] as const).find((level) => finding[level].some((u) => u.code === row.unitCode)) ?? 'ok';
          expect(actual, `${indicator.key} ${row.unitName} ${points}`).toBe(expected);
        }
      }
    };
    check(narrative, 0.5, 0.2);
    // The seed forgot Thanh Minh (4,2/10) while calling Noong Bua (3,7/10) low: here both are.
    const dvtt1 = narrative.facts.findings.find((f) => f.indicator === 'dvtt_1')!;
    expect(keys(dvtt1.low)).toEqual(expect.arrayContaining(['thanh minh', 'noong bua']));
    expect(keys(dvtt1.veryLow)).toEqual(['nà nhạn', 'pá khoang']);
    const other = await narrativeFor(get(), framework, snapshot, { low: 0.45, veryLow: 0.1 });
    check(other, 0.45, 0.1);
    const dvtt1Other = other.facts.findings.find((f) => f.indicator === 'dvtt_1')!;
    expect(keys(dvtt1Other.veryLow)).toEqual(['nà nhạn']);
    expect(narrativeMarkdown(other)).toContain('song tỷ lệ còn thấp (dưới 45% điểm tối đa)');
    expect(narrativeMarkdown(other)).toContain('song tỷ lệ còn rất thấp (dưới 10% điểm tối đa)');
  });

  it('turns the weakest indicators into tasks and says what each unit needs to move up', () => {
    const directions = narrative.sections[3]!;
    const text = narrativeMarkdown({ ...narrative, sections: [directions] });
    expect(narrative.facts.weakest.map((w) => w.indicator)[0]).toBe('dvtt_2');
    expect(text).toContain('Nâng cao tỷ lệ hồ sơ thanh toán trực tuyến (Nhóm cung cấp DVTT – Chỉ số 2: bình quân 0,4/10 điểm; 07 đơn vị chưa thực hiện).');
    for (const gap of narrative.facts.gaps.filter((g) => g.target)) expect(text).toContain(`${gap.name} (${gap.classification} → ${gap.target!.label}): thêm `);
  });

  it('compares with the previous month once its published snapshot exists', async () => {
    const ctx = get();
    await importAndScore(ctx, '2023-08', changedCounts({ '03127': { paid_online: 5 }, '03145': { paid_online: 40 } }));
    const august = (await readSnapshot(ctx.store.db, framework.key, parsePeriod('2023-08')))!;
    const withPrevious = await narrativeFor(ctx, framework, snapshot, {});
    const trends = withPrevious.facts.trends;
    expect(trends.hasPrevious).toBe(true);
    for (const unit of trends.units) {
      const before = august.rows.find((r) => r.unitCode === unit.code)!;
      const now = snapshot.rows.find((r) => r.unitCode === unit.code)!;
      expect(unit.deltaConverted).toBe(now.converted - before.converted);
      expect(unit.rankChange).toBe(before.rank - now.rank);
    }
    const md = narrativeMarkdown(withPrevious);
    expect(md).toMatch(/So với tháng 8 năm 2023, điểm bình quân các nhóm chỉ số thay đổi: Tiến độ, KQ giải quyết 29,90\/30 \(không đổi\); Nhóm cung cấp DVTT [\d,]+\/20 \(giảm [\d,]+ điểm\)/);
    expect(md).toContain('Trong tháng có 01 đơn vị giảm mức xếp loại: UBND xã Thanh Minh (Tốt → Khá).');
    expect(withPrevious.appendices.map((a) => a.label)).toEqual(['Phụ lục 1', 'Phụ lục 2']);
    expect(md).toContain('(Chi tiết tại Phụ lục 1 kèm theo).');
    expect(md).toMatch(/\| 8 \| UBND xã Thanh Minh \| 8,11 \| 7,15 \| 7,63 \| -0,96 \| 8 \(▼4\) \|/);
  });
});
