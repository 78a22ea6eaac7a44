// Portal answers and the archive: an answer above DVC_CAPTURE_INLINE_MAX_BYTES is archived as a file
// like a big upload; an answer above DVC_PORTAL_MAX_ANSWER_BYTES is refused before parsing (naming
// endpoint, province, size and limit), yet kept; a 10⁶-row answer (~190 MB) stays under 1 GB RSS.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { parsePeriod } from '../../src/core/period.js';
import { CaptureTaskError, runCaptureTask } from '../../src/pipeline/capture-task.js';
import { openTestStore, testContext } from '../support/backends.js';
import { PORTAL_ONLY_PROVINCE, startBigPortal } from '../support/big-portal-answer.js';
import { dienBienPhuPortalDataset, startFakePortal } from '../support/fake-portal.js';

const period = parsePeriod('2023-09');
const province = PORTAL_ONLY_PROVINCE;
const task = { source: 'portal', provinceCode: '11' } as const;
const tuning = { portal: { pauseMs: 0, retries: 0 } };

describe('portal answer sizes', () => {
  let dispose: () => Promise<void>;
  let store: Awaited<ReturnType<typeof openTestStore>>['store'];
  beforeAll(async () => {
    const opened = await openTestStore('postgres');
    store = opened.store;
    dispose = opened.dispose;
  });
  afterAll(async () => dispose());

  it('documents its defaults: 64 MiB per answer, 32 MiB inline', () => {
    expect(loadConfig({})).toMatchObject({ portalMaxAnswerBytes: 64 * 1024 * 1024, captureInlineMaxBytes: 32 * 1024 * 1024 });
    expect(() => loadConfig({ DVC_PORTAL_MAX_ANSWER_BYTES: '0' })).toThrow(/DVC_PORTAL_MAX_ANSWER_BYTES/);
  });

  it('archives answers larger than DVC_CAPTURE_INLINE_MAX_BYTES as files, and reads them', async () => {
    const portal = await startFakePortal(dienBienPhuPortalDataset());
    try {
      const ctx = testContext(store, { DVC_PORTAL_URL: portal.url, DVC_CAPTURE_INLINE_MAX_BYTES: '256' });
      const result = await runCaptureTask(ctx, province, task, period, tuning);
      expect(result.status).toBe('delivered');
      expect(result.metrics).toBeGreaterThan(0);
      const captures = await store.db.selectFrom('captures').select(['sha256', 'size_bytes', 'content', 'archive_path']).where('source', '=', 'portal').execute();
      expect(captures.length).toBe(result.captures);
      for (const capture of captures.filter((c) => c.size_bytes > 256)) {
        expect(capture.content).toBeNull();
        expect(capture.archive_path!.startsWith(join(ctx.config.dataDir, 'captures'))).toBe(true);
        const bytes = readFileSync(capture.archive_path!);
        expect(bytes.length).toBe(capture.size_bytes);
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(capture.sha256);
      }
      expect(captures.some((c) => c.size_bytes > 256)).toBe(true);
    } finally {
      await portal.close();
    }
  });

  it('refuses an answer over DVC_PORTAL_MAX_ANSWER_BYTES before parsing, names endpoint, province, size and limit, and keeps it', async () => {
    const portal = await startBigPortal(2000);
    try {
      const ctx = testContext(store, { DVC_PORTAL_URL: portal.url, DVC_PORTAL_MAX_ANSWER_BYTES: '100000', DVC_CAPTURE_INLINE_MAX_BYTES: '65536' });
      const error = await runCaptureTask(ctx, province, task, period, tuning).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CaptureTaskError);
      expect(error).toMatchObject({ kind: 'permanent' });
      const message = (error as Error).message;
      expect(message).toMatch(/Cổng DVCQG \(Tỉnh Điện Biên, tháng 2023-09\): Cổng DVCQG, endpoint '[a-z-]+', tháng 2023-09: /);
      expect(message).toContain(`Cổng trả câu trả lời ${portal.bytes} byte, lớn hơn giới hạn 100000 byte (DVC_PORTAL_MAX_ANSWER_BYTES)`);
      const kept = await store.db.selectFrom('captures').select(['size_bytes', 'archive_path', 'content', 'file_name', 'parse_error']).where('file_name', 'like', '%.refused.json').execute();
      expect(kept).toHaveLength(1);
      expect(kept[0]).toMatchObject({ size_bytes: portal.bytes, content: null });
      expect(statSync(kept[0]!.archive_path!).size).toBe(portal.bytes);
      expect(kept[0]!.parse_error).toMatch(/lớn hơn giới hạn 100000 byte/);
      // The spool file was moved into the archive, not left behind.
      const spool = join(ctx.config.dataDir, 'spool');
      expect(existsSync(spool) ? readdirSync(spool) : []).toEqual([]);
    } finally {
      await portal.close();
    }
  });
});

describe('a 10⁶-row portal answer', () => {
  it('is refused within 1 GB of RSS (child process), and archived whole', async () => {
    const child = fileURLToPath(new URL('../support/big-answer-capture-child.ts', import.meta.url));
    const output = await new Promise<string>((resolve, reject) => {
      const proc = spawn(process.execPath, ['--import', 'tsx', child], { env: { ...process.env, BIG_ANSWER_ROWS: '1000000', DVC_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      proc.stdout.on('data', (d) => (out += d));
      proc.on('error', reject);
      proc.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${out}`))));
    });
    const result = JSON.parse(output.trim().split('\n').at(-1)!) as { peakRss: number; message: string; answerBytes: number; archived: { size_bytes: number; archive_path: string | null }[] };
    expect(result.answerBytes).toBeGreaterThan(180 * 1024 * 1024);
    expect(result.message).toContain(`lớn hơn giới hạn ${64 * 1024 * 1024} byte (DVC_PORTAL_MAX_ANSWER_BYTES)`);
    expect(result.archived).toEqual([{ size_bytes: result.answerBytes, archive_path: expect.any(String) }]);
    expect(result.peakRss).toBeLessThan(1024 * 1024 * 1024);
    console.info(`10⁶-row answer (${result.answerBytes} bytes): peak RSS ${(result.peakRss / 1024 / 1024).toFixed(0)} MB`);
  }, 180_000);
});
