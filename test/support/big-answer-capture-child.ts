// Child process of the answer-size test: one portal capture against a portal answering ROWS rows,
// on a fresh Postgres database (PGlite alone takes most of a gigabyte), printing the peak RSS and what the capture said as one JSON line.
import { PORTAL_ONLY_PROVINCE, startBigPortal } from './big-portal-answer.js';
import { parsePeriod } from '../../src/core/period.js';
import { runCaptureTask } from '../../src/pipeline/capture-task.js';
import { migrateToLatest, openStore } from '../../src/store/database.js';
import { createTestDatabase, testContext } from './backends.js';

const rows = Number(process.env.BIG_ANSWER_ROWS ?? 1_000_000);
const portal = await startBigPortal(rows);
let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const database = await createTestDatabase();
const store = await openStore({ databaseUrl: database.url, dataDir: '' });
await migrateToLatest(store.db);
const ctx = testContext(store, { DVC_PORTAL_URL: portal.url });
let message = '';
try {
  await runCaptureTask(
    ctx,
    PORTAL_ONLY_PROVINCE,
    { source: 'portal', provinceCode: '11' },
    parsePeriod('2023-09'),
    { portal: { pauseMs: 0, retries: 0 } },
  );
} catch (error) {
  message = (error as Error).message;
}
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sample);
const archived = await store.db.selectFrom('captures').select(['size_bytes', 'archive_path']).execute();
await store.close();
await database.drop();
await portal.close();
process.stdout.write(`${JSON.stringify({ peakRss: peak, message, answerBytes: portal.bytes, archived })}\n`);
