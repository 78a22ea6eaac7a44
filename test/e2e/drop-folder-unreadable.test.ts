// A drop folder holding a good export and a file that looks like an export but cannot be read: the
// good file's values are stored, the bad file is archived, and the one-door capture fails naming it
// (what was found, what is missing), so nothing is lost and nobody is misled.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCliDatabase } from '../support/cli-database.js';
import { runCli } from '../support/cli-runner.js';
import { writeOneDoorExport } from '../support/one-door-export.js';

describe('sync --source one-door with an unreadable file beside a good one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dvc-sync-drop-'));
  const cli = useCliDatabase('dvc-sync-drop-db-');
  const run = (args: string[]) => runCli(args, { ...cli.env, DVC_ONE_DOOR_DIR: join(dir, 'one-door') });

  beforeAll(async () => {
    mkdirSync(join(dir, 'one-door', '2023-09'), { recursive: true });
    await writeOneDoorExport(join(dir, 'one-door', '2023-09', 'bieu-ii06a-thang-9.xlsx'));
    // A II.06a header cut short (only the resolved group): recognised as a one-door summary, but the
    // received and pending columns are missing.
    writeFileSync(join(dir, 'one-door', '2023-09', 'bieu-thieu-cot.csv'), 'STT,Tên đơn vị,Số lượng hồ sơ đã giải quyết,,\n,,Tổng số,Trước hạn,Đúng hạn\n1,UBND phường Him Lam,5,3,2\n');
  });

  it('stores the good file, keeps the bad one archived and fails the capture naming the bad file', async () => {
    const sync = await run(['sync', '--month', '2023-09', '--source', 'one-door']);
    expect(sync.code).not.toBe(0);
    expect(sync.out + sync.err).toMatch(/1 tệp không đọc được — bieu-thieu-cot\.csv: .*thiếu cột bắt buộc/);
    const db = cli.store().db;
    const captures = await db.selectFrom('captures').select(['id', 'file_name']).orderBy('id').execute();
    expect(captures.map((c) => c.file_name).sort()).toEqual(['bieu-ii06a-thang-9.xlsx', 'bieu-thieu-cot.csv']);
    const good = captures.find((c) => c.file_name === 'bieu-ii06a-thang-9.xlsx')!;
    const values = await db.selectFrom('metric_values').select((eb) => eb.fn.countAll<string>().as('n')).where('capture_id', '=', good.id).executeTakeFirstOrThrow();
    expect(Number(values.n)).toBeGreaterThan(12);
    const quarantine = await run(['quarantine', '--month', '2023-09']);
    expect(quarantine.out).toMatch(/bieu-thieu-cot\.csv/);
  });
});
