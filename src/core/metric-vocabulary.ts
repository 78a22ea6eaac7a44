// The canonical metric vocabulary (schema/metrics.json): the only metric keys a source may emit
// and a framework may reference.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { packagePath } from './package-root.js';

const portalRefSchema = z.union([
  z.object({ endpoint: z.string(), code: z.string(), part: z.enum(['numerator', 'denominator']) }),
  z.object({ endpoint: z.string(), field: z.string() }),
]);

const metricSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/),
  group: z.string(),
  label: z.string().min(1),
  portal: portalRefSchema.nullable(),
});

const vocabularyFileSchema = z.object({ metrics: z.array(metricSchema).min(1) });

export type MetricDefinition = z.infer<typeof metricSchema>;

export interface MetricVocabulary {
  readonly metrics: readonly MetricDefinition[];
  has(key: string): boolean;
  get(key: string): MetricDefinition | undefined;
}

export const DEFAULT_VOCABULARY_PATH = packagePath('schema', 'metrics.json');

/**
 * Loads and validates the metric vocabulary.
 * @example loadMetricVocabulary().has('received_online') // true
 */
export function loadMetricVocabulary(path: string = DEFAULT_VOCABULARY_PATH): MetricVocabulary {
  const parsed = vocabularyFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const byKey = new Map<string, MetricDefinition>();
  for (const metric of parsed.metrics) {
    if (byKey.has(metric.key)) throw new Error(`${path}: metric key '${metric.key}' is defined twice`);
    byKey.set(metric.key, metric);
  }
  return {
    metrics: parsed.metrics,
    has: (key) => byKey.has(key),
    get: (key) => byKey.get(key),
  };
}

let cached: MetricVocabulary | undefined;
/** The project's vocabulary, loaded once. */
export function metricVocabulary(): MetricVocabulary {
  cached ??= loadMetricVocabulary();
  return cached;
}
