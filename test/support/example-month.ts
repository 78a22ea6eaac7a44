// The example month (Điện Biên Phủ, 2023-09) and the seed's appendix table, for assertions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = fileURLToPath(new URL('../../examples/dien-bien-phu-2023-09/', import.meta.url));
export const EXAMPLE_CSV = `${EXAMPLE_DIR}so-lieu-2023-09.csv`;
export const SEED_REPORT = fileURLToPath(new URL('../../../shared/seed/bao-cao-dien-bien-phu-2023-09.txt', import.meta.url));

/** The example counts: unit code → metric key → value (read from the example CSV). */
export function exampleCounts(): Map<string, Record<string, number>> {
  const [header, ...lines] = readFileSync(EXAMPLE_CSV, 'utf8').trim().split('\n');
  const keys = splitCsvLine(header!).map((h) => /\[([a-z0-9_]+)\]$/.exec(h)?.[1] ?? h);
  const out = new Map<string, Record<string, number>>();
  for (const line of lines) {
    const cells = splitCsvLine(line);
    const values: Record<string, number> = {};
    keys.forEach((k, i) => {
      if (i >= 2) values[k] = Number(cells[i]);
    });
    out.set(cells[0]!, values);
  }
  return out;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

export interface SeedRow {
  rank: number;
  name: string;
  points: number[];
  total: number;
  converted: number;
  classification: string;
}

/** The appendix table of the hand-written seed report, parsed from the seed file itself. */
export function seedAppendix(): SeedRow[] {
  const text = readFileSync(SEED_REPORT, 'utf8');
  const rows: SeedRow[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('\t');
    if (cells.length !== 13 || !/^\d+$/.test(cells[0]!)) continue;
    const num = (s: string) => Number(s.replace(',', '.'));
    rows.push({
      rank: Number(cells[0]),
      name: cells[1]!,
      points: cells.slice(2, 10).map(num),
      total: num(cells[10]!),
      converted: num(cells[11]!),
      classification: cells[12]!.trim(),
    });
  }
  return rows;
}
