// Vietnamese wording of a unit's gap to the next class, with the metric labels of the vocabulary:
// "thêm 23 hồ sơ thanh toán trực tuyến thành công, hoặc 40 hồ sơ có số hóa thành phần hồ sơ".
import { formatDecimal, roundHalfAway } from '../core/rounding.js';
import type { Framework } from '../frameworks/framework.js';
import { metricVocabulary, type MetricVocabulary } from '../core/metric-vocabulary.js';
import { indicatorName } from './appendix-layout.js';
import type { GapLever, IndicatorGap, UnitGap } from './gaps.js';
import { lowerFirst } from './vietnamese-case.js';

export interface GapText {
  /** "UBND phường Thanh Bình: Trung bình (5,91 điểm); để đạt loại Khá cần từ 7,00 điểm quy đổi (thiếu 1,09)". */
  readonly headline: string;
  /** One per indicator: how many dossiers, or "không thể". */
  readonly options: readonly string[];
  /** The cheapest combination, or why there is none. */
  readonly cheapest: string | null;
}


function metricLabel(vocabulary: MetricVocabulary, key: string): string {
  return lowerFirst(vocabulary.get(key)?.label ?? key);
}

/**
 * The action of k steps of a lever.
 * @example leverPhrase(lever, 23) // 'thêm 23 hồ sơ thanh toán trực tuyến thành công'
 */
export function leverPhrase(lever: GapLever, k: number, vocabulary: MetricVocabulary = metricVocabulary()): string {
  const main = `thêm ${k} ${metricLabel(vocabulary, lever.metric)}`;
  if (lever.kind === 'shift' && lever.partner) return `${main} (thay cho ${metricLabel(vocabulary, lever.partner)})`;
  if (lever.kind === 'new' && lever.partner) return `${main} (trên ${k} ${metricLabel(vocabulary, lever.partner)} phát sinh mới)`;
  return main;
}

function optionText(framework: Framework, option: IndicatorGap, vocabulary: MetricVocabulary): string {
  const indicator = framework.indicators.find((i) => i.key === option.indicator)!;
  const name = indicatorName(framework, indicator);
  const digits = framework.rounding.points;
  const points = (p: number | null) => (p === null ? '—' : formatDecimal(p, digits));
  if (option.extra === null || !option.lever) {
    const reach = option.lever ? `, tối đa đạt ${points(option.pointsAfter)}/${indicator.max} điểm` : '';
    return `không thể chỉ với ${name}${reach}`;
  }
  return `${leverPhrase(option.lever, option.extra, vocabulary)} — ${name}: ${points(option.pointsBefore)} → ${points(option.pointsAfter)} điểm`;
}

/**
 * The Vietnamese text of one unit's gap.
 * @example describeUnitGap(framework, gap).options[0] // 'thêm 23 hồ sơ thanh toán trực tuyến thành công — Nhóm cung cấp DVTT – Chỉ số 2: 0,0 → 2,1 điểm'
 */
export function describeUnitGap(framework: Framework, gap: UnitGap, vocabulary: MetricVocabulary = metricVocabulary()): GapText {
  const digits = framework.rounding.converted;
  const shown = roundHalfAway(gap.converted, digits);
  const current = `${gap.name}: ${gap.classification} (${formatDecimal(shown, digits)} điểm)`;
  if (!gap.target) return { headline: `${current}, đã ở mức xếp loại cao nhất`, options: [], cheapest: null };
  const short = roundHalfAway(gap.target.min - shown, digits);
  const headline = `${current}; để đạt loại ${gap.target.label} cần từ ${formatDecimal(gap.target.min, digits)} điểm quy đổi (thiếu ${formatDecimal(short, digits)})`;
  const options = gap.options.map((o) => optionText(framework, o, vocabulary));
  if (gap.missing.length) options.push(`chưa xét ${gap.missing.length} chỉ số thiếu số liệu: ${gap.missing.join(', ')}`);
  let cheapest: string | null;
  if (!gap.cheapest) {
    cheapest = `kể cả khi cải thiện mọi chỉ số đến mức có thể cũng chưa đạt loại ${gap.target.label}`;
  } else {
    const parts = gap.cheapest.parts.map((p) => {
      const option = gap.options.find((o) => o.indicator === p.indicator)!;
      return leverPhrase(option.lever!, p.extra, vocabulary);
    });
    cheapest = `ít hồ sơ nhất (${gap.cheapest.extra} hồ sơ): ${parts.join(' và ')}, đạt ${formatDecimal(gap.cheapest.converted, digits)} điểm quy đổi`;
  }
  return { headline, options, cheapest };
}
