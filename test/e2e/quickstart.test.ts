// `npm start` on a fresh machine: the embedded store, the example month, the seed's table.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePrintedTable, spawnCli } from '../support/cli-runner.js';
import { seedAppendix } from '../support/example-month.js';

const num = (cell: string) => Number(cell.replace(',', '.'));
const classes: Record<string, string> = { TB: 'Trung bình' };

describe('npm start (quickstart on the embedded default)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dvc-sync-quickstart-'));

  it('prints the seed appendix, every cell, from raw counts', async () => {
    const run = await spawnCli([], { DVC_SYNC_DATA_DIR: dataDir });
    expect(run.err).not.toMatch(/Lỗi/);
    expect(run.code).toBe(0);
    const printed = parsePrintedTable(run.out);
    const seed = seedAppendix();
    expect(seed).toHaveLength(12);
    expect(printed).toHaveLength(12);
    for (const [i, expected] of seed.entries()) {
      const row = printed[i]!;
      expect(row.rank).toBe(expected.rank);
      // The seed writes "UBND Thanh Bình" in the narrative but the full name in the table.
      expect(row.name).toBe(expected.name);
      expect(row.cells.slice(0, 8).map(num)).toEqual(expected.points);
      expect(num(row.cells[8]!)).toBe(expected.total);
      expect(num(row.cells[9]!)).toBe(expected.converted);
      expect(classes[row.cells[10]!] ?? row.cells[10]).toBe(classes[expected.classification] ?? expected.classification);
    }
  });

  it('creates no second revision when run again', async () => {
    const run = await spawnCli([], { DVC_SYNC_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/đã nhập trước đó/);
    expect(run.err).toMatch(/không tạo phiên bản mới/);
    expect(run.out).toMatch(/phiên bản 1 \(đã công bố\)/);
    const list = await spawnCli(['snapshots', '--month', '2023-09'], { DVC_SYNC_DATA_DIR: dataDir });
    expect(list.out.match(/^Phiên bản \d+/gm)).toEqual(['Phiên bản 1']);
  });
});
