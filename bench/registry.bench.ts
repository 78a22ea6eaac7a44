// Benchmark: the unit registry at start-up (the file's shape validated, today's 3,321 communes checked and
// indexed, in a fresh process; target < 100 ms), what one province's old communes and lineage add on first
// use, and lookups.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parsePeriod } from '../src/core/period.js';
import { readUnitData } from '../src/units/unit-registry-files.js';
import { UnitRegistryIndex } from '../src/units/unit-registry.js';

export interface RegistryLoad {
  /** read + JSON.parse + zod (shape) + today's rows checked and expanded + merge of the hand-kept files. */
  readonly readMs: number;
  /** indexes by code/province/portal id + lineage resolved and checked (unknown codes, contradictions, cycles). */
  readonly indexMs: number;
  readonly totalMs: number;
  readonly cpuMs: number;
  /** Units ready at start-up (today's country and the hand-kept files). */
  readonly units: number;
  /** First lookup of a month before the reform: every old row's code indexed, one province's units read, indexed and their links checked. */
  readonly oldMs: number;
  /** First lineage question: every link resolved. */
  readonly lineageMs: number;
  readonly allUnits: number;
}

export interface RegistryBenchResult {
  readonly runs: readonly RegistryLoad[];
  readonly medianMs: number;
  readonly maxMs: number;
  /** Wall time of `node -e 0` measured alongside (median): the machine's pace at that moment. */
  readonly nodeStartMs: number;
  readonly lookups: { readonly byCodeNs: number; readonly firstNameMatchMs: number; readonly nameMatchUs: number; readonly unitsOfUs: number };
}

/** One cold load, as a process starting up does it (modules imported, nothing indexed yet). */
function loadOnce(): RegistryLoad {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const data = readUnitData();
  const t1 = performance.now();
  const registry = new UnitRegistryIndex(data.units, { provinces: data.provinces, homeProvinces: data.homeProvinces, checkedLinks: data.checkedLinks, ...(data.later ? { later: data.later } : {}) });
  const t2 = performance.now();
  const used = process.cpuUsage(cpu);
  // Then what a month before the reform costs on top: the old rows indexed, Điện Biên's units read and checked.
  const t3 = performance.now();
  registry.byCode('03127', parsePeriod('2023-09'));
  const oldMs = performance.now() - t3;
  const t4 = performance.now();
  registry.predecessors(registry.byCode('03127', parsePeriod('2026-10'))!);
  const lineageMs = performance.now() - t4;
  return { readMs: t1 - t0, indexMs: t2 - t1, totalMs: t2 - t0, cpuMs: (used.user + used.system) / 1000, units: data.units.length, oldMs, lineageMs, allUnits: registry.units.length };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Cold loads in fresh processes, then lookups on one registry.
 * @example const r = await runRegistryBench({ runs: 7, log: console.error }); r.medianMs < 100
 */
export async function runRegistryBench(options: { runs?: number; log?: (s: string) => void } = {}): Promise<RegistryBenchResult> {
  const runs: RegistryLoad[] = [];
  const starts: number[] = [];
  const self = fileURLToPath(import.meta.url);
  for (let i = 0; i < (options.runs ?? 7); i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    starts.push(performance.now() - t0);
    const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--child'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`registry bench child failed: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout.trim().split('\n').at(-1)!) as RegistryLoad);
    options.log?.(`registry load ${i + 1}: ${runs.at(-1)!.totalMs.toFixed(1)} ms`);
  }
  const data = readUnitData();
  const registry = new UnitRegistryIndex(data.units, { provinces: data.provinces, homeProvinces: data.homeProvinces, checkedLinks: data.checkedLinks, ...(data.later ? { later: data.later } : {}) });
  const oct = parsePeriod('2026-10');
  const sept = parsePeriod('2023-09');
  const codes = registry.validIn(oct).map((u) => u.code);
  let t = performance.now();
  for (let i = 0; i < 100_000; i++) registry.byCode(codes[i % codes.length]!, i % 2 ? oct : sept);
  const byCodeNs = ((performance.now() - t) / 100_000) * 1e6;
  t = performance.now();
  registry.match({ name: 'UBND phường Him Lam' }, sept);
  const firstNameMatchMs = performance.now() - t;
  const names = registry.unitsOf('11', oct).map((u) => u.displayName);
  t = performance.now();
  for (let i = 0; i < 10_000; i++) registry.match({ name: names[i % names.length]! }, oct);
  const nameMatchUs = ((performance.now() - t) / 10_000) * 1000;
  t = performance.now();
  for (let i = 0; i < 1_000; i++) registry.unitsOf('11', i % 2 ? oct : sept);
  const unitsOfUs = ((performance.now() - t) / 1_000) * 1000;
  const totals = runs.map((r) => r.totalMs);
  return { runs, medianMs: median(totals), maxMs: Math.max(...totals), nodeStartMs: median(starts), lookups: { byCodeNs, firstNameMatchMs, nameMatchUs, unitsOfUs } };
}

if (process.argv.includes('--child') && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(loadOnce()));
}
