// CLI commands over the reference data only (no store is opened): frameworks and the manual input
// template (the units commands, also store-free, are in units-commands.ts).
import type { Period } from '../core/period.js';
import { frameworkMetrics, getFramework } from '../frameworks/framework.js';
import type { CliIo, ReferenceData } from './cli-io.js';
import { EMPTY_RULE_LABELS, label } from '../text/labels.js';
import { periodText } from '../text/period-text.js';

export async function runTemplate(ref: ReferenceData, io: CliIo, opts: { month: Period; framework: string; out: string }): Promise<void> {
  const framework = getFramework(opts.framework, ref.frameworks);
  const [{ requireUnitsInScope }, { writeTemplate }] = await Promise.all([import('../pipeline/score-month.js'), import('../../connectors/template/template-writer.js')]);
  // A month without units is an error naming the province and month, never an empty workbook.
  const units = requireUnitsInScope(ref, framework, opts.month);
  await writeTemplate({
    framework,
    metrics: frameworkMetrics(framework),
    period: opts.month,
    units: units.map((u) => ({ code: u.code, displayName: u.displayName })),
    out: opts.out,
  });
  io.out(`Đã tạo mẫu ${opts.out}: ${units.length} đơn vị × ${frameworkMetrics(framework).length} chỉ tiêu, ${periodText(opts.month)}.`);
}

export async function runFrameworks(ref: ReferenceData, io: CliIo): Promise<void> {
  for (const fw of ref.frameworks.values()) {
    io.out(`${fw.key} — ${fw.title} (${fw.maxTotal} điểm, quy đổi thang ${fw.conversion.scale}, từ ${fw.validFrom})`);
    for (const ind of fw.indicators) {
      const rule = ind.rule.type === 'linear' ? 'tuyến tính' : `mục tiêu ${ind.rule.target * 100}%`;
      io.out(`    ${ind.key.padEnd(34)} ${String(ind.max).padStart(3)} điểm  ${rule}; mẫu số rỗng: ${label(EMPTY_RULE_LABELS, ind.empty)}; ${ind.label}`);
    }
  }
}
