// Small CLI commands over the store: migrate, score, snapshots.
import type { AppContext } from '../app-context.js';
import { formatDecimal } from '../core/rounding.js';
import type { Period } from '../core/period.js';
import { getFramework } from '../frameworks/framework.js';
import { scoreMonth } from '../pipeline/score-month.js';
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
  opts: { month: Period; framework: string; allowIncomplete?: boolean; force?: boolean },
): Promise<void> {
  const result = await scoreMonth(ctx, {
    period: opts.month,
    framework: opts.framework,
    trigger: 'manual',
    allowIncomplete: opts.allowIncomplete ?? false,
    force: opts.force ?? false,
    actor: cliActor(),
  });
  const s = result.snapshot;
  io.out(
    result.created
      ? `Đã ghi bảng điểm tháng ${s.period} (${s.framework}), phiên bản ${s.revision}: ${s.unitCount} đơn vị, ${statusLabel(s.status)}.`
      : result.publishedNow
        ? `Số liệu tháng ${s.period} không đổi: đã công bố phiên bản ${s.revision} dù chưa đủ số liệu (--allow-incomplete).`
        : `Số liệu tháng ${s.period} không đổi: giữ phiên bản ${s.revision} (${statusLabel(s.status)}).`,
  );
  const incomplete = result.scores.filter((u) => u.missing.length);
  if (incomplete.length) {
    io.out(`Còn thiếu số liệu ở ${incomplete.length} đơn vị: ${incomplete.map((u) => `${u.name} (${u.missing.join(', ')})`).join('; ')}.`);
    if (!result.published) io.out('Bảng điểm chưa đủ nên chưa được công bố; dùng --allow-incomplete để công bố.');
  }
  for (const u of result.scores) for (const w of u.warnings) io.err(`Cảnh báo ${u.name}: ${w}`);
}

export async function runSnapshots(ctx: AppContext, io: CliIo, opts: { month: Period; framework: string }): Promise<void> {
  const framework = getFramework(opts.framework, ctx.frameworks);
  const revisions = await listRevisions(ctx.store.db, framework.key, opts.month);
  if (!revisions.length) {
    io.out(`Chưa có bảng điểm ${periodText(opts.month)} (${framework.key}).`);
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
