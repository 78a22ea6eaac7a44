// zod contracts of the national portal's current reporting API (POST /api/v1/reporting/evaluation/*),
// as the real 2026 answers are (shared/data/portal-real). Objects are loose: unknown extra fields pass
// through, but a required field that disappears or is renamed fails validation, so a change of shape
// stops scoring instead of being scored as zeros. The unit kind is checked by the reader (three spellings).
import { z } from 'zod';

/** The current API's evaluation endpoints, by response shape. */
export const SHAPE_A_ENDPOINTS = ['transparency', 'handling-satisfaction', 'dossier-digitized'] as const;
export const SHAPE_B_ENDPOINTS = ['dvc-progress-tree', 'provide-online-tree', 'formality-online-payment-tree'] as const;
export const PORTAL_ENDPOINTS = [...SHAPE_A_ENDPOINTS, ...SHAPE_B_ENDPOINTS, 'service-results'] as const;

export type ShapeAEndpoint = (typeof SHAPE_A_ENDPOINTS)[number];
export type ShapeBEndpoint = (typeof SHAPE_B_ENDPOINTS)[number];
export type PortalEndpoint = (typeof PORTAL_ENDPOINTS)[number];

/** A number the portal may leave empty: 0/0 comes back as null on some endpoints. Null stays null. */
const nullableNumber = z.number().nullable();
const optionalNumber = nullableNumber.optional();
const optionalText = z.string().nullable().optional();

/** Every answer is wrapped: `{ code: "OK", data, message }`. */
export const envelopeSchema = z.looseObject({
  code: z.string(),
  data: z.unknown(),
  message: z.string().nullable().optional(),
});

export const evaluationMetricSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  numerator: nullableNumber,
  denominator: nullableNumber,
  ratio: nullableNumber,
  score: nullableNumber,
  maxScore: nullableNumber,
  dataQualityStatus: optionalText,
  dataQualityMessage: optionalText,
});

/** One unit row of a shape-A answer (`data.evaluation[]`); `departmentCode` only on dossier-digitized. */
export const evaluationRowSchema = z.looseObject({
  stt: optionalNumber,
  departmentId: z.string().min(1),
  departmentName: z.string(),
  departmentCode: optionalText,
  /** COMMUNE_PEOPLE_COMMITTEE | PROVINCIAL_DEPARTMENT (| PROVINCE); with departmentLevel and agencyLevel. */
  departmentType: optionalText,
  departmentLevel: optionalText,
  agencyLevel: optionalText,
  totalScore: nullableNumber,
  totalMaxScore: nullableNumber,
  ratio: nullableNumber,
  scoreDelta: optionalNumber,
  metrics: z.array(evaluationMetricSchema),
  totalPetitions: optionalNumber,
  classifiedPetitions: optionalNumber,
  totalDossiers: optionalNumber,
});

export const paginationSchema = z.looseObject({
  total: z.number().int().min(0),
  currentPage: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  totalPages: z.number().int().min(0),
});

/** The province as a whole: its root departmentId and/or its portal code (`H21`), and its metrics. */
export const overviewSchema = z.looseObject({
  departmentId: z.string().nullable().optional(),
  departmentName: optionalText,
  departmentCode: optionalText,
  metrics: z.array(evaluationMetricSchema).optional(),
});

/** Shape A: transparency, handling-satisfaction, dossier-digitized. */
export const shapeADataSchema = z.looseObject({
  overview: overviewSchema.nullable().optional(),
  evaluation: z.array(evaluationRowSchema),
  pagination: paginationSchema,
  source: optionalText,
});

const treeParentBase = { departmentId: z.string().min(1), departmentName: optionalText, departmentCode: optionalText };
/** `level` COMMUNE | PROVINCE (here PROVINCE means a provincial department). */
const treeChildBase = { departmentId: z.string().min(1), departmentName: z.string(), departmentCode: optionalText, level: z.union([z.string(), z.number()]).nullable().optional() };

export const progressChildSchema = z.looseObject({
  ...treeChildBase,
  totalReceived: nullableNumber,
  totalOnTime: nullableNumber,
  totalOverdue: nullableNumber,
  avgProcessingDays: optionalNumber,
  ratio: optionalNumber,
  score: optionalNumber,
  maxScore: optionalNumber,
  scoreDelta: optionalNumber,
});

export const onlineChildSchema = z.looseObject({
  ...treeChildBase,
  totalScore: nullableNumber,
  totalMaxScore: nullableNumber,
  ratio: nullableNumber,
});

export const paymentChildSchema = z.looseObject({
  ...treeChildBase,
  totalDossierOnlinePaymentSuccess: nullableNumber,
  totalDossierFinancialObligation: nullableNumber,
  totalDossierOnlineFormalityPaymentSuccess: optionalNumber,
  totalFeeDossierFormalityDistinct: optionalNumber,
  totalFeeDossierFormality: optionalNumber,
  totalFeeFormality: optionalNumber,
  ratio: optionalNumber,
  totalScore: optionalNumber,
  totalMaxScore: optionalNumber,
  scoreDelta: optionalNumber,
});

/** Shape B: `data.parent` (the province) and `data.children[]` (units); no pagination. */
function treeDataSchema<Child extends z.ZodType>(child: Child) {
  return z.looseObject({
    parent: z.looseObject(treeParentBase),
    children: z.array(child),
    monthlyChart: z.unknown().optional(),
  });
}

/** `monthlyChart` / `dossierChart` entries: `{month: "01", …values}` (the online tree writes `label`). */
export const chartSchema = z.array(z.looseObject({ month: z.string().optional(), label: z.string().optional() })).nullable().optional();

export const progressDataSchema = treeDataSchema(progressChildSchema);
export const onlineDataSchema = treeDataSchema(onlineChildSchema);
export const paymentDataSchema = treeDataSchema(paymentChildSchema);

export const groupScoresSchema = z.looseObject({
  CKMB: nullableNumber,
  TDGQ: nullableNumber,
  CLGQ: nullableNumber,
  TTTT: nullableNumber,
  MDHL: nullableNumber,
  MDSH: nullableNumber,
});

/**
 * `service-results`: the national summary (one row per province, with `groupScores`; overview "Cả
 * nước" without code) or, asked with a `rootDepartmentId`, the province drill-down (overview with the
 * province's portal code but no id; one row per unit with the portal's own total and `childGroup`).
 * No pagination.
 */
export const serviceResultsDataSchema = z.looseObject({
  overview: z.looseObject({ departmentName: optionalText, departmentCode: optionalText, departmentId: optionalText, totalScore: optionalNumber }).nullable().optional(),
  evaluation: z.array(
    z.looseObject({
      departmentId: z.string().min(1),
      departmentName: z.string(),
      departmentCode: optionalText,
      totalScore: nullableNumber,
      ratio: optionalNumber,
      scoreDelta: optionalNumber,
      groupScores: groupScoresSchema.optional(),
      /** COMMUNE | AGENCY on the drill-down. */
      childGroup: optionalText,
    }),
  ),
  monthlyChart: chartSchema,
  dossierChart: chartSchema,
});

export type EvaluationMetric = z.infer<typeof evaluationMetricSchema>;
export type EvaluationRow = z.infer<typeof evaluationRowSchema>;
export type ShapeAData = z.infer<typeof shapeADataSchema>;
export type ProgressChild = z.infer<typeof progressChildSchema>;
export type OnlineChild = z.infer<typeof onlineChildSchema>;
export type PaymentChild = z.infer<typeof paymentChildSchema>;
export type TreeChild = ProgressChild | OnlineChild | PaymentChild;
export type ShapeBData = {
  parent: { departmentId: string; departmentName?: string | null | undefined; departmentCode?: string | null | undefined } & Record<string, unknown>;
  children: TreeChild[];
  monthlyChart?: unknown;
};
export type ServiceResultsData = z.infer<typeof serviceResultsDataSchema>;

/** The data schema of each endpoint. */
export const endpointDataSchemas = {
  transparency: shapeADataSchema,
  'handling-satisfaction': shapeADataSchema,
  'dossier-digitized': shapeADataSchema,
  'dvc-progress-tree': progressDataSchema,
  'provide-online-tree': onlineDataSchema,
  'formality-online-payment-tree': paymentDataSchema,
  'service-results': serviceResultsDataSchema,
} as const satisfies Record<PortalEndpoint, z.ZodType>;

export function isShapeA(endpoint: PortalEndpoint): endpoint is ShapeAEndpoint {
  return (SHAPE_A_ENDPOINTS as readonly string[]).includes(endpoint);
}

export function isShapeB(endpoint: PortalEndpoint): endpoint is ShapeBEndpoint {
  return (SHAPE_B_ENDPOINTS as readonly string[]).includes(endpoint);
}

export function isPortalEndpoint(name: unknown): name is PortalEndpoint {
  return typeof name === 'string' && (PORTAL_ENDPOINTS as readonly string[]).includes(name);
}
