// The layers of dvc-sync (docs/decisions/0011-kernel-layers.md), each importing only downward:
//   entry points (src/cli, src/dashboard, bin) → jobs/ → src/pipeline → src/{store,frameworks,
//   scoring,snapshots,runs,reports,units,reconcile,…} → connectors/ → src/core (the kernel).
// `npm run lint:layers` fails naming the rule a wrong import breaks.
const KERNEL = '^src/core/';
const ENTRY = '^(src/cli|src/dashboard)/|^bin/';
const JOBS = '^jobs/';
const PIPELINE = '^src/pipeline/';
const DOMAIN = '^src/(?!core/|pipeline/|cli/|dashboard/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-imports-nothing',
      comment: 'src/core is the kernel: it imports nothing else of the project.',
      severity: 'error',
      from: { path: KERNEL },
      to: { path: '^(src|connectors|jobs|schema|bin)/', pathNot: KERNEL },
    },
    {
      name: 'connectors-import-only-the-kernel',
      comment: 'A connector imports only the kernel (src/core) and its own shapes (schema/portal): never the rest of src/, jobs/ or the table types.',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: '^(src|jobs|bin)/|^schema/', pathNot: `${KERNEL}|^schema/portal/` },
    },
    {
      name: 'only-the-registry-knows-connectors',
      comment: 'Above connectors/, only connectors/registry.ts chooses a connector (the template writer is the template source written backwards).',
      severity: 'error',
      from: { path: '^(src|jobs|bin)/' },
      to: { path: '^connectors/', pathNot: '^connectors/(registry|template/template-writer)\\.ts$' },
    },
    {
      name: 'stores-know-no-connector',
      comment: 'src/store keeps captures, values and state; it imports no connector, not even the registry.',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^connectors/' },
    },
    {
      name: 'domain-stays-below-pipeline',
      comment: 'Stores, frameworks, scoring, snapshots, runs, reports and units import neither the pipeline, nor jobs/, nor an entry point.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: `${PIPELINE}|${JOBS}|${ENTRY}` },
    },
    {
      name: 'pipeline-stays-below-jobs',
      comment: 'src/pipeline (capture, ingest, score, the inline launcher) imports neither jobs/ nor an entry point.',
      severity: 'error',
      from: { path: PIPELINE },
      to: { path: `${JOBS}|${ENTRY}` },
    },
    {
      name: 'jobs-stay-below-entry-points',
      comment: 'jobs/ is queue wiring: it imports no entry point (src/cli, src/dashboard).',
      severity: 'error',
      from: { path: JOBS },
      to: { path: ENTRY },
    },
    {
      name: 'schema-below-store',
      comment: 'schema/ (migrations, table types, portal shapes) imports only the kernel; its build scripts (schema/units/build-*.ts) are tools, not layers.',
      severity: 'error',
      from: { path: '^schema/', pathNot: '^schema/units/build-' },
      to: { path: '^(src|connectors|jobs|bin)/', pathNot: KERNEL },
    },
    {
      name: 'kysely-values-from-one-place',
      comment: "Kysely's values come from src/store/kysely.ts (its require() build, decision 0019); a value import of 'kysely' elsewhere loads its ES build too. Types may come from 'kysely'. Migrations (schema/) import it directly: they load only when there is something to apply.",
      severity: 'error',
      from: { path: '^(src|jobs|connectors|bin)/', pathNot: '^src/store/kysely[.]ts$' },
      to: { path: 'node_modules/kysely/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No module runs code of a module that imports it: a cycle is a climb back up (a cycle closed only by a type import runs nothing).',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(test|bench|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
