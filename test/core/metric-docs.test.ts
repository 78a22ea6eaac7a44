import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';

it('docs/metrics.md documents every metric of the vocabulary', () => {
  const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');
  const undocumented = metricVocabulary().metrics.filter((m) => !doc.includes(`\`${m.key}\``)).map((m) => m.key);
  expect(undocumented).toEqual([]);
});
