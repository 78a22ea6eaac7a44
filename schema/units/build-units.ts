// Builds schema/units/country/admin-2025.json (every province and commune before and after 1/7/2025,
// with lineage) from shared/data/admin-2025/. Run: npx tsx schema/units/build-units.ts [--from DIR] [--check]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCountryData, serializeCountryData } from '../../src/units/country-build.js';
import { countryDataSchema, expandCountryData } from '../../src/units/country-data.js';
import { COUNTRY_FILE } from '../../src/units/unit-registry-files.js';
import { UnitRegistryIndex } from '../../src/units/unit-registry.js';

const unitsDir = dirname(fileURLToPath(import.meta.url));
const repo = resolve(unitsDir, '../..');

/** `shared/data/admin-2025` beside the repository (or beside one of its parent folders, for worktrees). */
export function findSharedData(from: string = repo): string | null {
  for (let dir = resolve(from, '..'); ; dir = dirname(dir)) {
    const candidate = join(dir, 'shared', 'data', 'admin-2025');
    if (existsSync(join(candidate, 'merges.json'))) return candidate;
    if (dirname(dir) === dir) return null;
  }
}

/** Builds and validates the country file's text from a folder holding merges.json and splits.json. */
export function buildCountryFile(sourceDir: string): string {
  const read = (name: string) => readFileSync(join(sourceDir, name));
  const [merges, splits] = [read('merges.json'), read('splits.json')];
  const sha = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const data = buildCountryData(JSON.parse(merges.toString('utf8')), JSON.parse(splits.toString('utf8')), { 'merges.json': sha(merges), 'splits.json': sha(splits) });
  const text = serializeCountryData(data);
  // Every row's shape (zod, the whole file: a start-up checks only the rows it reads), then what a load
  // checks, over every province: links on both sides, unknown codes, contradictions, cycles.
  const parsed = countryDataSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${COUNTRY_FILE} dựng ra không hợp lệ, trường '${parsed.error.issues[0]!.path.join('.')}': ${parsed.error.issues[0]!.message}`);
  const { units, provinces, before } = expandCountryData(parsed.data, COUNTRY_FILE);
  new UnitRegistryIndex([...before.all(), ...units], { provinces });
  return text;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const fromIndex = args.indexOf('--from');
  const sourceDir = fromIndex >= 0 ? resolve(args[fromIndex + 1] ?? '') : findSharedData();
  if (!sourceDir || !existsSync(join(sourceDir, 'merges.json'))) {
    console.error(`Không tìm thấy shared/data/admin-2025/merges.json cạnh thư mục dự án; chỉ rõ bằng --from DIR`);
    process.exit(1);
  }
  const text = buildCountryFile(sourceDir);
  const out = join(unitsDir, COUNTRY_FILE);
  if (args.includes('--check')) {
    const same = existsSync(out) && readFileSync(out, 'utf8') === text;
    console.log(same ? `${out} khớp với ${sourceDir}.` : `${out} khác với bản dựng từ ${sourceDir}: chạy lại không có --check.`);
    process.exit(same ? 0 : 1);
  }
  writeFileSync(out, text);
  console.log(`Đã ghi ${out} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB) từ ${sourceDir}.`);
}
