// Small CLI commands over the store: migrate, score, snapshots.
import type { AppContext } from '../app-context.js';
import { formatDecimal } from '../core/rounding.js';
import { periodTerm, type Period } from '../core/period.js';
import { getFramework } from '../frameworks/framework.js';
import { periodScoringBasis, scoreMonth } from '../pipeline/score-month.js';
import type { UnitScore } from '../scoring/score-framework.js';
import { statusLabel } from '../reports/appendix-table.js';
import { listRevisions } from '../snapshots/snapshot-store.js';
import { migrateToLatest } from '../store/database.js';
import { hostname, userInfo } from 'node:os';
import { publicationText } from '../snapshots/publication-text.js';
import type { CliIo } from './cli-io.js';
import { clockTime } from '../text/time-text.js';
import { label, TRIGGER_LABELS } from '../text/labels.js';
import { periodText } from '../text/period-text.js';

export async function runMigrate(ctx: AppContext, io: CliIo): Promise<void> {
  // Opening the context applied what was pending; say exactly that (a second call finds nothing to do).
  const applied = ctx.migrationsApplied ?? (await migrateToLatest(ctx.store.db));
  const where = `Cơ sở dữ liệu ${ctx.store.backend} (${ctx.store.location})`;
  io.out(
    applied.length
      ? `${where}: đã tạo/cập nhật lược đồ: ${applied.length} bước (${applied.join(', ')}).`
      : `${where} đã ở phiên bản mới nhất; không có bước nào phải chạy.`,
  );
}

export async function runScore(
  ctx: AppContext,
  io: CliIo,
  opts: { period: Period; framework: string; allowIncomplete?: boolean; force?: boolean },
): Promise<void> {
  const result = await scoreMonth(ctx, {
    period: opts.period,
    framework: opts.framework,
    trigger: 'manual',
    allowIncomplete: opts.allowIncomplete ?? false,
    force: opts.force ?? false,
    actor: cliActor(),
  });
  const s = result.snapshot;
  io.out(
    result.created
      ? `Đã ghi bảng điểm ${periodTerm(s.period as Period)} (${s.framework}), phiên bản ${s.revision}: ${s.unitCount} đơn vị, ${statusLabel(s.status)}.`
      : result.publishedNow
        ? `Số liệu ${periodTerm(s.period as Period)} không đổi: đã công bố phiên bản ${s.revision} dù chưa đủ số liệu (--allow-incomplete).`
        : `Số liệu ${periodTerm(s.period as Period)} không đổi: giữ phiên bản ${s.revision} (${statusLabel(s.status)}).`,
  );
  const basis = periodScoringBasis(opts.period);
  if (basis) io.out(nonMonthScoreNote(basis, opts.period, result.scores));
  const incomplete = result.scores.filter((u) => u.missing.length);
  if (incomplete.length) {
    io.out(`Còn thiếu số liệu ở ${incomplete.length} đơn vị: ${incomplete.map((u) => `${u.name} (${u.missing.join(', ')})`).join('; ')}.`);
    if (!result.published) io.out('Bảng điểm chưa đủ nên chưa được công bố; dùng --allow-incomplete để công bố.');
  }
  for (const u of result.scores) for (const w of u.warnings) io.err(`Cảnh báo ${u.name}: ${w}`);
}

export async function runSnapshots(ctx: AppContext, io: CliIo, opts: { period: Period; framework: string }): Promise<void> {
  const framework = getFramework(opts.framework, ctx.frameworks);
  const revisions = await listRevisions(ctx.store.db, framework.key, opts.period);
  if (!revisions.length) {
    io.out(`Chưa có bảng điểm ${periodText(opts.period)} (${framework.key}).`);
    return;
  }
  for (const r of revisions) {
    io.out(
      `Phiên bản ${r.revision} — ${clockTime(r.createdAt)} — ${label(TRIGGER_LABELS, r.trigger)} — ${statusLabel(r.status)} — ${r.unitCount} đơn vị — mã số liệu ${r.inputsHash.slice(0, 12)}`,
    );
    if (r.publication) io.out(`    ${publicationText(r.publication)}`);
    if (r.revision > 1) {
      if (!r.changes.length) io.out('    (không có thay đổi về điểm)');
      for (const c of r.changes) {
        const fields = c.fields.map((f) => `${f.field}: ${show(f.before)} → ${show(f.after)}`).join('; ');
        io.out(`    ${c.unitName} (${c.unitCode}) ${c.kind === 'changed' ? fields : c.kind === 'added' ? 'mới có' : 'không còn'}`);
      }
    }
  }
}

/** How a quarter or a year was scored, and which indicators the period has no values for. */
function nonMonthScoreNote(basis: string, period: Period, scores: readonly UnitScore[]): string {
  const missing = new Map<string, number>();
  for (const u of scores) for (const key of u.missing) missing.set(key, (missing.get(key) ?? 0) + 1);
  const gaps = [...missing].map(([key, n]) => `${key} (${n} đơn vị)`).join(', ');
  return `${basis.charAt(0).toUpperCase()}${basis.slice(1)}. ${gaps ? `Chỉ tiêu chưa có số liệu ${periodTerm(period)}: ${gaps}.` : `Mọi chỉ tiêu đều có số liệu ${periodTerm(period)}.`}`;
}

/** Who runs this command, recorded with what it publishes: "user@host". */
function cliActor(): string {
  let user = 'không rõ';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): the host still says where it came from
  }
  return `${user}@${hostname()}`;
}

const show = (v: number | string | null) => (v === null ? '—' : typeof v === 'number' ? formatDecimal(v, Number.isInteger(v) ? 0 : 2) : v);
