// Framework files (schema/frameworks/*.json): indicators, maxima, rules and bands as data.
// A broken file is refused at load with the file and the field named.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { metricVocabulary, type MetricVocabulary } from '../core/metric-vocabulary.js';
import { periodMonths, type Period } from '../core/period.js';
import { SOURCE_KINDS } from '../core/source.js';
import { packagePath } from '../core/package-root.js';


const periodKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month written YYYY-MM');

const ruleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('linear') }).strict(),
  z.object({ type: z.literal('target'), target: z.number().gt(0).lte(1) }).strict(),
]);

const indicatorSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/),
    group: z.string(),
    label: z.string().min(1),
    column: z.string().optional(),
    max: z.number().positive(),
    numerator: z.array(z.string()).min(1),
    denominator: z.array(z.string()).min(1),
    rule: ruleSchema,
    empty: z.enum(['zero', 'max', 'null']),
    sources: z.array(z.enum(SOURCE_KINDS)).min(1),
  })
  .strict();

const bandSchema = z.object({ min: z.number().min(0), label: z.string().min(1), short: z.string().min(1) }).strict();

const displaySchema = z
  .object({
    key: z.string(),
    label: z.string(),
    from: periodKey,
    to: periodKey.nullable(),
    columns: z.array(z.object({ label: z.string(), groups: z.array(z.string()).min(1) }).strict()).min(1),
  })
  .strict();

/**
 * Who evaluates the framework's units in a span of months, and issues the report: a province's
 * framework outlives its districts (Điện Biên Phủ ranked its 12 communes until 6/2025, the province
 * its 45 since 7/2025). `districtCode` narrows the scope for those months.
 */
const evaluatorSchema = z
  .object({
    from: periodKey,
    to: periodKey.nullable(),
    districtCode: z.string().regex(/^\d{3}$/).optional(),
    /** "UBND tỉnh Điện Biên": header, title and signature of the report. */
    authority: z.string().min(1),
    /** Place in the date line: "Điện Biên". */
    place: z.string().min(1),
    /** Area in the title: "tỉnh Điện Biên". */
    area: z.string().min(1),
  })
  .strict();

const frameworkSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    basis: z.string().optional(),
    unitLevel: z.enum(['commune', 'province', 'provincial_department', 'any']),
    /** Which units are ranked together: those of a province (and district), valid in the period. */
    scope: z.object({ provinceCode: z.string().optional(), districtCode: z.string().optional() }).strict().optional(),
    evaluators: z.array(evaluatorSchema).optional(),
    validFrom: periodKey,
    validTo: periodKey.optional(),
    maxTotal: z.number().positive(),
    conversion: z.object({ scale: z.number().positive() }).strict(),
    rounding: z
      .object({ points: z.number().int().min(0).max(4), total: z.number().int().min(0).max(4), converted: z.number().int().min(0).max(4) })
      .strict(),
    bands: z.array(bandSchema).min(1),
    groups: z.array(z.object({ key: z.string(), label: z.string(), max: z.number().positive() }).strict()).min(1),
    displays: z.array(displaySchema).optional(),
    indicators: z.array(indicatorSchema).min(1),
  })
  .strict();

export type Framework = z.infer<typeof frameworkSchema> & { readonly hash: string };
export type Indicator = Framework['indicators'][number];
export type Band = Framework['bands'][number];
export type Evaluator = z.infer<typeof evaluatorSchema>;

export class FrameworkError extends Error {
  readonly code = 'INVALID_FRAMEWORK';
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`Tệp bộ chỉ số ${file}, trường '${field}': ${problem}`);
    this.name = 'FrameworkError';
  }
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('') || '(gốc)';
}

const EPSILON = 1e-9;

/**
 * Validates a parsed framework object (structure with zod, then the rules zod cannot express).
 * @example validateFramework(JSON.parse(text), 'dien-bien-xa-2023.json')
 */
export function validateFramework(raw: unknown, file: string, vocabulary: MetricVocabulary = metricVocabulary()): Framework {
  const result = frameworkSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new FrameworkError(file, pathText(issue.path), issue.message);
  }
  const fw = result.data;
  const fail = (field: string, problem: string): never => {
    throw new FrameworkError(file, field, problem);
  };

  const groupKeys = new Set<string>();
  fw.groups.forEach((g, i) => {
    if (groupKeys.has(g.key)) fail(`groups[${i}].key`, `nhóm '${g.key}' khai báo hai lần`);
    groupKeys.add(g.key);
  });
  const indicatorKeys = new Set<string>();
  fw.indicators.forEach((ind, i) => {
    if (indicatorKeys.has(ind.key)) fail(`indicators[${i}].key`, `chỉ số '${ind.key}' khai báo hai lần`);
    indicatorKeys.add(ind.key);
    if (!groupKeys.has(ind.group)) {
      fail(`indicators[${i}].group`, `nhóm '${ind.group}' không có trong 'groups' (có: ${[...groupKeys].join(', ')})`);
    }
    for (const part of ['numerator', 'denominator'] as const) {
      ind[part].forEach((metric, j) => {
        if (!vocabulary.has(metric)) {
          fail(`indicators[${i}].${part}[${j}]`, `chỉ tiêu '${metric}' không có trong danh mục schema/metrics.json`);
        }
      });
    }
    if (new Set(ind.sources).size !== ind.sources.length) fail(`indicators[${i}].sources`, 'nguồn lặp lại');
  });
  fw.groups.forEach((g, i) => {
    const sum = fw.indicators.filter((ind) => ind.group === g.key).reduce((s, ind) => s + ind.max, 0);
    if (Math.abs(sum - g.max) > EPSILON) {
      fail(`groups[${i}].max`, `nhóm '${g.key}' có max ${g.max} nhưng tổng điểm tối đa các chỉ số của nhóm là ${sum}`);
    }
  });
  const indicatorSum = fw.indicators.reduce((s, ind) => s + ind.max, 0);
  if (Math.abs(indicatorSum - fw.maxTotal) > EPSILON) {
    fail('maxTotal', `maxTotal là ${fw.maxTotal} nhưng tổng điểm tối đa các chỉ số là ${indicatorSum}`);
  }
  fw.bands.forEach((band, i) => {
    const previous = fw.bands[i - 1];
    if (previous && band.min >= previous.min) {
      fail(`bands[${i}].min`, `các mức xếp loại phải giảm dần và không chồng lấn: ${band.min} sau ${previous.min}`);
    }
    if (band.min > fw.conversion.scale) fail(`bands[${i}].min`, `${band.min} lớn hơn thang điểm quy đổi ${fw.conversion.scale}`);
  });
  if (fw.bands[fw.bands.length - 1]!.min !== 0) {
    fail(`bands[${fw.bands.length - 1}].min`, 'mức thấp nhất phải bắt đầu từ 0 để mọi điểm đều có xếp loại');
  }
  for (const [i, display] of (fw.displays ?? []).entries()) {
    const covered = display.columns.flatMap((c) => c.groups);
    for (const [j, g] of covered.entries()) {
      if (!groupKeys.has(g)) fail(`displays[${i}].columns`, `nhóm '${g}' (vị trí ${j}) không có trong 'groups'`);
    }
    if (new Set(covered).size !== covered.length || covered.length !== groupKeys.size) {
      fail(`displays[${i}].columns`, 'mỗi nhóm phải xuất hiện đúng một lần trong cách hiển thị');
    }
  }
  for (const [i, evaluator] of (fw.evaluators ?? []).entries()) {
    const previous = fw.evaluators![i - 1];
    if (evaluator.to !== null && evaluator.to < evaluator.from) fail(`evaluators[${i}].to`, `${evaluator.to} trước ${evaluator.from}`);
    if (previous && (previous.to === null || previous.to >= evaluator.from)) {
      fail(`evaluators[${i}].from`, `các giai đoạn phải theo thứ tự và không chồng nhau: ${evaluator.from} không sau ${previous.to ?? 'giai đoạn trước (chưa kết thúc)'}`);
    }
  }
  // Who issues the report does not change a score: leaving it out of the hash keeps stored months
  // from gaining a revision when an authority's name is corrected.
  const { evaluators: _evaluators, ...scored } = fw;
  return Object.freeze({ ...fw, hash: hashCanonical(scored) });
}

function hashCanonical(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export const DEFAULT_FRAMEWORK_DIR = packagePath('schema', 'frameworks');
export { DEFAULT_FRAMEWORK_KEY } from './default-framework.js';

/**
 * Loads one framework file and checks that its key matches the file name.
 * @example loadFrameworkFile('schema/frameworks/qd766-2022.json').maxTotal // 100
 */
export function loadFrameworkFile(path: string): Framework {
  const file = basename(path);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new FrameworkError(file, '(tệp)', `không đọc được JSON: ${(error as Error).message}`);
  }
  const fw = validateFramework(raw, file);
  if (`${fw.key}.json` !== file) throw new FrameworkError(file, 'key', `khóa '${fw.key}' phải trùng tên tệp`);
  return fw;
}

/** Every framework in a folder, keyed by framework key. */
export function loadFrameworks(dir: string = DEFAULT_FRAMEWORK_DIR): Map<string, Framework> {
  const out = new Map<string, Framework>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const fw = loadFrameworkFile(join(dir, name));
    out.set(fw.key, fw);
  }
  return out;
}

/**
 * Finds a framework by key with an operator-readable error listing the known ones. A framework
 * without a fixed province is evaluated per province: its key with the province's statistics code
 * (`qd766-2022@11`) names that evaluation — the framework scoped to the province, under its own key,
 * so snapshots, runs and pages of one province never mix with another's.
 * @example getFramework('dien-bien-xa-2023').maxTotal // 80
 * @example getFramework('qd766-2022@11').scope // { provinceCode: '11' }
 */
export function getFramework(key: string, frameworks: Map<string, Framework> = loadFrameworks()): Framework {
  const [base, province, ...rest] = key.split(PROVINCE_SEPARATOR);
  const fw = frameworks.get(base!);
  if (!fw) {
    throw new FrameworkError(`${base}.json`, 'key', `không có bộ chỉ số '${base}' (có: ${[...frameworks.keys()].join(', ')})`);
  }
  if (province === undefined) return fw;
  if (rest.length || !/^\d{2}$/.test(province)) {
    throw new FrameworkError(`${base}.json`, 'key', `'${key}': sau '${PROVINCE_SEPARATOR}' phải là mã tỉnh 2 chữ số, ví dụ ${base}${PROVINCE_SEPARATOR}11`);
  }
  return scopedToProvince(fw, province);
}

/** Separates a framework key from the province it is evaluated for: `qd766-2022@11`. */
export const PROVINCE_SEPARATOR = '@';

const scopedCache = new WeakMap<Framework, Map<string, Framework>>();

/**
 * The framework evaluated for one province: itself when its scope is that province, a copy scoped
 * to it (key `<key>@<code>`, same hash: the rules are the same) when it has no fixed province.
 * @example scopedToProvince(getFramework('qd766-2022'), '11').key // 'qd766-2022@11'
 */
export function scopedToProvince(fw: Framework, provinceCode: string): Framework {
  if (fw.scope?.provinceCode) {
    if (fw.scope.provinceCode === provinceCode) return fw;
    throw new FrameworkError(`${fw.key}.json`, 'scope.provinceCode', `bộ chỉ số ${fw.key} chỉ đánh giá tỉnh mã ${fw.scope.provinceCode}, không dùng cho tỉnh mã ${provinceCode}`);
  }
  let byProvince = scopedCache.get(fw);
  if (!byProvince) scopedCache.set(fw, (byProvince = new Map()));
  let scoped = byProvince.get(provinceCode);
  if (!scoped) {
    scoped = Object.freeze({ ...fw, key: `${fw.key}${PROVINCE_SEPARATOR}${provinceCode}`, scope: { ...fw.scope, provinceCode } });
    byProvince.set(provinceCode, scoped);
  }
  return scoped;
}

/**
 * The evaluator of a month (undefined when the framework names none for it).
 * @example evaluatorOf(getFramework('dien-bien-xa-2023'), parsePeriod('2026-10'))?.authority // 'UBND tỉnh Điện Biên'
 */
export function evaluatorOf(fw: Framework, period: string): Evaluator | undefined {
  // A quarter or a year is evaluated by whoever evaluates its last month.
  const month = periodMonths(period as Period).at(-1)!;
  return fw.evaluators?.find((e) => e.from <= month && (e.to === null || month <= e.to));
}

/** The metric keys a framework reads, in first-use order. */
export function frameworkMetrics(fw: Framework): string[] {
  return [...new Set(fw.indicators.flatMap((ind) => [...ind.numerator, ...ind.denominator]))];
}
