// The fake portal's answers, in the shapes the real portal gives (shared/data/portal-real): the
// province is never a row (shape-A overview, shape-B parent, service-results overview with its code
// but no id), provincial departments sit among the units (departmentType/level/childGroup), shape-B
// children are sorted by code as strings (H18.109 < H18.11), 0/0 is answered 0 (and full marks for
// petitions), scoreDelta is null on unit rows, service-results is never paginated.
import type { PortalMetricMapping } from '../../connectors/portal/portal-metric-mapping.js';
import type { ShapeAEndpoint, ShapeBEndpoint } from '../../schema/portal/current-api.js';

export interface FakePortalUnit {
  readonly departmentId: string;
  readonly departmentName: string;
  readonly departmentCode?: string;
  /** Default COMMUNE_PEOPLE_COMMITTEE. */
  readonly departmentType?: 'COMMUNE_PEOPLE_COMMITTEE' | 'PROVINCIAL_DEPARTMENT';
  /** Canonical metric key → value; absent or null = the portal has no value (null in answers). */
  readonly metrics: Readonly<Record<string, number | null>>;
  /** The portal's own total (service-results); default: the sum of the unit's group scores. */
  readonly portalTotal?: number | null;
}

export interface FakePortalProvince {
  readonly rootDepartmentId: string;
  /** Portal agency code, e.g. 'H18'. */
  readonly code: string;
  readonly name: string;
  /** p_tinh_id on the legacy API (default: rootDepartmentId). */
  readonly legacyId?: string;
  readonly units: readonly FakePortalUnit[];
}

type Json = Record<string, unknown>;

/** Metric codes of shape-A endpoints with their names and maxima (portal-api.md). */
const METRIC_CATALOG: Record<ShapeAEndpoint, readonly { code: string; name: string; maxScore: number }[]> = {
  transparency: [
    { code: 'PUBLISH_ON_TIME', name: 'Công bố, công khai TTHC đúng hạn', maxScore: 6 },
    { code: 'PUBLIC_UPDATE_ON_TIME', name: 'Cập nhật, công khai TTHC đúng hạn', maxScore: 4 },
    { code: 'PUBLIC_CONTENT_FULL', name: 'Công khai đầy đủ nội dung TTHC', maxScore: 2 },
    { code: 'DOSSIER_SYNC', name: 'Đồng bộ hồ sơ lên Cổng DVCQG', maxScore: 6 },
  ],
  'handling-satisfaction': [
    { code: 'PETITION_CLASSIFICATION_TTHC', name: 'Phản ánh, kiến nghị về TTHC', maxScore: 0 },
    { code: 'DOSSIER_RECEIVING_SATISFACTION', name: 'Mức độ hài lòng tiếp nhận, giải quyết hồ sơ', maxScore: 6 },
    { code: 'PETITION_PROCESSING_ON_TIME', name: 'Xử lý phản ánh, kiến nghị đúng hạn', maxScore: 6 },
    { code: 'PETITION_HANDLING_SATISFACTION', name: 'Mức độ hài lòng xử lý phản ánh, kiến nghị', maxScore: 6 },
    { code: 'PETITION_CLASSIFICATION_STAFF', name: 'Phản ánh, kiến nghị về cán bộ', maxScore: 0 },
  ],
  'dossier-digitized': [
    { code: 'ORIGINAL_RESULT_AVAILABLE', name: 'Cấp kết quả điện tử', maxScore: 6 },
    { code: 'SO_HOA_GIAY_TO_GIAI_QUYET', name: 'Số hóa hồ sơ, giấy tờ', maxScore: 4 },
    { code: 'REUSED_DIGITIZED_DATA', name: 'Tái sử dụng dữ liệu số hóa', maxScore: 2 },
    { code: 'SYNCED_WITH_DVCQG_PERSONAL_STORAGE', name: 'Đồng bộ kho dữ liệu cá nhân', maxScore: 4 },
    { code: 'CITIZEN_DATA_CONNECTED_DOSSIER', name: 'Hồ sơ kết nối dữ liệu dân cư', maxScore: 2 },
    { code: 'CITIZEN_DATA_CONNECTED_FORMALITY', name: 'Thủ tục kết nối dữ liệu dân cư', maxScore: 2 },
    { code: 'ELECTRONIC_CERTIFIED_COPY', name: 'Chứng thực bản sao điện tử', maxScore: 2 },
  ],
};
/** The portal answers 0/0 petitions with full marks (portal-api.md, "What real answers show"). */
const FULL_WHEN_EMPTY = new Set(['PETITION_PROCESSING_ON_TIME', 'PETITION_HANDLING_SATISFACTION']);

const TREE_MAX: Record<ShapeBEndpoint, number> = { 'dvc-progress-tree': 20, 'provide-online-tree': 12, 'formality-online-payment-tree': 10 };
/** Fields every shape-B parent or child carries besides the mapped ones. */
const TREE_EXTRA_FIELDS: Record<ShapeBEndpoint, { parent: readonly string[]; child: readonly string[] }> = {
  'dvc-progress-tree': { parent: ['totalCompleted', 'avgProcessingDays'], child: ['avgProcessingDays'] },
  'provide-online-tree': {
    parent: ['authorityCount', 'partialCount', 'fullCount', 'onlineDossierCount', 'onlineServiceTotal', 'channelOnlineSum', 'channelDirectSum', 'channelPostalSum', 'channelTotalSum', 'onlineOnTimeSum', 'onlineOverdueSum'],
    child: [],
  },
  'formality-online-payment-tree': {
    parent: ['totalDossierOnlineFormalityPaymentSuccess', 'totalFeeDossierFormalityDistinct', 'totalFeeDossierFormality', 'totalFeeFormality'],
    child: ['totalDossierOnlineFormalityPaymentSuccess', 'totalFeeDossierFormalityDistinct', 'totalFeeDossierFormality', 'totalFeeFormality'],
  },
};
/** Which fields of a tree give the ratio (numerator / denominator). */
const TREE_RATIO: Partial<Record<ShapeBEndpoint, { numerator: string; denominator: string }>> = {
  'dvc-progress-tree': { numerator: 'totalOnTime', denominator: 'totalReceived' },
  'formality-online-payment-tree': { numerator: 'totalDossierOnlinePaymentSuccess', denominator: 'totalDossierFinancialObligation' },
};
const GROUP_OF: Record<ShapeAEndpoint | ShapeBEndpoint, string> = {
  transparency: 'CKMB',
  'handling-satisfaction': 'MDHL',
  'dossier-digitized': 'MDSH',
  'dvc-progress-tree': 'TDGQ',
  'provide-online-tree': 'CLGQ',
  'formality-online-payment-tree': 'TTTT',
};

export interface ProvinceAnswers {
  readonly province: FakePortalProvince;
  readonly shapeA: Map<ShapeAEndpoint, { overview: Json; rows: Json[] }>;
  readonly shapeB: Map<ShapeBEndpoint, { parent: Json; children: Json[] }>;
  /** The drill-down rows of service-results (one per unit, the portal's own total). */
  readonly results: Json[];
  readonly groupScores: Record<string, number>;
  readonly totalScore: number;
}

/** Builds every answer of a province once (requests only slice them). */
export function buildProvinceAnswers(province: FakePortalProvince, mapping: PortalMetricMapping): ProvinceAnswers {
  const shapeA = new Map<ShapeAEndpoint, { overview: Json; rows: Json[] }>();
  const shapeB = new Map<ShapeBEndpoint, { parent: Json; children: Json[] }>();
  const groupScores: Record<string, number> = {};
  const unitGroups = province.units.map(() => new Map<string, number>());
  const kindFields = (unit: FakePortalUnit) =>
    unit.departmentType === 'PROVINCIAL_DEPARTMENT'
      ? { departmentType: 'PROVINCIAL_DEPARTMENT', departmentLevel: 'PROVINCE', agencyLevel: 'level_2' }
      : { departmentType: 'COMMUNE_PEOPLE_COMMITTEE', departmentLevel: 'COMMUNE', agencyLevel: 'level_2' };

  for (const endpoint of Object.keys(METRIC_CATALOG) as ShapeAEndpoint[]) {
    const metricsOf = (values: (key: string) => number | null) =>
      METRIC_CATALOG[endpoint].map(({ code, name, maxScore }) => {
        const parts = mapping.byCode(endpoint, code);
        const read = (part: 'numerator' | 'denominator') => {
          const entry = parts.find((p) => p.part === part);
          return entry ? values(entry.key) : null;
        };
        const numerator = read('numerator');
        const denominator = read('denominator');
        const ratio = numerator === null || denominator === null ? null : denominator === 0 ? 0 : round2((numerator / denominator) * 100);
        const score = maxScore === 0 || ratio === null ? null : denominator === 0 && FULL_WHEN_EMPTY.has(code) ? maxScore : round2(maxScore * Math.min(1, ratio / 100));
        return { code, name, numerator, denominator, ratio, score, maxScore };
      });
    const totalMax = METRIC_CATALOG[endpoint].reduce((s, m) => s + m.maxScore, 0);
    const withTotals = (metrics: ReturnType<typeof metricsOf>) => {
      const totalScore = round2(metrics.reduce((s, m) => s + (m.score ?? 0), 0));
      return { totalScore, totalMaxScore: totalMax, ratio: round2((totalScore / totalMax) * 100), metrics };
    };
    const rows = province.units.map((unit, i) => {
      const totals = withTotals(metricsOf((key) => unit.metrics[key] ?? null));
      unitGroups[i]!.set(GROUP_OF[endpoint], totals.totalScore);
      const row: Json = {
        stt: i + 1,
        departmentId: unit.departmentId,
        departmentName: unit.departmentName,
        // Only dossier-digitized rows carry the unit's code.
        ...(endpoint === 'dossier-digitized' && unit.departmentCode ? { departmentCode: unit.departmentCode } : {}),
        ...kindFields(unit),
        ...totals,
        scoreDelta: null,
      };
      if (endpoint === 'handling-satisfaction') {
        const petitions = unit.metrics.petitions_on_time_base ?? null;
        Object.assign(row, { totalPetitions: petitions, classifiedPetitions: petitions, totalDossiers: unit.metrics.dossiers_satisfied_base ?? null });
      }
      return row;
    });
    const overviewTotals = withTotals(metricsOf((key) => sum(province.units.map((u) => u.metrics[key] ?? null))));
    const overview = { departmentId: province.rootDepartmentId, departmentName: province.name, departmentCode: province.code, ...overviewTotals };
    shapeA.set(endpoint, { overview, rows });
    groupScores[GROUP_OF[endpoint]] = overviewTotals.totalScore;
  }

  const byCodeText = [...province.units.keys()].sort((a, b) => codeOf(province.units[a]!, a).localeCompare(codeOf(province.units[b]!, b)));
  for (const endpoint of Object.keys(TREE_MAX) as ShapeBEndpoint[]) {
    const fields = mapping.byField(endpoint);
    const max = TREE_MAX[endpoint];
    const scored = (values: Json) => {
      const ratioFields = TREE_RATIO[endpoint];
      if (!ratioFields) return { ratio: null, score: null };
      const num = values[ratioFields.numerator] as number | null;
      const den = values[ratioFields.denominator] as number | null;
      // 0/0 comes back as ratio 0, score 0: only the denominator says there was nothing to measure.
      const ratio = num === null || den === null ? null : den === 0 ? 0 : round2((num / den) * 100);
      return { ratio, score: ratio === null ? null : round2((max * ratio) / 100) };
    };
    // Children sorted by code as strings, as the portal does (H18.109 before H18.11).
    const children = byCodeText.map((i) => {
      const unit = province.units[i]!;
      const values: Json = Object.fromEntries(fields.map(({ key, field }) => [field, unit.metrics[key] ?? null]));
      for (const extra of TREE_EXTRA_FIELDS[endpoint].child) values[extra] ??= null;
      const { ratio, score } = scored(values);
      const child: Json = { departmentId: unit.departmentId, departmentName: unit.departmentName, departmentCode: codeOf(unit, i), level: unit.departmentType === 'PROVINCIAL_DEPARTMENT' ? 'PROVINCE' : 'COMMUNE' };
      let group: number | null;
      let answer: Json;
      if (endpoint === 'provide-online-tree') {
        // The unit's own online-services points when the data set has them, else the computed ones.
        const own = typeof values.totalScore === 'number' && typeof values.totalMaxScore === 'number';
        const totalScore = own ? (values.totalScore as number) : score;
        const totalMaxScore = own ? (values.totalMaxScore as number) : max;
        group = totalScore;
        answer = { ...child, totalScore, totalMaxScore, ratio: totalScore === null ? null : round2((totalScore / totalMaxScore) * 100), scoreDelta: null };
      } else if (endpoint === 'dvc-progress-tree') {
        group = score;
        answer = { ...child, ...values, ratio, score, maxScore: max, scoreDelta: null };
      } else {
        group = score;
        answer = { ...child, ...values, ratio, totalScore: score, totalMaxScore: max, scoreDelta: null };
      }
      unitGroups[i]!.set(GROUP_OF[endpoint], group ?? 0);
      return answer;
    });
    const parentValues: Json = Object.fromEntries(fields.map(({ key, field }) => [field, sum(province.units.map((u) => u.metrics[key] ?? null))]));
    for (const extra of TREE_EXTRA_FIELDS[endpoint].parent) parentValues[extra] ??= null;
    const { ratio, score } = scored(parentValues);
    const parent = { departmentId: province.rootDepartmentId, departmentName: province.name, departmentCode: province.code, ...parentValues, ratio, totalScore: score ?? 0, totalMaxScore: max };
    shapeB.set(endpoint, { parent, children });
    groupScores[GROUP_OF[endpoint]] = score ?? 0;
  }

  const results = province.units.map((unit, i) => {
    const computed = round2([...unitGroups[i]!.values()].reduce((s, v) => s + v, 0));
    const total = unit.portalTotal === undefined ? computed : unit.portalTotal;
    return {
      departmentId: unit.departmentId,
      departmentName: unit.departmentName,
      departmentCode: codeOf(unit, i),
      totalScore: total,
      ratio: total,
      scoreDelta: null,
      childGroup: unit.departmentType === 'PROVINCIAL_DEPARTMENT' ? 'AGENCY' : 'COMMUNE',
    };
  });
  results.sort((a, b) => (b.totalScore ?? -1) - (a.totalScore ?? -1));
  const totalScore = round2(Object.values(groupScores).reduce((s, v) => s + v, 0));
  return { province, shapeA, shapeB, results, groupScores, totalScore };
}

/** The charts of service-results: `dossierChart` filled only for the months asked, `monthlyChart` for the year. */
export function resultCharts(months: readonly number[], average: number): { monthlyChart: Json[]; dossierChart: Json[] } {
  const asked = new Set(months);
  const last = Math.max(...months);
  const mm = (m: number) => String(m).padStart(2, '0');
  return {
    monthlyChart: Array.from({ length: 12 }, (_, i) => ({ month: mm(i + 1), averageScore: i + 1 <= last ? average : null })),
    dossierChart: Array.from({ length: 12 }, (_, i) => (asked.has(i + 1) ? { month: mm(i + 1), onTimePct: 80, overduePct: 20 } : { month: mm(i + 1), onTimePct: null, overduePct: null })),
  };
}

/** The province drill-down of service-results (overview with the portal code, no id). */
export function drillDownAnswer(answers: ProvinceAnswers, months: readonly number[]): Json {
  const { province, totalScore, groupScores } = answers;
  const radar = [
    { code: 'CKMB', name: 'Công khai, minh bạch', score: groupScores.CKMB ?? 0, maxScore: 18 },
    { code: 'TDGQ', name: 'Tiến độ giải quyết', score: groupScores.TDGQ ?? 0, maxScore: 20 },
    { code: 'ONLINE_SERVICE', name: 'Dịch vụ trực tuyến', score: round2((groupScores.CLGQ ?? 0) + (groupScores.TTTT ?? 0)), maxScore: 22 },
    { code: 'MDHL', name: 'Mức độ hài lòng', score: groupScores.MDHL ?? 0, maxScore: 18 },
    { code: 'MDSH', name: 'Số hóa hồ sơ', score: groupScores.MDSH ?? 0, maxScore: 22 },
  ].map((r) => ({ ...r, ratio: round2((r.score / r.maxScore) * 100) }));
  return {
    overview: { departmentName: province.name, departmentCode: province.code, totalScore, totalMaxScore: 100, ratio: totalScore },
    growthPercent: 0,
    radar,
    donuts: { onlineDossier: [], onlineProvision: null },
    evaluation: answers.results,
    ...resultCharts(months, totalScore),
  };
}

/** The national summary: one row per province with its group scores; the overview is the country. */
export function nationalAnswer(all: readonly ProvinceAnswers[], months: readonly number[]): Json {
  const evaluation = all
    .map((a) => ({
      departmentId: a.province.rootDepartmentId,
      departmentName: a.province.name,
      departmentCode: a.province.code,
      totalScore: a.totalScore,
      ratio: a.totalScore,
      scoreDelta: 0,
      groupScores: a.groupScores,
    }))
    .sort((a, b) => b.totalScore - a.totalScore);
  const average = all.length ? round2(all.reduce((s, a) => s + a.totalScore, 0) / all.length) : 0;
  return {
    overview: { departmentName: 'Cả nước', departmentCode: null, totalScore: average, totalMaxScore: 100, ratio: average },
    growthPercent: 0,
    radar: [],
    donuts: { onlineDossier: [], onlineProvision: [] },
    evaluation,
    ...resultCharts(months, average),
  };
}

function codeOf(unit: FakePortalUnit, index: number): string {
  return unit.departmentCode ?? `X.${100 + index}`;
}

export function sum(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
