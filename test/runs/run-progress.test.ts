// Issue 12 item 1: a run's state is derived from its steps in one pure function, so no surface can
// show a failed step under a running run; steps carry attempts, the next try and a duration from the
// first start; the words name the attempt, the next try in Vietnam time and the error.
import { describe, expect, it } from 'vitest';
import type { RunStage, RunStatus } from '../../schema/tables.js';
import { backoffDelay } from '../../jobs/workers.js';
import { runProgress, type RunForProgress } from '../../src/runs/run-progress.js';
import { stepNote } from '../../src/runs/run-progress-text.js';

const T0 = Date.parse('2026-11-30T03:00:00Z'); // 10:00:00 in Vietnam
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const run = (status: RunStatus, stages: RunStage[], extra: Partial<RunForProgress> = {}): RunForProgress => ({
  status,
  sources: ['capture:portal:11', 'capture:one-door:11'],
  stages,
  createdAt: new Date(T0 - 5000),
  startedAt: status === 'queued' ? null : new Date(T0),
  finishedAt: null,
  ...extra,
});
const now = new Date(T0 + 90_000);

describe('runProgress', () => {
  it('lists planned steps as waiting before anything started, and the run as queued', () => {
    const p = runProgress(run('queued', []), now);
    expect(p.steps.map((s) => [s.name, s.state])).toEqual([
      ['capture:portal:11', 'waiting'],
      ['capture:one-door:11', 'waiting'],
      ['score', 'waiting'],
    ]);
    expect(p.state).toBe('queued');
    expect(p.active).toBe(true);
  });

  it('shows a retrying step with its attempt, next try and error, and the run as retrying', () => {
    const stages: RunStage[] = [
      { name: 'capture:portal:11', status: 'retrying', startedAt: at(20), firstStartedAt: at(0), finishedAt: at(30), ms: 10_000, attempt: 2, maxAttempts: 3, error: 'Cổng trả lời 503', nextAttemptAt: at(150) },
      { name: 'capture:one-door:11', status: 'succeeded', startedAt: at(0), finishedAt: at(2), ms: 2000 },
    ];
    const p = runProgress(run('running', stages), now);
    const portal = p.steps[0]!;
    expect(portal).toMatchObject({ state: 'retrying', attempt: 2, maxAttempts: 3, nextAttemptAt: at(150), error: 'Cổng trả lời 503', startedAt: at(0), finishedAt: null });
    expect(portal.elapsedMs).toBe(90_000); // from the first attempt's start to now: still under way
    expect(p.state).toBe('retrying');
    expect(p.counts).toMatchObject({ retrying: 1, done: 1, waiting: 1 });
    expect(stepNote(portal)).toBe('lần 2/3 lỗi: Cổng trả lời 503; thử lại lúc 10:02:30 (giờ Việt Nam)');
  });

  it('never shows a failed step under a running run: the run is failing until it ends', () => {
    const stages: RunStage[] = [
      { name: 'capture:portal:11', status: 'failed', startedAt: at(60), firstStartedAt: at(0), finishedAt: at(70), ms: 10_000, attempt: 3, maxAttempts: 3, error: 'Cổng trả lời 503' },
      { name: 'score', status: 'running', startedAt: at(71) },
    ];
    const p = runProgress(run('running', stages), now);
    expect(p.state).toBe('failing');
    expect(p.steps[0]).toMatchObject({ state: 'failed', elapsedMs: 70_000 }); // spans all three attempts
    expect(stepNote(p.steps[0]!)).toBe('Cổng trả lời 503; đã thử lần 3/3');
    for (const status of ['queued', 'running'] as const) {
      const q = runProgress(run(status, stages), now);
      expect(q.steps.some((s) => s.state === 'failed') && ['running', 'queued', 'retrying'].includes(q.state)).toBe(false);
    }
  });

  it('ends every active step with the run: cut short when it failed, skipped when cancelled', () => {
    const stages: RunStage[] = [{ name: 'capture:portal:11', status: 'retrying', startedAt: at(0), finishedAt: at(5), attempt: 1, maxAttempts: 3, error: 'hết giờ', nextAttemptAt: at(65) }];
    const failed = runProgress(run('failed', stages, { finishedAt: new Date(T0 + 80_000) }), now);
    expect(failed.state).toBe('failed');
    expect(failed.steps.map((s) => s.state)).toEqual(['failed', 'skipped', 'skipped']);
    expect(failed.steps[0]!.elapsedMs).toBe(5000);
    expect(failed.active).toBe(false);
    const cancelled = runProgress(run('cancelled', [{ name: 'capture:portal:11', status: 'running', startedAt: at(0) }], { finishedAt: new Date(T0 + 30_000) }), now);
    expect(cancelled.steps.map((s) => s.state)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(cancelled.steps[0]).toMatchObject({ elapsedMs: 30_000, error: 'Bước bị dừng khi lượt chạy kết thúc' });
  });

  it('tells a second attempt that is running again about the previous error', () => {
    const p = runProgress(run('running', [{ name: 'capture:portal:11', status: 'running', startedAt: at(60), firstStartedAt: at(0), attempt: 2, maxAttempts: 3, lastError: 'Cổng trả lời 503' }]), now);
    expect(p.state).toBe('running');
    expect(stepNote(p.steps[0]!)).toBe('đang thử lần 2/3; lần trước lỗi: Cổng trả lời 503');
    expect(p.elapsedMs).toBe(90_000);
  });

  it('keeps stages it did not plan (an older run) after the planned ones', () => {
    const p = runProgress(run('succeeded', [{ name: 'capture:portal-legacy:11', status: 'succeeded', startedAt: at(0), finishedAt: at(1) }], { sources: [], finishedAt: new Date(T0 + 2000) }), now);
    expect(p.steps.map((s) => [s.name, s.state])).toEqual([
      ['score', 'skipped'],
      ['capture:portal-legacy:11', 'done'],
    ]);
  });
});

describe('backoffDelay', () => {
  it("follows BullMQ's exponential and fixed backoffs", () => {
    expect([1, 2, 3].map((n) => backoffDelay({ type: 'exponential', delay: 60_000 }, n))).toEqual([60_000, 120_000, 240_000]);
    expect(backoffDelay({ type: 'fixed', delay: 5000 }, 3)).toBe(5000);
    expect(backoffDelay(undefined, 1)).toBe(0);
  });
});
