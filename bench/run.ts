// `npm run bench`: every benchmark, printed as markdown; the figures go to docs/benchmarks.md.
import { cpus, totalmem } from 'node:os';
import { runDossierCsvBench } from './dossier-csv.bench.js';
import { runScoringBench } from './scoring.bench.js';

const databaseUrl = process.env.DATABASE_URL ?? process.env.DVC_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
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

if (!only || only === 'dossier-csv') {
  const { markdown } = await runDossierCsvBench({ log });
  console.log('## Dossier-level CSV: 1,000,000 rows (targets: ≥ 0.5× the floor, faster than csv-parse, RSS < 200 MB, 4M within 20 % of 1M)\n');
  console.log(markdown);
  console.log('');
}
