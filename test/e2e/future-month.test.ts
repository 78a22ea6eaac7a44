// A month after the current month in Vietnam time is refused before any work: by import, score,
// sync and backfill on the command line, and by the dashboard's POST /api/runs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertNotFuturePeriod, FuturePeriodError, parsePeriod, periodOfInstant, shiftPeriod } from '../../src/core/period.js';
import { inlineRunLauncher } from '../../src/dashboard/run-launcher.js';
import { startDashboard, type DashboardServer } from '../../src/dashboard/server.js';
import { testContext } from '../support/backends.js';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';

describe('assertNotFuturePeriod', () => {
  it('decides by the calendar month in Asia/Ho_Chi_Minh (UTC+7), whatever the clock’s zone', () => {
    // 30 Nov 2026 16:59 UTC is 23:59 in Hà Nội: December has not begun.
    expect(() => assertNotFuturePeriod(parsePeriod('2026-12'), new Date('2026-11-30T16:59:59Z'))).toThrow(FuturePeriodError);
    // 17:00 UTC is midnight of 1 December in Hà Nội: December is the current month.
    expect(assertNotFuturePeriod(parsePeriod('2026-12'), new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(assertNotFuturePeriod(parsePeriod('2023-09'), new Date('2026-11-30T17:00:00Z'))).toBe('2023-09');
    const error = (() => {
      try {
        assertNotFuturePeriod(parsePeriod('2027-01'), new Date('2026-11-30T08:00:00Z'));
      } catch (e) {
        return e as FuturePeriodError;
      }
      return null;
    })();
    expect(error).toMatchObject({ code: 'FUTURE_PERIOD', period: '2027-01', current: '2026-11' });
    expect(error!.message).toBe(
      'Tháng 2027-01 (tháng 1 năm 2027) chưa đến: hôm nay thuộc tháng 11 năm 2026 (2026-11, giờ Việt Nam); chỉ nhập, chấm điểm hay đồng bộ được tháng hiện tại hoặc các tháng trước',
    );
  });
});

describe('entry points refuse a future month before any work', () => {
  const { dir, env, store: opened } = useCliDatabase('dvc-sync-future-');
  const current = periodOfInstant(new Date());
  const next = shiftPeriod(current, 1);

  const refusal = new RegExp(`Lỗi \\[FUTURE_PERIOD\\]: Tháng ${next} .* chưa đến: hôm nay thuộc .* \\(${current}, giờ Việt Nam\\)`);

  it('import, score, sync and backfill name the month and today’s month, and store nothing', async () => {
    const file = join(dir, 'mau.csv');
    writeFileSync(file, `period,unit_code,unit_name,metric,value\n${next},03127,Phường Him Lam,paid_online,5\n`);
    for (const args of [
      ['import', file, '--month', next, '--source', 'template'],
      ['score', '--month', next],
      ['sync', '--month', next],
      ['backfill', '--from', current, '--to', next, '--dry-run'],
    ]) {
      const run = await runCli(args, { ...env, DVC_PORTAL_URL: 'http://127.0.0.1:9' });
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.err, args.join(' ')).toMatch(refusal);
    }
    for (const table of ['captures', 'metric_values', 'runs', 'snapshots'] as const) {
      const n = await opened().db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n), table).toBe(0);
    }
  });

  it('POST /api/runs answers 400 naming the month, and starts no run', async () => {
    const ctx = testContext(opened());
    const dashboard: DashboardServer = await startDashboard({ ctx, launcher: inlineRunLauncher(ctx), queues: null, host: '127.0.0.1', port: 0, tokens: {} });
    try {
      const response = await fetch(`${dashboard.url}/api/runs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ month: next }) });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error?: string; message?: string };
      expect(JSON.stringify(body)).toMatch(new RegExp(`'month' = '${next}': Tháng ${next} .* chưa đến: hôm nay thuộc .* \\(${current}, giờ Việt Nam\\)`));
      const runs = await opened().db.selectFrom('runs').select('id').execute();
      expect(runs).toEqual([]);
    } finally {
      await dashboard.close();
    }
  });
});
