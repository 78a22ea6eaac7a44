// Worker liveness is one rule (src/runs/heartbeat.ts): `dvc-sync status`, /api/health and /metrics
// read the same heartbeats the same way, so they cannot disagree about who is alive.
import { describe, expect, it } from 'vitest';
import { runStatus } from '../../src/cli/ops-commands.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { checkHealth } from '../../src/dashboard/health.js';
import { LIVE_WITHIN_MS, livenessOf } from '../../src/runs/heartbeat.js';
import { openTestStore, testContext } from '../support/backends.js';

const ago = (now: Date, seconds: number) => new Date(now.getTime() - seconds * 1000);

describe('liveness', () => {
  it('counts a process alive up to 90 s after its last beat, and says how old the scheduler beat is', () => {
    const now = new Date('2026-11-30T09:00:00Z');
    const liveness = livenessOf(
      [
        { role: 'worker', instance: 'w-fresh', last_seen_at: ago(now, 5) },
        { role: 'worker', instance: 'w-late', last_seen_at: ago(now, 89) },
        { role: 'worker', instance: 'w-gone', last_seen_at: ago(now, 91) },
        { role: 'scheduler', instance: 's-old', last_seen_at: ago(now, 600) },
        { role: 'scheduler', instance: 's-new', last_seen_at: ago(now, 95) },
        { role: 'dashboard', instance: 'd', last_seen_at: ago(now, 1) },
      ],
      now,
    );
    expect(LIVE_WITHIN_MS).toBe(90_000);
    expect(liveness.workers.map((w) => w.instance)).toEqual(['w-fresh', 'w-late']);
    expect(liveness.scheduler).toMatchObject({ instance: 's-new', ageSeconds: 95, alive: false });
  });

  it('status and /api/health agree on a worker that beat 75 s ago', async () => {
    const { store, dispose } = await openTestStore('pglite');
    try {
      const ctx = testContext(store);
      const now = new Date();
      await store.db
        .insertInto('heartbeats')
        .values([
          { role: 'worker', instance: 'host-a:1', details: '{}', last_seen_at: ago(now, 75) },
          { role: 'worker', instance: 'host-b:2', details: '{}', last_seen_at: ago(now, 300) },
          { role: 'scheduler', instance: 'host-a:3', details: '{}', last_seen_at: ago(now, 20) },
        ])
        .execute();
      const lines: string[] = [];
      const io: CliIo = { env: {}, isTty: false, out: (t) => lines.push(t), err: (t) => lines.push(t) };
      await runStatus(ctx, io);
      expect(lines).toContain('Worker đang sống: 1 (host-a:1)');
      const health = await checkHealth(ctx, null, now);
      expect(health.workers).toEqual({ count: 1, instances: ['host-a:1'] });
      expect(health.scheduler.ageSeconds).toBe(20);
    } finally {
      await dispose();
    }
  });
});
