// `npm run bench`: every benchmark, printed as markdown; the figures go to docs/benchmarks.md.
import { cpus, totalmem } from 'node:os';
import { runCliBench } from './cli.bench.js';
import { runCountryBench } from './country.bench.js';
import { runDashboardBench } from './dashboard.bench.js';
import { runDossierCsvBench } from './dossier-csv.bench.js';
import { runQueueBench } from './queue.bench.js';
import { runRegistryBench } from './registry.bench.js';
import { runScoringBench } from './scoring.bench.js';

const databaseUrl = process.env.DATABASE_URL ?? process.env.DVC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? process.env.DVC_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const only = process.argv[2];
const log = (s: string) => process.stderr.write(`${s}\n`);

console.log(`# dvc-sync benchmarks — ${new Date().toISOString()}`);
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`);

if (!only || only === 'scoring') {
  const r = await runScoringBench({ databaseUrl, log });
  console.log('## Scoring: whole country for a year (target < 1 s)\n');
  console.log('| case | units × months | time |');
  console.log('|---|---|---|');
  console.log(`| scoreUnits, values in memory | ${r.units} × ${r.months} | ${r.inMemoryMs.toFixed(0)} ms |`);
  if (r.fromPostgresMs !== null) console.log(`| load stored values from Postgres + score | ${r.units} × ${r.months} | ${r.fromPostgresMs.toFixed(0)} ms (load ${r.loadMs!.toFixed(0)} ms) |`);
  console.log('');
}

if (!only || only === 'scoring' || only === 'country') {
  const r = await runCountryBench({ log });
  console.log("## Today's country from the registry: scoring stage and continuity across the reform (target < 1 s)\n");
  console.log('| case | size | time |');
  console.log('|---|---|---|');
  console.log(`| load the unit registry | ${r.units} communes of ${r.provinces} provinces valid in 2026 | ${r.registryLoadMs.toFixed(0)} ms |`);
  console.log(`| scoreUnits per province, 12 months of 2026 | ${r.units} × ${r.months} | ${r.scoringMs.toFixed(0)} ms |`);
  console.log(`| restate the previous month, 2025-07 … 2026-06 | ${r.restatedUnits} unit-months (July 2025: ${Object.entries(r.bases).map(([k, v]) => `${k} ${v}`).join(', ')}) | ${r.continuityMs.toFixed(0)} ms |`);
  console.log('');
}

if (!only || only === 'registry') {
  const r = await runRegistryBench({ log });
  const first = r.runs[0]!;
  console.log(`## Unit registry at start-up, cold, in a fresh process (target < 100 ms)\n`);
  console.log(`Start-up checks the file's shape (zod) and reads, checks and indexes the ${first.units} units of today; the ${first.allUnits - first.units} units of before 1/7/2025 are read a province at a time on the first lookup that needs them (a month up to 6/2025, a name), all of them for lineage.\n`);
  console.log('| run | read + parse + validate | index | start-up total | CPU (all threads) | then: one province of old units on first need | then: all lineage |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [i, run] of r.runs.entries()) {
    console.log(`| ${i + 1} | ${run.readMs.toFixed(1)} ms | ${run.indexMs.toFixed(1)} ms | ${run.totalMs.toFixed(1)} ms | ${run.cpuMs.toFixed(1)} ms | ${run.oldMs.toFixed(1)} ms | ${run.lineageMs.toFixed(1)} ms |`);
  }
  console.log(`\nStart-up median ${r.medianMs.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms; \`node -e 0\` meanwhile ${r.nodeStartMs.toFixed(0)} ms (start-up = ${(r.medianMs / r.nodeStartMs).toFixed(2)}× a bare Node start). Lookups: byCode ${r.lookups.byCodeNs.toFixed(0)} ns; first name match (reads the old units of the home province, indexes its names) ${r.lookups.firstNameMatchMs.toFixed(2)} ms, then ${r.lookups.nameMatchUs.toFixed(1)} µs; unitsOf(province, month) ${r.lookups.unitsOfUs.toFixed(1)} µs\n`);
}

if (!only || only === 'dossier-csv') {
  const { markdown } = await runDossierCsvBench({ log });
  console.log('## Dossier-level CSV: 1,000,000 rows (targets: ≥ 0.5× the floor, faster than csv-parse, RSS < 200 MB, 4M within 20 % of 1M)\n');
  console.log(markdown);
  console.log('');
}

if (!only || only === 'queue') {
  const r = await runQueueBench({ databaseUrl, redisUrl, log });
  console.log(`## Whole country, one month, through the queue (${r.provinces} provinces of the catalog, ${r.communes} communes of the registry + ${r.departments} provincial departments, fake portal in the real shapes, 50 ms per request, no pause; one run per province under qd766-2022@<code>)\n`);
  console.log('| workers | requests | floor (requests × 50 ms ÷ workers) | enqueue → last response received, archived, parsed | ratio to floor | after the last response (normalise + score + snapshot) | slowest score stage | wall | runs published | units published |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    console.log(
      `| ${row.workers} | ${row.requests} | ${(row.floorMs / 1000).toFixed(2)} s | ${(row.captureMs / 1000).toFixed(2)} s | ${(row.captureMs / row.floorMs).toFixed(2)}× | ${(row.afterLastResponseMs / 1000).toFixed(2)} s | ${row.scoreMs} ms | ${(row.wallMs / 1000).toFixed(2)} s | ${row.runs} | ${row.units} |`,
    );
  }
  console.log(`\nNo-op job, enqueue → complete: p50 ${r.noopP50Ms.toFixed(2)} ms, p95 ${r.noopP95Ms.toFixed(2)} ms (target p50 < 5 ms)\n`);
}

if (!only || only === 'dashboard') {
  const { markdown } = await runDashboardBench({ databaseUrl, log });
  console.log('## Dashboard server time (34 provinces × 24 months of snapshots; target < 100 ms)\n');
  console.log(markdown);
  console.log('');
}

if (!only || only === 'cli') {
  const { markdown } = await runCliBench({ log });
  console.log('## CLI start-up, compiled (targets: --help ≤ 0.3 s and ≤ 4× node -e 0; frameworks ≤ 0.5 s, no store; report --format json ≤ 1.5× a bare PGlite open + query)\n');
  console.log(markdown);
  console.log('');
}
