// Writes the example month of today's country: Tỉnh Điện Biên, October 2026, every commune the unit
// registry holds for that month (45), with counts drawn from the seeded PRNG — the manual-template
// CSV (all metrics, also what the fake portal answers from) and the one-door II.06a export as CSV in
// a drop folder. Run: node --import tsx examples/dien-bien-2026-10/generate.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { generateCounts, writeTemplateCsv } from '../../test/support/generated-month.js';
import { oneDoorCsv } from '../../test/support/one-door-export.js';

export const EXAMPLE_2026_DIR = fileURLToPath(new URL('./', import.meta.url));
export const EXAMPLE_2026_PERIOD = parsePeriod('2026-10');
export const EXAMPLE_2026_SEED = 202610;
export const EXAMPLE_2026_CSV = `${EXAMPLE_2026_DIR}so-lieu-2026-10.csv`;
/** The drop folder (DVC_ONE_DOOR_DIR): `<dir>/2026-10/bieu-ii06a-thang-10.csv`. */
export const EXAMPLE_2026_DROP = `${EXAMPLE_2026_DIR}mot-cua`;

/** The communes of Tỉnh Điện Biên in October 2026, by code. */
export function example2026Units() {
  return loadUnitRegistry()
    .validIn(EXAMPLE_2026_PERIOD, { provinceCode: '11', level: 'commune' })
    .sort((a, b) => a.code.localeCompare(b.code));
}

function main(): void {
  const units = example2026Units();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const counts = generateCounts(units.map((u) => u.code), EXAMPLE_2026_SEED);
  writeTemplateCsv(EXAMPLE_2026_CSV, counts, (code) => byCode.get(code)!.name);
  mkdirSync(`${EXAMPLE_2026_DROP}/2026-10`, { recursive: true });
  writeFileSync(
    `${EXAMPLE_2026_DROP}/2026-10/bieu-ii06a-thang-10.csv`,
    oneDoorCsv({ counts, nameOf: (code) => byCode.get(code)!.displayName, title: 'Tháng 10 năm 2026' }),
  );
  console.log(`${units.length} xã, phường → ${EXAMPLE_2026_CSV}, ${EXAMPLE_2026_DROP}/2026-10/`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
