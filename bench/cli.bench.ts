// `npm run bench -- cli`: start-up cost of the compiled CLI measured side by side with Node itself and
// with a bare PGlite open + one query on the same data folder (wall time, CPU time and peak memory,
// median of several runs; CPU is the steadier figure on a shared machine).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'dvc-sync.js');
const TIME = '/usr/bin/time';

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssMb: number | null;
}

export interface CliBenchRow {
  readonly name: string;
  readonly wallMs: number;
  readonly cpuMs: number | null;
  readonly rssMb: number | null;
}

/** One run of `node args…`; CPU and peak RSS come from /usr/bin/time when the machine has it. */
function runOnce(args: string[], env: Record<string, string>): Promise<Sample> {
  const withTime = existsSync(TIME);
  const [command, argv] = withTime ? [TIME, ['-f', '@@%U %S %M', process.execPath, ...args]] : [process.execPath, args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`node ${args.join(' ')} exited ${code}: ${err}`));
      const times = /@@([\d.]+) ([\d.]+) (\d+)/.exec(err);
      resolve({ wallMs, cpuMs: times ? (Number(times[1]) + Number(times[2])) * 1000 : null, rssMb: times ? Number(times[3]) / 1024 : null });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(name: string, args: string[], env: Record<string, string>, runs: number): Promise<CliBenchRow> {
  await runOnce(args, env); // warm the file cache
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await runOnce(args, env));
  const cpu = samples.map((s) => s.cpuMs).filter((v): v is number => v !== null);
  const rss = samples.map((s) => s.rssMb).filter((v): v is number => v !== null);
  return { name, wallMs: median(samples.map((s) => s.wallMs)), cpuMs: cpu.length ? median(cpu) : null, rssMb: rss.length ? Math.max(...rss) : null };
}

const BARE_PGLITE = `
const { PGlite } = await import('@electric-sql/pglite');
const db = await PGlite.create(process.env.BENCH_PGLITE_DIR);
await db.query('select revision from snapshots order by id desc limit 1');
await db.close();`;

/**
 * Runs the CLI start-up benchmark: `node -e 0`, `--help`, `frameworks`, a bare PGlite open + query and
 * an embedded `report --format json`, on a data folder filled by `quickstart`.
 * @example const { rows, markdown } = await runCliBench({ log: console.error })
 */
export async function runCliBench(options: { runs?: number; log?: (line: string) => void } = {}): Promise<{ rows: CliBenchRow[]; markdown: string }> {
  const runs = options.runs ?? 5;
  const log = options.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'dvc-sync-cli-bench-'));
  const env = { DVC_SYNC_DATA_DIR: dataDir, DVC_LOG_LEVEL: 'warn' };
  try {
    log('cli: quickstart fills the embedded data folder…');
    await runOnce([BIN], env);
    const rows: CliBenchRow[] = [];
    const cases: [string, string[]][] = [
      ['node -e 0', ['-e', '0']],
      ['dvc-sync --help', [BIN, '--help']],
      ['dvc-sync frameworks', [BIN, 'frameworks']],
      ['bare PGlite open + one query', ['--input-type=module', '-e', BARE_PGLITE]],
      ['dvc-sync report --format json (embedded)', [BIN, 'report', '--month', '2023-09', '--format', 'json']],
    ];
    for (const [name, args] of cases) {
      log(`cli: ${name}`);
      rows.push(await measure(name, args, { ...env, BENCH_PGLITE_DIR: join(dataDir, 'pglite') }, runs));
    }
    return { rows, markdown: cliBenchMarkdown(rows, runs) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function cliBenchMarkdown(rows: readonly CliBenchRow[], runs: number): string {
  const by = (name: string) => rows.find((r) => r.name.startsWith(name))!;
  const ratio = (a: CliBenchRow, b: CliBenchRow, key: 'wallMs' | 'cpuMs') => (a[key] !== null && b[key] ? `${(a[key]! / b[key]!).toFixed(2)}×` : '—');
  const node = by('node -e 0');
  const bare = by('bare PGlite');
  const ms = (v: number | null) => (v === null ? '—' : `${(v / 1000).toFixed(2)} s`);
  const lines = [
    `| command | wall (median of ${runs}) | CPU user+sys | peak RSS | × node -e 0 (wall / CPU) | × bare PGlite (wall / CPU) |`,
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${ms(r.wallMs)} | ${ms(r.cpuMs)} | ${r.rssMb === null ? '—' : `${r.rssMb.toFixed(0)} MB`} | ${ratio(r, node, 'wallMs')} / ${ratio(r, node, 'cpuMs')} | ${ratio(r, bare, 'wallMs')} / ${ratio(r, bare, 'cpuMs')} |`,
    ),
  ];
  return lines.join('\n');
}
