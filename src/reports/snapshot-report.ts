// The Báo cáo of one stored snapshot, wherever it is asked for (CLI `report`, the dashboard's
// downloads): the narrative with the year's published snapshots and the snapshot's values, and the
// month's pictures (class distribution, score against band edges, each unit's last 12 months).
import type { AppContext } from '../app-context.js';
import { periodNoun, shiftPeriod, type Period } from '../core/period.js';
import { periodText } from '../text/period-text.js';
import type { Framework } from '../frameworks/framework.js';
import type { Snapshot } from '../snapshots/snapshot-store.js';
import type { Db } from '../store/database.js';
import { loadRegistryFiles } from '../units/unit-registry.js';
import { appendixRows } from './appendix-layout.js';
import { buildNarrative, type Narrative } from './narrative.js';
import { narrativeHtml, type ReportFigure } from './narrative-html.js';
import { narrativeMarkdown } from './narrative-markdown.js';
import { loadNarrativeSettings, withThresholds } from './narrative-settings.js';
import { previousMonth, restatedYearToDate } from './earlier-months.js';
import { issuerFor, type ReportIssuer } from './report-issuer.js';
import { classDistributionLayout, scoreBandsLayout, unitTrendCharts, type RecentMonth } from './score-charts.js';
import { snapshotMetricInputs } from './snapshot-values.js';
import { renderTrendSvg, svgOfLayout } from './trend-svg.js';

export interface NarrativeOptions {
  /** Narrative thresholds over schema/reports/narrative.json (shares of an indicator's max). */
  readonly low?: number | undefined;
  readonly veryLow?: number | undefined;
  /** Another narrative settings file. */
  readonly settings?: string | undefined;
}

export function issuerOf(framework: Framework, snapshot: Snapshot): ReportIssuer {
  return issuerFor(framework, snapshot.period, loadRegistryFiles(), snapshot.rows.map((r) => r.unitCode));
}

/**
 * The drafted report of a snapshot: the year's published snapshots restated on its units for
 * comparisons (a merged commune against the sum of its former communes), the snapshot's
 * metric values for the "what it takes to move up" list.
 * @example const narrative = await narrativeFor(ctx, framework, snapshot, {})
 */
export async function narrativeFor(ctx: AppContext, framework: Framework, snapshot: Snapshot, options: NarrativeOptions): Promise<Narrative> {
  const settings = withThresholds(loadNarrativeSettings(options.settings), { low: options.low, veryLow: options.veryLow });
  return buildNarrative({
    framework,
    snapshot,
    history: await restatedYearToDate(ctx, framework, snapshot),
    previous: await previousMonth(ctx, framework, snapshot),
    values: await snapshotMetricInputs(ctx.store.db, snapshot.id),
    issuer: issuerOf(framework, snapshot),
    settings,
  });
}

/** The 12 months (quarters, years) ending with `period`, oldest first. */
export const lastTwelveMonths = (period: Period): Period[] => Array.from({ length: 12 }, (_, i) => shiftPeriod(period, i - 11));

/** Each unit's converted score in the published revision of the 12 months ending with `period`: one query. */
export async function loadRecentPublished(db: Db, framework: Framework, period: Period): Promise<RecentMonth[]> {
  const periods = lastTwelveMonths(period);
  const rows = await db
    .selectFrom('published_snapshots as p')
    .innerJoin('snapshot_rows as r', 'r.snapshot_id', 'p.snapshot_id')
    .select(['p.period', 'r.unit_code', 'r.converted'])
    .where('p.framework', '=', framework.key)
    .where('p.period', 'in', periods)
    .execute();
  const byPeriod = new Map<string, { unitCode: string; converted: number }[]>();
  for (const r of rows) {
    let list = byPeriod.get(r.period);
    if (!list) byPeriod.set(r.period, (list = []));
    list.push({ unitCode: r.unit_code, converted: r.converted });
  }
  return [...byPeriod].map(([p, list]) => ({ period: p, rows: list }));
}


/**
 * The month's pictures as standalone SVG: class distribution, score against band edges, and one
 * trend per unit over the last 12 months (the shown snapshot stands for its own month).
 * @example (await snapshotFigures(ctx, framework, snapshot)).map((f) => f.id) // ['phan-bo-xep-loai', 'diem-va-nguong', 'xu-huong-03127', …]
 */
export async function snapshotFigures(ctx: AppContext, framework: Framework, snapshot: Snapshot): Promise<ReportFigure[]> {
  const period = snapshot.period as Period;
  const rows = appendixRows(framework, snapshot);
  const periods = lastTwelveMonths(period);
  const recent = await loadRecentPublished(ctx.store.db, framework, period);
  const trendGroup = `Điểm quy đổi 12 ${periodNoun(period)} gần nhất (${periodText(periods[0]!)} – ${periodText(period)}), theo đơn vị`;
  return [
    { id: 'phan-bo-xep-loai', group: null, svg: svgOfLayout(classDistributionLayout(framework, rows), 'Phân bố xếp loại') },
    { id: 'diem-va-nguong', group: null, svg: svgOfLayout(scoreBandsLayout(framework, rows), 'Điểm quy đổi và ngưỡng xếp loại') },
    ...unitTrendCharts(framework, periods, recent, snapshot).map((u) => ({
      id: `xu-huong-${u.code}`,
      group: trendGroup,
      svg: renderTrendSvg(u.chart, { width: 320, height: 170, legend: false, right: 56 }),
    })),
  ];
}

export type NarrativeFormat = 'md' | 'html' | 'docx';

/**
 * The Báo cáo of a snapshot in one format (HTML with the month's pictures).
 * @example writeFileSync('bao-cao.docx', await renderNarrativeReport(ctx, framework, snapshot, 'docx', {}))
 */
export async function renderNarrativeReport(ctx: AppContext, framework: Framework, snapshot: Snapshot, format: NarrativeFormat, options: NarrativeOptions): Promise<string | Buffer> {
  const narrative = await narrativeFor(ctx, framework, snapshot, options);
  if (format === 'docx') return (await import('./narrative-docx.js')).narrativeDocx(narrative); // the Word library only when asked for
  if (format === 'md') return narrativeMarkdown(narrative);
  return narrativeHtml(narrative, await snapshotFigures(ctx, framework, snapshot));
}
