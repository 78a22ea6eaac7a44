// Where the portal publishes each canonical metric, read from the vocabulary (schema/metrics.json,
// the `portal` entries) so there is one copy of the mapping, used by the connector and the fake portal.
import { metricVocabulary, type MetricVocabulary } from '../../src/core/metric-vocabulary.js';

export interface CodeMapping {
  readonly key: string;
  readonly part: 'numerator' | 'denominator';
}

export interface FieldMapping {
  readonly key: string;
  readonly field: string;
}

export interface PortalMetricMapping {
  /** Canonical metrics read from a metric code of a shape-A endpoint. */
  byCode(endpoint: string, code: string): readonly CodeMapping[];
  /** Every metric code of a shape-A endpoint that feeds a canonical metric. */
  codes(endpoint: string): readonly string[];
  /** Canonical metrics read from the child fields of a shape-B endpoint. */
  byField(endpoint: string): readonly FieldMapping[];
  /** Every canonical key the portal can give. */
  readonly keys: readonly string[];
}

/**
 * Builds the portal mapping from the vocabulary.
 * @example portalMetricMapping().byField('formality-online-payment-tree') // [{ key: 'fee_dossiers', field: 'totalDossierFinancialObligation' }, ...]
 */
export function portalMetricMapping(vocabulary: MetricVocabulary = metricVocabulary()): PortalMetricMapping {
  const codes = new Map<string, CodeMapping[]>();
  const codesOfEndpoint = new Map<string, string[]>();
  const fields = new Map<string, FieldMapping[]>();
  const keys: string[] = [];
  for (const metric of vocabulary.metrics) {
    const ref = metric.portal;
    if (!ref) continue;
    keys.push(metric.key);
    if ('code' in ref) {
      const id = `${ref.endpoint}\u0000${ref.code}`;
      if (!codes.has(id)) {
        codes.set(id, []);
        codesOfEndpoint.set(ref.endpoint, [...(codesOfEndpoint.get(ref.endpoint) ?? []), ref.code]);
      }
      codes.get(id)!.push({ key: metric.key, part: ref.part });
    } else {
      fields.set(ref.endpoint, [...(fields.get(ref.endpoint) ?? []), { key: metric.key, field: ref.field }]);
    }
  }
  return {
    byCode: (endpoint, code) => codes.get(`${endpoint}\u0000${code}`) ?? [],
    codes: (endpoint) => codesOfEndpoint.get(endpoint) ?? [],
    byField: (endpoint) => fields.get(endpoint) ?? [],
    keys,
  };
}
