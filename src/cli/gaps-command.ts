// `dvc-sync gaps`: for each unit below the top class (or one unit), the fewest extra dossiers that
// reach the next class, per indicator and combined, from the snapshot's own metric values.
import type { AppContext } from '../app-context.js';
import { periodTerm, type Period } from '../core/period.js';
import { getFramework } from '../frameworks/framework.js';
import { describeUnitGap } from '../reports/gap-phrases.js';
import { computeGaps, type UnitGap } from '../reports/gaps.js';
import { snapshotMetricInputs } from '../reports/snapshot-values.js';
import { unitNameKey } from '../units/unit-name.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { requireSnapshot } from './report-command.js';

export interface GapsOptions {
  readonly period: Period;
  readonly framework: string;
  readonly revision?: number;
  /** A unit code (or name); all units when absent. */
  readonly unit?: string;
}

/**
 * Prints what each unit needs to reach the next class; returns the computed gaps.
 * @example await runGaps(ctx, io, { period: parsePeriod('2023-09'), framework: 'dien-bien-xa-2023', unit: '03130' })
 */
export async function runGaps(ctx: AppContext, io: CliIo, options: GapsOptions): Promise<UnitGap[]> {
  const framework = getFramework(options.framework, ctx.frameworks);
  const snapshot = await requireSnapshot(ctx, framework, options.period, options.revision);
  let rows = snapshot.rows;
  if (options.unit !== undefined) {
    const wanted = options.unit.trim();
    rows = rows.filter((r) => r.unitCode === wanted || r.unitCode === wanted.padStart(5, '0') || unitNameKey(r.unitName) === unitNameKey(wanted));
    if (!rows.length) {
      const known = snapshot.rows.map((r) => `${r.unitCode} ${r.unitName}`).join(', ');
      throw new CliError(`Không có đơn vị '${wanted}' trong bảng điểm ${periodTerm(options.period)} (có: ${known})`, 'UNKNOWN_UNIT');
    }
  }
  const gaps = computeGaps(
    framework,
    rows.map((r) => ({ code: r.unitCode, name: r.unitName })),
    await snapshotMetricInputs(ctx.store.db, snapshot.id),
  );
  const lines = [`Điều kiện nâng mức xếp loại ${options.period} (bộ chỉ số ${framework.key}, phiên bản ${snapshot.revision}), tính trên số liệu của tháng:`];
  for (const gap of gaps) {
    const text = describeUnitGap(framework, gap);
    lines.push('', `${gap.code} ${text.headline}`);
    if (!gap.target) continue;
    lines.push('  Chỉ cải thiện một chỉ số:');
    for (const option of text.options) lines.push(`    - ${option}`);
    lines.push(`  Kết hợp: ${text.cheapest}`);
  }
  io.out(lines.join('\n'));
  return gaps;
}
