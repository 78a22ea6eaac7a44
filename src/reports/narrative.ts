// The monthly report as data: header, basis, the four sections of the hand-written report
// (classification, general assessment, shortcomings, directions), closing, and the appendices —
// built from a snapshot (plus the year's published snapshots and the snapshot's metric values) under
// a framework and the narrative settings. Pure; the Markdown, HTML and DOCX writers only lay it out.
//
// Consistency rules (docs/decisions/0006-report-narrative.md): units are always named by the
// snapshot's name (the registry's display name); one threshold rule for every indicator, judged on
// the points as displayed: 0 points = "chưa thực hiện", below veryLow × max = "rất thấp", below
// low × max = "thấp"; "chậm muộn" = an on-time indicator below its max at full precision.
import { formatDecimal, roundHalfAway } from '../core/rounding.js';
import { monthAfter, periodLabel, periodNoun, periodTick, type Period } from '../core/period.js';
import type { Framework, Indicator } from '../frameworks/framework.js';
import { metricVocabulary, type MetricVocabulary } from '../core/metric-vocabulary.js';
import type { RestatedMonth, UnitRef } from '../scoring/continuity.js';
import type { MetricInput } from '../scoring/score-framework.js';
import type { Snapshot, StoredUnitRow } from '../snapshots/snapshot-store.js';
import { appendixGroups, appendixRows, APPENDIX_TITLE, indicatorName, indicatorShortLabel, type AppendixGroupHeader, type AppendixRow } from './appendix-layout.js';
import { continuitySentences } from './continuity-words.js';
import { describeUnitGap, leverPhrase } from './gap-phrases.js';
import { computeGaps, type UnitGap } from './gaps.js';
import type { NarrativeSettings } from './narrative-settings.js';
import type { ReportIssuer } from './report-issuer.js';
import { trendChart, type TrendChart } from './trend-chart.js';
import { buildTrends, type TrendReport, type TrendSnapshot } from './trends.js';
import { capitalize, lowerFirst } from './vietnamese-case.js';
import type { SourceKind } from '../core/source.js';

export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
}

export interface ListItem {
  readonly runs: readonly TextRun[];
  readonly children?: readonly ListItem[];
}

export interface NarrativeTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly align: readonly ('left' | 'right' | 'center')[];
}

export type NarrativeBlock =
  | { readonly kind: 'paragraph'; readonly runs: readonly TextRun[] }
  /** Items are written "- …", their children "+ …", as in the hand-written report. */
  | { readonly kind: 'list'; readonly items: readonly ListItem[] }
  | { readonly kind: 'table'; readonly table: NarrativeTable }
  | { readonly kind: 'chart'; readonly chart: TrendChart };

export interface NarrativeSection {
  readonly heading: string;
  readonly blocks: readonly NarrativeBlock[];
}

export interface ScoresAppendix {
  readonly kind: 'scores';
  readonly label: string;
  readonly title: readonly string[];
  readonly note: string;
  readonly groups: readonly AppendixGroupHeader[];
  readonly rows: readonly AppendixRow[];
  readonly maxTotal: number;
  readonly digits: Framework['rounding'];
  /** The framework's bands, best first (renderers colour a class by its position). */
  readonly bands: readonly { readonly label: string; readonly short: string }[];
}

export interface TrendsAppendix {
  readonly kind: 'trends';
  readonly label: string;
  readonly title: readonly string[];
  readonly note: string;
  readonly table: NarrativeTable;
  readonly chart: TrendChart;
}

export interface IndicatorFinding {
  readonly indicator: string;
  readonly group: string;
  /** Points 0: "chưa thực hiện". */
  readonly zero: readonly UnitRef[];
  /** 0 < shown points < veryLow × max: "rất thấp". */
  readonly veryLow: readonly UnitRef[];
  /** veryLow × max ≤ shown points < low × max: "thấp". */
  readonly low: readonly UnitRef[];
  /** Unknown points (no data). */
  readonly missing: readonly UnitRef[];
}

export interface NarrativeFacts {
  readonly unitCount: number;
  /** Units with every indicator known. */
  readonly scoredCount: number;
  /** Every band in framework order (Xuất sắc … Yếu), units in rank order. */
  readonly classes: readonly { readonly label: string; readonly short: string; readonly units: readonly UnitRef[] }[];
  /** Units whose every indicator has points > 0. */
  readonly meetingEveryIndicator: readonly UnitRef[];
  /** Per on-time indicator (settings.onTimeIndicators), the units below its max ("chậm muộn"). */
  readonly late: readonly { readonly indicator: string; readonly units: readonly UnitRef[] }[];
  readonly findings: readonly IndicatorFinding[];
  /** Indicators below max on average, weakest first (mean share of max over the units). */
  readonly weakest: readonly { readonly indicator: string; readonly averageShare: number }[];
  readonly thresholds: NarrativeSettings['thresholds'];
  readonly trends: TrendReport;
  readonly gaps: readonly UnitGap[];
}

export interface Narrative {
  readonly period: Period;
  readonly framework: string;
  readonly revision: number;
  readonly status: string;
  readonly header: {
    readonly authority: string;
    readonly documentNumber: string;
    readonly nation: string;
    readonly motto: string;
    readonly placeDate: string;
    readonly title: string;
    readonly subject: string;
  };
  readonly intro: readonly NarrativeBlock[];
  readonly sections: readonly NarrativeSection[];
  readonly closing: {
    readonly paragraph: string;
    readonly recipients: readonly string[];
    readonly signature: { readonly lines: readonly string[]; readonly name: string };
  };
  readonly appendices: readonly (ScoresAppendix | TrendsAppendix)[];
  readonly facts: NarrativeFacts;
}

export interface NarrativeInput {
  readonly framework: Framework;
  readonly snapshot: Snapshot;
  /** Published snapshots of the year to date, restated on the snapshot's units (the previous month's gives the comparisons). */
  readonly history?: readonly TrendSnapshot[];
  /** The previous month restated on the snapshot's units: says which figures are sums of former units. */
  readonly previous?: Pick<RestatedMonth, 'figures'>;
  /** The snapshot's metric values (snapshot_inputs), for the "what it takes to move up" list. */
  readonly values?: readonly MetricInput[];
  readonly issuer: ReportIssuer;
  readonly settings: NarrativeSettings;
  readonly vocabulary?: MetricVocabulary;
}

const SOURCE_LABELS: Record<SourceKind, string> = {
  portal: 'Hệ thống quản trị của Cổng Dịch vụ công quốc gia',
  'portal-legacy': 'Cổng Dịch vụ công quốc gia (điểm theo giao diện cũ)',
  'one-door': 'Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh',
  'dossier-list': 'danh sách hồ sơ trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh',
  template: 'mẫu tổng hợp số liệu do các đơn vị cung cấp',
};

const SUBJECT = 'Kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử';
const EPSILON = 1e-9;

/** Counts are written with two digits, as in the hand-written report: "03 đơn vị". */
export const count2 = (n: number) => String(n).padStart(2, '0');
const names = (units: readonly UnitRef[]) => units.map((u) => u.name).join(', ');
const run = (text: string, style: { bold?: boolean; italic?: boolean } = {}): TextRun => ({ text, ...style });
const paragraph = (...runs: (string | TextRun)[]): NarrativeBlock => ({ kind: 'paragraph', runs: runs.map((r) => (typeof r === 'string' ? run(r) : r)) });
const item = (runs: (string | TextRun)[], children?: ListItem[]): ListItem => ({
  runs: runs.map((r) => (typeof r === 'string' ? run(r) : r)),
  ...(children && children.length ? { children } : {}),
});

/**
 * A share of max as Vietnamese percent text.
 * @example percentText(0.125) // '12,5%'
 */
export function percentText(share: number): string {
  const value = roundHalfAway(share * 100, 1);
  return `${Number.isInteger(value) ? String(value) : formatDecimal(value, 1)}%`;
}

/** How the units are called: "đơn vị xã, phường" / "UBND các xã, phường", else "cơ quan, đơn vị". */
function unitKinds(rows: readonly StoredUnitRow[]): { readonly counted: string; readonly all: string; readonly heads: string } {
  const kinds = ['xã', 'phường', 'thị trấn'].filter((kind) => rows.some((r) => new RegExp(`(^|\\s)${kind}\\s`, 'i').test(r.unitName.normalize('NFC'))));
  if (!kinds.length) return { counted: 'cơ quan, đơn vị', all: 'các cơ quan, đơn vị', heads: 'Thủ trưởng các cơ quan, đơn vị' };
  return { counted: `đơn vị ${kinds.join(', ')}`, all: `UBND các ${kinds.join(', ')}`, heads: `Chủ tịch UBND các ${kinds.join(', ')}` };
}

type UnitKinds = ReturnType<typeof unitKinds>;

function shownShare(framework: Framework, indicator: Indicator, points: number): number {
  return roundHalfAway(points, framework.rounding.points) / indicator.max;
}

/**
 * Classifies one indicator's points under the thresholds (the same rule for every indicator).
 * @example pointsLevel(framework, framework.indicators[1], 3.7, { low: 0.5, veryLow: 0.2 }) // 'low'
 */
export function pointsLevel(framework: Framework, indicator: Indicator, points: number | null, thresholds: NarrativeSettings['thresholds']): 'missing' | 'zero' | 'veryLow' | 'low' | 'ok' {
  if (points === null) return 'missing';
  if (points === 0) return 'zero';
  const share = shownShare(framework, indicator, points);
  if (share < thresholds.veryLow - EPSILON) return 'veryLow';
  if (share < thresholds.low - EPSILON) return 'low';
  return 'ok';
}

function buildFacts(input: NarrativeInput, trends: TrendReport, gaps: readonly UnitGap[]): NarrativeFacts {
  const { framework, snapshot, settings } = input;
  const rows = snapshot.rows;
  const ref = (r: StoredUnitRow): UnitRef => ({ code: r.unitCode, name: r.unitName });
  const pointsOf = (r: StoredUnitRow, key: string) => r.indicators[key]?.points ?? null;
  const onTime = framework.indicators.filter((i) => settings.onTimeIndicators.includes(i.key));
  const findings: IndicatorFinding[] = framework.indicators.map((indicator) => {
    const level = (r: StoredUnitRow) => pointsLevel(framework, indicator, pointsOf(r, indicator.key), settings.thresholds);
    return {
      indicator: indicator.key,
      group: indicator.group,
      zero: rows.filter((r) => level(r) === 'zero').map(ref),
      veryLow: rows.filter((r) => level(r) === 'veryLow').map(ref),
      low: rows.filter((r) => level(r) === 'low').map(ref),
      missing: rows.filter((r) => level(r) === 'missing').map(ref),
    };
  });
  const weakest = framework.indicators
    .map((indicator) => {
      const shares = rows.map((r) => (pointsOf(r, indicator.key) ?? 0) / indicator.max);
      return { indicator: indicator.key, averageShare: shares.length ? shares.reduce((s, v) => s + v, 0) / shares.length : 1 };
    })
    .filter((w) => w.averageShare < 1 - EPSILON)
    .sort((a, b) => a.averageShare - b.averageShare)
    .slice(0, settings.weakestIndicators);
  return {
    unitCount: rows.length,
    scoredCount: rows.filter((r) => r.missing.length === 0).length,
    classes: framework.bands.map((band) => ({ label: band.label, short: band.short, units: rows.filter((r) => r.classification === band.label).map(ref) })),
    meetingEveryIndicator: rows.filter((r) => framework.indicators.every((i) => (pointsOf(r, i.key) ?? 0) > 0)).map(ref),
    late: onTime.map((i) => ({
      indicator: i.key,
      units: rows.filter((r) => { const p = pointsOf(r, i.key); return p !== null && p < i.max - EPSILON; }).map(ref),
    })),
    findings,
    weakest,
    thresholds: settings.thresholds,
    trends,
    gaps,
  };
}

function classificationSection(facts: NarrativeFacts, kinds: UnitKinds, appendixLabel: string): NarrativeSection {
  const incomplete = facts.unitCount - facts.scoredCount;
  const incompleteNote = incomplete > 0 ? ` (${count2(incomplete)} đơn vị còn thiếu số liệu một số chỉ số)` : '';
  const items = facts.classes
    .filter((c) => c.units.length > 0)
    .map((c) => item([`${count2(c.units.length)} đơn vị xếp loại ${lowerFirst(c.label)}: ${names(c.units)}.`]));
  return {
    heading: '1. Kết quả đánh giá, xếp loại',
    blocks: [
      paragraph(`Thực hiện chấm điểm đánh giá ${facts.scoredCount}/${facts.unitCount} ${kinds.counted}${incompleteNote}, trong đó:`),
      { kind: 'list', items },
      paragraph(run(`(Chi tiết tại ${appendixLabel} kèm theo).`, { italic: true })),
    ],
  };
}

function changeText(delta: number, digits: number): string {
  const shown = roundHalfAway(Math.abs(delta), digits);
  if (shown === 0) return 'không đổi';
  return `${delta > 0 ? 'tăng' : 'giảm'} ${formatDecimal(shown, digits)} điểm`;
}

function generalSection(framework: Framework, facts: NarrativeFacts, kinds: UnitKinds, previousFigures?: Pick<RestatedMonth, 'figures'>, rows: readonly StoredUnitRow[] = []): NarrativeSection {
  const trends = facts.trends;
  const blocks: NarrativeBlock[] = [
    paragraph(
      `Nhìn chung ${kinds.all} đã quan tâm triển khai thực hiện các nhiệm vụ công tác kiểm soát TTHC, đổi mới việc thực hiện cơ chế một cửa, một cửa liên thông và thực hiện thủ tục hành chính trên môi trường điện tử nhằm nâng cao chất lượng phục vụ người dân, doanh nghiệp.`,
    ),
  ];
  const previous = periodLabel(trends.previousPeriod);
  const noun = periodNoun(trends.period);
  if (trends.hasPrevious) {
    const digits = framework.rounding.total;
    const groups = trends.groups.filter((g) => g.average !== null && g.delta !== null);
    const direction = groups.every((g) => roundHalfAway(g.delta!, digits) > 0) ? 'đều tăng' : groups.every((g) => roundHalfAway(g.delta!, digits) < 0) ? 'đều giảm' : 'thay đổi';
    const parts = groups.map((g) => `${g.label} ${formatDecimal(g.average!, digits)}/${g.max} (${changeText(g.delta!, digits)})`);
    blocks.push(paragraph(`So với ${previous}, điểm bình quân các nhóm chỉ số ${direction}: ${parts.join('; ')}.`));
    const moved = trends.units.filter((u) => u.current && u.previous && u.current.classification !== u.previous.classification);
    const bandIndex = (label: string) => framework.bands.findIndex((b) => b.label === label);
    const up = moved.filter((u) => bandIndex(u.current!.classification) < bandIndex(u.previous!.classification));
    const down = moved.filter((u) => bandIndex(u.current!.classification) > bandIndex(u.previous!.classification));
    const describe = (list: typeof moved) => list.map((u) => `${u.name} (${u.previous!.classification} → ${u.current!.classification})`).join(', ');
    const changes: string[] = [];
    if (up.length) changes.push(`${count2(up.length)} đơn vị nâng mức xếp loại: ${describe(up)}`);
    if (down.length) changes.push(`${count2(down.length)} đơn vị giảm mức xếp loại: ${describe(down)}`);
    blocks.push(paragraph(changes.length ? `Trong ${noun} có ${changes.join('; ')}.` : `Không có đơn vị nào thay đổi mức xếp loại so với ${previous}.`));
  } else if (![...(previousFigures?.figures.values() ?? [])].some((f) => f.basis === 'incomplete')) {
    blocks.push(paragraph(`Chưa có bảng điểm đã công bố của ${previous} để so sánh.`));
  }
  for (const text of continuitySentences(previousFigures, previous, rows)) blocks.push(paragraph(text));
  const full = facts.meetingEveryIndicator;
  blocks.push(
    paragraph(
      full.length
        ? `Trong ${noun} có ${count2(full.length)} đơn vị thực hiện đảm bảo đủ các chỉ số: ${names(full)}.`
        : `Trong ${noun} chưa có đơn vị nào thực hiện đảm bảo đủ các chỉ số.`,
    ),
  );
  return { heading: '2. Đánh giá chung', blocks };
}

function findingSegments(finding: IndicatorFinding, thresholds: NarrativeSettings['thresholds']): string[] {
  const out: string[] = [];
  if (finding.zero.length) out.push(`${count2(finding.zero.length)} đơn vị chưa thực hiện: ${names(finding.zero)}`);
  if (finding.veryLow.length) {
    out.push(`${count2(finding.veryLow.length)} đơn vị đã thực hiện, song tỷ lệ còn rất thấp (dưới ${percentText(thresholds.veryLow)} điểm tối đa): ${names(finding.veryLow)}`);
  }
  if (finding.low.length) out.push(`${count2(finding.low.length)} đơn vị đã thực hiện, song tỷ lệ còn thấp (dưới ${percentText(thresholds.low)} điểm tối đa): ${names(finding.low)}`);
  if (finding.missing.length) out.push(`${count2(finding.missing.length)} đơn vị chưa có số liệu: ${names(finding.missing)}`);
  return out;
}

function shortcomingsSection(framework: Framework, facts: NarrativeFacts, settings: NarrativeSettings): NarrativeSection {
  const items: ListItem[] = [];
  for (const late of facts.late.filter((l) => l.units.length > 0)) {
    const indicator = framework.indicators.find((i) => i.key === late.indicator)!;
    items.push(item([`${indicator.label} còn tình trạng chậm muộn (chưa đạt tối đa ${indicator.max} điểm): ${names(late.units)}.`]));
  }
  const groupsWithFindings: string[] = [];
  for (const group of framework.groups) {
    const indicators = framework.indicators.filter((i) => i.group === group.key);
    const children: ListItem[] = [];
    for (const indicator of indicators) {
      const finding = facts.findings.find((f) => f.indicator === indicator.key)!;
      const segments = findingSegments(finding, settings.thresholds);
      if (!segments.length) continue;
      if (indicators.length === 1) {
        items.push(item([run(group.label, { bold: true }), `: ${segments.join('; ')}.`]));
      } else {
        const short = indicatorShortLabel(indicator);
        const detail = short.toLocaleLowerCase('vi') === indicator.label.toLocaleLowerCase('vi') ? '' : ` (${lowerFirst(indicator.label)})`;
        children.push(item([run(short, { bold: true }), `${detail}: ${segments.join('; ')}.`]));
      }
    }
    if (children.length) items.push(item([run(group.label, { bold: true }), ':'], children));
    if (indicators.some((i) => findingSegments(facts.findings.find((f) => f.indicator === i.key)!, settings.thresholds).length)) groupsWithFindings.push(group.label);
  }
  const opening: string[] = [];
  if (facts.late.some((l) => l.units.length)) opening.push('về tiến độ, giải quyết hồ sơ TTHC còn tình trạng chậm muộn');
  if (groupsWithFindings.length) opening.push(`điểm một số chỉ số thuộc ${groupsWithFindings.join(', ')} còn thấp hoặc chưa thực hiện`);
  const blocks: NarrativeBlock[] = opening.length
    ? [paragraph(`${capitalize(opening.join('; '))}, cụ thể:`), { kind: 'list', items }]
    : [paragraph(`Không có đơn vị chậm muộn và không có chỉ số nào dưới ngưỡng ${percentText(settings.thresholds.low)} điểm tối đa.`)];
  return { heading: '3. Tồn tại, hạn chế', blocks };
}

function directionsSection(framework: Framework, facts: NarrativeFacts, kinds: UnitKinds, vocabulary: MetricVocabulary): NarrativeSection {
  const blocks: NarrativeBlock[] = [
    paragraph(
      `Yêu cầu ${kinds.heads} nêu cao tinh thần trách nhiệm, quan tâm chỉ đạo triển khai các nhiệm vụ công tác kiểm soát TTHC, đổi mới thực hiện cơ chế một cửa, một cửa liên thông và thực hiện TTHC trên môi trường điện tử; kịp thời khắc phục những tồn tại, hạn chế đã nêu trên, trong đó tập trung:`,
    ),
  ];
  const tasks = facts.weakest.map((w) => {
    const indicator = framework.indicators.find((i) => i.key === w.indicator)!;
    const finding = facts.findings.find((f) => f.indicator === w.indicator)!;
    const average = facts.unitCount ? roundHalfAway(w.averageShare * indicator.max, framework.rounding.points) : 0;
    const zero = finding.zero.length ? `; ${count2(finding.zero.length)} đơn vị chưa thực hiện` : '';
    return item([`Nâng cao ${lowerFirst(indicator.label)} (${indicatorName(framework, indicator)}: bình quân ${formatDecimal(average, framework.rounding.points)}/${indicator.max} điểm${zero}).`]);
  });
  if (tasks.length) blocks.push({ kind: 'list', items: tasks });
  const below = facts.gaps.filter((g) => g.target !== null);
  if (below.length) {
    const noun = periodNoun(facts.trends.period);
    blocks.push(paragraph(`Để nâng mức xếp loại trong ${noun} tới, với số liệu của ${noun} này, các đơn vị cần tối thiểu:`));
    const items = below.map((gap) => {
      const reachable = gap.options.filter((o) => o.extra !== null && o.lever).slice(0, 3);
      const head = `${gap.name} (${gap.classification} → ${gap.target!.label}): `;
      // "thêm 23 hồ sơ …, hoặc 40 hồ sơ …": the verb once, the metric labels name the indicators.
      const singles = reachable.map((o, i) => leverPhrase(o.lever!, o.extra!, vocabulary).replace(i === 0 ? /^$/ : /^thêm /, ''));
      const text = describeUnitGap(framework, gap, vocabulary);
      const combined = gap.cheapest && gap.cheapest.parts.length > 1 ? `; ${text.cheapest}` : '';
      if (singles.length) return item([head, `${singles.join(', hoặc ')}${combined}.`]);
      return item([head, `chưa thể đạt chỉ bằng một chỉ số; ${text.cheapest}.`]);
    });
    blocks.push({ kind: 'list', items });
  }
  return { heading: '4. Phương hướng, giải pháp', blocks };
}

function trendsAppendix(framework: Framework, trends: TrendReport, issuer: ReportIssuer, attachment: string): TrendsAppendix | null {
  const chart = trendChart(framework, trends);
  if (chart.periods.length < 2) return null;
  const digits = framework.rounding.converted;
  const columns = chart.periods.map((p) => trends.periods.indexOf(p));
  const noun = periodNoun(trends.period);
  const header = ['STT', 'Tên đơn vị', ...chart.periods.map((p) => periodTick(p)), 'Bình quân từ đầu năm', `So với ${noun} trước`, 'Thứ hạng (thay đổi)'];
  const rows = trends.units
    .filter((u) => u.current)
    .map((u, i) => [
      String(i + 1),
      u.name,
      ...columns.map((c) => (u.months[c] ? formatDecimal(u.months[c]!.converted, digits) : '—')),
      u.ytdAverage === null ? '—' : formatDecimal(u.ytdAverage, digits),
      u.deltaConverted === null ? '—' : `${u.deltaConverted > 0 ? '+' : ''}${formatDecimal(u.deltaConverted, digits)}`,
      `${u.current!.rank}${u.rankChange === null || u.rankChange === 0 ? '' : u.rankChange > 0 ? ` (▲${u.rankChange})` : ` (▼${-u.rankChange})`}`,
    ]);
  return {
    kind: 'trends',
    label: 'Phụ lục 2',
    title: [`DIỄN BIẾN ĐIỂM QUY ĐỔI THEO ${noun.toUpperCase()} CỦA CÁC ĐƠN VỊ ${periodLabel(trends.period).toUpperCase()}`],
    note: `(${attachment} của ${issuer.authority})`,
    table: { header, rows, align: ['right', 'left', ...columns.map(() => 'right' as const), 'right', 'right', 'right'] },
    chart,
  };
}

/**
 * Builds the report of a month as data.
 * @example buildNarrative({ framework, snapshot, history, values, issuer, settings: loadNarrativeSettings() }).facts.classes
 */
export function buildNarrative(input: NarrativeInput): Narrative {
  const { framework, snapshot, issuer, settings } = input;
  const vocabulary = input.vocabulary ?? metricVocabulary();
  const period = snapshot.period as Period;
  const trends = buildTrends(framework, input.history ?? [], period, snapshot);
  const units = snapshot.rows.map((r) => ({ code: r.unitCode, name: r.unitName }));
  const gaps = input.values ? computeGaps(framework, units, input.values) : [];
  const facts = buildFacts(input, trends, gaps);
  const kinds = unitKinds(snapshot.rows);
  const area = issuer.area ? ` ${issuer.area}` : '';
  const month = periodLabel(period);
  const issueMonth = monthAfter(period);
  const dateLine = `ngày      tháng ${Number(issueMonth.slice(5))} năm ${issueMonth.slice(0, 4)}`;
  const attachment = `Kèm theo Báo cáo số        /BC-UBND, ${dateLine}`;

  const sources = [...new Set(snapshot.rows.flatMap((r) => Object.values(r.indicators).map((i) => i.source)).filter((s): s is SourceKind => s !== null))];
  const sourceText = sources.length ? sources.map((s) => SOURCE_LABELS[s]).join('; ') : 'các nguồn số liệu đã lưu';
  const intro: NarrativeBlock[] = [];
  if (framework.basis) intro.push(paragraph(`Thực hiện ${framework.basis}.`));
  intro.push(
    paragraph(
      `Trên cơ sở số liệu thống kê từ ${sourceText}, ${issuer.authority} tổng hợp báo cáo kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện TTHC, DVC theo thời gian thực trên môi trường điện tử${area}, ${month} như sau:`,
    ),
  );

  const trendAppendix = trendsAppendix(framework, trends, issuer, attachment);
  const scores: ScoresAppendix = {
    kind: 'scores',
    label: trendAppendix ? 'Phụ lục 1' : 'Phụ lục',
    title: [`${APPENDIX_TITLE} CỦA ${issuer.authority.toUpperCase()}`, month.toUpperCase()],
    note: `(${attachment} của ${issuer.authority})`,
    groups: appendixGroups(framework),
    rows: appendixRows(framework, snapshot),
    maxTotal: framework.maxTotal,
    digits: framework.rounding,
    bands: framework.bands,
  };
  return {
    period,
    framework: framework.key,
    revision: snapshot.revision,
    status: snapshot.status,
    header: {
      authority: issuer.authority,
      documentNumber: settings.documentNumber,
      nation: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      placeDate: `${issuer.place ? `${issuer.place}, ` : ''}${dateLine}`,
      title: 'BÁO CÁO',
      subject: `${SUBJECT}${area} ${month}`,
    },
    intro,
    sections: [
      classificationSection(facts, kinds, scores.label),
      generalSection(framework, facts, kinds, input.previous, snapshot.rows),
      shortcomingsSection(framework, facts, settings),
      directionsSection(framework, facts, kinds, vocabulary),
    ],
    closing: {
      paragraph: `Trên đây là Báo cáo kết quả đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử${area} ${month}./.`,
      recipients: settings.recipients,
      signature: settings.signature,
    },
    appendices: trendAppendix ? [scores, trendAppendix] : [scores],
    facts,
  };
}

/** Plain text of runs (for tests and the Markdown writer's escaping). */
export function runsText(runs: readonly TextRun[]): string {
  return runs.map((r) => r.text).join('');
}
