// Benchmark of the dossier-list path on one generated file: the floor (read + split lines), bare
// csv-parse (columns: true) and bare papaparse (header: true), and our full parse-and-aggregate;
// peak RSS of ours at 1M and 4M rows; and a 100,000-row XLSX list. Every case runs in its own
// child process so its peak RSS is its own.
//   node --import tsx bench/dossier-csv.bench.ts [--rows 1000000] [--big-rows 4000000] [--xlsx-rows 100000]
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as csvParse } from 'csv-parse';
import Papa from 'papaparse';
import { parseDossierList } from '../connectors/dossier-list/dossier-list-parser.js';
import { parsePeriod } from '../src/core/period.js';
import { loadUnitRegistry } from '../src/units/unit-registry.js';
import { generateDossierCsv, generateDossierXlsx } from './dossier-csv-generator.js';

export type DossierBenchCaseName = 'floor' | 'csv-parse' | 'papaparse' | 'ours' | 'ours-xlsx';

export interface DossierBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly peakRssMb: number;
}

export interface DossierCsvBenchOptions {
  /** Rows of the main CSV (default 1,000,000). */
  readonly rows?: number;
  /** Rows of the large CSV used for the memory comparison (default 4,000,000; 0 skips it). */
  readonly bigRows?: number;
  /** Rows of the XLSX list (default 100,000; 0 skips it). */
  readonly xlsxRows?: number;
  readonly seed?: number;
  /** Progress lines (default: stderr). */
  readonly log?: (line: string) => void;
}

export interface DossierCsvBenchReport {
  readonly results: readonly DossierBenchResult[];
  readonly markdown: string;
}

const SELF = fileURLToPath(import.meta.url);

/**
 * Runs one case in this process (timing and RSS are measured around it) and returns the rows it
 * saw: records for the CSV parsers, physical lines for the floor (quoted newlines make more lines
 * than records), -1 for ours (its output is metrics; rows are known from the generator).
 */
async function runCase(name: DossierBenchCaseName, path: string): Promise<number> {
  switch (name) {
    case 'floor': {
      let lines = 0;
      let rest = '';
      for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 })) {
        const parts = (rest + (chunk as string)).split('\n');
        rest = parts.pop()!;
        lines += parts.length;
      }
      return lines + (rest === '' ? 0 : 1);
    }
    case 'csv-parse': {
      let rows = 0;
      for await (const record of createReadStream(path).pipe(csvParse({ columns: true, bom: true }))) if (record) rows++;
      return rows;
    }
    case 'papaparse': {
      let rows = 0;
      await new Promise<void>((resolve, reject) => {
        // A utf8-decoding stream: on raw bytes papaparse garbles characters cut by chunk boundaries.
        Papa.parse<Record<string, string>>(createReadStream(path, { encoding: 'utf8' }), {
          header: true,
          skipEmptyLines: true,
          step: () => void rows++,
          complete: () => resolve(),
          error: (error: Error) => reject(error),
        });
      });
      return rows;
    }
    case 'ours':
    case 'ours-xlsx': {
      const period = parsePeriod('2023-09');
      const registry = loadUnitRegistry();
      const fileName = path.split('/').pop()!;
      let metrics = 0;
      let problems = 0;
      const capture = { source: 'dossier-list' as const, period, scope: null, fileName, mediaType: 'application/octet-stream', content: { kind: 'file' as const, path }, metadata: {} };
      for await (const event of parseDossierList(capture, { period, registry })) {
        if (event.kind === 'metric') metrics++;
        else problems++;
      }
      if (metrics === 0 || problems > 0) throw new Error(`unexpected result: ${metrics} metrics, ${problems} problems`);
      return -1;
    }
  }
}

/** Runs one case in a child process (fresh heap, its own peak RSS). */
async function runChild(name: DossierBenchCaseName, path: string, rows: number, bytes: number): Promise<DossierBenchResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--child', name, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`bench case ${name} failed (exit ${code}): ${output}`);
  const measured = JSON.parse(output.trim().split('\n').pop()!) as { seconds: number; rows: number; peakRssMb: number };
  if ((name === 'csv-parse' || name === 'papaparse') && measured.rows !== rows) throw new Error(`bench case ${name} read ${measured.rows} rows, expected ${rows}`);
  return { name, rows, bytes, seconds: measured.seconds, rowsPerSecond: rows / measured.seconds, peakRssMb: measured.peakRssMb };
}

function markdownTable(results: readonly DossierBenchResult[]): string {
  const lines = ['| case | rows | MB | seconds | rows/s | peak RSS (MB) |', '|---|---:|---:|---:|---:|---:|'];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.rows.toLocaleString('en-US')} | ${(r.bytes / 1e6).toFixed(0)} | ${r.seconds.toFixed(2)} | ${Math.round(r.rowsPerSecond).toLocaleString('en-US')} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Generates the files (once) and runs every case, each in its own child process.
 * @example const { markdown } = await runDossierCsvBench({ rows: 1_000_000 }); console.log(markdown);
 */
export async function runDossierCsvBench(options: DossierCsvBenchOptions = {}): Promise<DossierCsvBenchReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rows = options.rows ?? 1_000_000;
  const bigRows = options.bigRows ?? 4_000_000;
  const xlsxRows = options.xlsxRows ?? 100_000;
  const seed = options.seed ?? 766;
  log(`generating ${rows} rows...`);
  const main = await generateDossierCsv({ rows, seed });
  const results: DossierBenchResult[] = [];
  for (const name of ['floor', 'csv-parse', 'papaparse', 'ours'] as const) {
    log(`running ${name} on ${rows} rows...`);
    const result = await runChild(name, main.path, rows, main.bytes);
    results.push({ ...result, name: name === 'ours' ? 'ours: parse + aggregate' : name === 'floor' ? 'floor: read + split lines' : `bare ${name}` });
  }
  if (bigRows > 0) {
    log(`generating ${bigRows} rows...`);
    const big = await generateDossierCsv({ rows: bigRows, seed });
    log(`running ours on ${bigRows} rows...`);
    results.push({ ...(await runChild('ours', big.path, bigRows, big.bytes)), name: 'ours: parse + aggregate' });
  }
  if (xlsxRows > 0) {
    log(`generating ${xlsxRows} XLSX rows...`);
    const xlsx = await generateDossierXlsx({ rows: xlsxRows, seed });
    log(`running ours on the XLSX...`);
    results.push({ ...(await runChild('ours-xlsx', xlsx.path, xlsxRows, xlsx.bytes)), name: 'ours: XLSX list (exceljs stream)' });
  }
  return { results, markdown: markdownTable(results) };
}

async function childMain(name: DossierBenchCaseName, path: string): Promise<void> {
  const start = performance.now();
  const rows = await runCase(name, path);
  const seconds = (performance.now() - start) / 1000;
  process.stdout.write(`${JSON.stringify({ seconds, rows, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
}

function argument(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const child = argument('--child');
  if (child !== undefined) {
    await childMain(child as DossierBenchCaseName, process.argv[process.argv.indexOf('--child') + 2]!);
  } else {
    const number = (flag: string): number | undefined => (argument(flag) === undefined ? undefined : Number(argument(flag)));
    const report = await runDossierCsvBench({ rows: number('--rows'), bigRows: number('--big-rows'), xlsxRows: number('--xlsx-rows') });
    process.stdout.write(`${report.markdown}\n`);
  }
}
