// Stage: score a month under a framework from the stored metric values and write the snapshot
// (a new revision only when the inputs changed).
import type { AppContext } from '../app-context.js';
import { periodMonths, periodTerm, type Period } from '../core/period.js';
import { evaluatorOf, frameworkMetrics, getFramework, type Framework } from '../frameworks/framework.js';
import { scoreUnits, type UnitScore } from '../scoring/score-framework.js';
import { writeSnapshot, type WriteSnapshotResult } from '../snapshots/snapshot-store.js';
import { currentMetricValues } from '../store/metric-store.js';
import type { Unit } from '../core/unit-registry.js';
import type { SnapshotTrigger } from '../runs/run-store.js';

export interface ScoreMonthOptions {
  readonly framework?: string;
  readonly period: Period;
  readonly trigger: SnapshotTrigger;
  readonly runId?: number | null;
  readonly allowIncomplete?: boolean;
  /** Write a snapshot even when no unit has any input (replacing a good one with an empty one). */
  readonly force?: boolean;
  /** Sources that did not deliver in this run: the snapshot is stored as incomplete. */
  readonly incompleteReasons?: readonly string[];
  /** Who asked ("user@host" from the CLI), recorded when this publishes a revision. */
  readonly actor?: string | null;
}

export interface ScoreMonthResult extends WriteSnapshotResult {
  readonly framework: Framework;
  readonly scores: readonly UnitScore[];
}

export class NothingToScoreError extends Error {
  readonly code: string = 'NO_INPUT';
}

/** The registry has no unit of the framework's level and scope valid in the month. */
export class NoUnitsError extends NothingToScoreError {
  override readonly code: string = 'NO_UNITS';
}

export class FrameworkPeriodError extends Error {
  readonly code = 'FRAMEWORK_NOT_VALID';
}

/**
 * The units a framework ranks in a period: its level and scope (narrowed by the month's evaluator:
 * the 12 communes of Điện Biên Phủ until 6/2025, every commune of the province since), valid in that
 * month. A framework without a province ranks the provinces this installation keeps, never the country.
 * @example unitsInScope(ctx, getFramework('dien-bien-xa-2023'), parsePeriod('2026-10')).length // 45
 */
export function unitsInScope(ctx: Pick<AppContext, 'registry'>, framework: Framework, period: Period): Unit[] {
  const districtCode = evaluatorOf(framework, period)?.districtCode ?? framework.scope?.districtCode;
  const provinces = framework.scope?.provinceCode ? [framework.scope.provinceCode] : ctx.registry.homeProvinces;
  return provinces.flatMap((provinceCode) =>
    ctx.registry.validIn(period, {
      provinceCode,
      ...(framework.unitLevel !== 'any' ? { level: framework.unitLevel } : {}),
      ...(districtCode ? { districtCode } : {}),
    }),
  );
}

const LEVEL_LABELS: Record<string, string> = { commune: 'xã', province: 'tỉnh', district: 'huyện', provincial_department: 'sở, ngành', any: '' };

/**
 * The units in scope, or an error naming the province and the month (never an empty table or file).
 * @example requireUnitsInScope(ctx, framework, parsePeriod('2026-11')).length // 45
 */
export function requireUnitsInScope(ctx: Pick<AppContext, 'registry'>, framework: Framework, period: Period): Unit[] {
  const units = unitsInScope(ctx, framework, period);
  if (units.length) return units;
  const code = framework.scope?.provinceCode;
  const province = code ? `${ctx.registry.province(code, period)?.name ?? 'tỉnh'} (mã ${code})` : 'các tỉnh đã cấu hình';
  const district = evaluatorOf(framework, period)?.districtCode ?? framework.scope?.districtCode;
  const level = LEVEL_LABELS[framework.unitLevel] ? ` cấp ${LEVEL_LABELS[framework.unitLevel]}` : '';
  throw new NoUnitsError(
    `Danh mục đơn vị không có đơn vị${level} nào của ${province}${district ? `, huyện mã ${district}` : ''} còn hiệu lực trong ${periodTerm(period)} (bộ chỉ số ${framework.key}; các đơn vị trước sắp xếp hết hiệu lực 30/6/2025, đơn vị mới có hiệu lực từ 1/7/2025): bổ sung danh mục, ví dụ 'dvc-sync units import-dvhcvn …' (NO_UNITS)`,
  );
}

/**
 * How a quarter or a year is scored, in words (null for a month): from what was captured for that
 * period (the portal's answer for it), never summed from its months — the framework defines no such sum.
 * @example periodScoringBasis(parseAnyPeriod('2026')) // 'năm 2026 được chấm từ số liệu của chính năm 2026 (…), không cộng từ số liệu các tháng 2026-01 … 2026-12: …'
 */
export function periodScoringBasis(period: Period): string | null {
  const months = periodMonths(period);
  if (months.length === 1) return null;
  const term = periodTerm(period);
  return (
    `${term} được chấm từ số liệu của chính ${term} (phản hồi Cổng DVCQG cho cả kỳ: 'dvc-sync sync --period ${period}' hoặc 'dvc-sync import … --period ${period}'), ` +
    `không cộng từ số liệu các tháng ${months[0]} … ${months[months.length - 1]}: bộ chỉ số không quy định cách cộng`
  );
}

/**
 * Scores a month (or a quarter, a year: from that period's own values) and stores the snapshot revision.
 * @example await scoreMonth(ctx, { period: parsePeriod('2023-09'), trigger: 'manual' })
 */
export async function scoreMonth(ctx: AppContext, options: ScoreMonthOptions): Promise<ScoreMonthResult> {
  const framework = getFramework(options.framework ?? 'dien-bien-xa-2023', ctx.frameworks);
  // A quarter or a year is scored when the framework applies to every month of it.
  const months = periodMonths(options.period);
  if (months[0]! < framework.validFrom || (framework.validTo && months[months.length - 1]! > framework.validTo)) {
    throw new FrameworkPeriodError(
      `Bộ chỉ số ${framework.key} áp dụng từ ${framework.validFrom}${framework.validTo ? ` đến ${framework.validTo}` : ''}; không chấm ${periodTerm(options.period)} theo bộ này (FRAMEWORK_NOT_VALID)`,
    );
  }
  const units = requireUnitsInScope(ctx, framework, options.period);
  const values = await currentMetricValues(ctx.store.db, options.period, {
    units: units.map((u) => u.code),
    metrics: frameworkMetrics(framework),
  });
  if (values.length === 0 && !options.force) {
    throw new NothingToScoreError(
      `Chưa có số liệu nào của ${periodTerm(options.period)} cho bộ chỉ số ${framework.key}: hãy nhập (dvc-sync import) hoặc đồng bộ (dvc-sync sync) trước${periodScoringBasis(options.period) ? `; ${periodScoringBasis(options.period)}` : ''}. (NO_INPUT)`,
    );
  }
  const scores = scoreUnits(
    framework,
    units.map((u) => ({ code: u.code, name: u.displayName })),
    values,
  );
  const result = await writeSnapshot(ctx.store.db, {
    framework,
    period: options.period,
    scores,
    trigger: options.trigger,
    runId: options.runId ?? null,
    allowIncomplete: options.allowIncomplete ?? false,
    ...(options.incompleteReasons ? { incompleteReasons: options.incompleteReasons } : {}),
    actor: options.actor ?? null,
  });
  ctx.logger.info(
    { framework: framework.key, period: options.period, revision: result.snapshot.revision, created: result.created, published: result.published, publishedNow: result.publishedNow },
    result.created ? 'snapshot written' : result.publishedNow ? 'inputs unchanged; revision published' : 'inputs unchanged; no new revision',
  );
  return { ...result, framework, scores };
}
