// docs/reliability.md states the input limits; this test keeps the stated defaults equal to the ones
// the configuration applies, so the documentation cannot drift from the code.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const doc = readFileSync(new URL('../../docs/reliability.md', import.meta.url), 'utf8');

it('states every input limit with the default the configuration uses', () => {
  const section = doc.slice(doc.indexOf('### Limits on input sizes'), doc.indexOf('### Fault cases'));
  const stated = Object.fromEntries([...section.matchAll(/^\| `(DVC_[A-Z_]+)` \| (\d+) \|/gm)].map((m) => [m[1]!, Number(m[2])]));
  const config = loadConfig({});
  expect(stated).toEqual({
    DVC_CAPTURE_INLINE_MAX_BYTES: config.captureInlineMaxBytes,
    DVC_PORTAL_MAX_ANSWER_BYTES: config.portalMaxAnswerBytes,
    DVC_XLSX_MAX_INFLATED_BYTES: config.inputLimits.xlsxMaxInflatedBytes,
    DVC_XLSX_IN_MEMORY_MAX_BYTES: config.inputLimits.xlsxInMemoryMaxBytes,
    DVC_FILE_ABANDON_AFTER_BAD_ROWS: config.inputLimits.abandonAfterBadRows,
    DVC_QUARANTINE_MAX_PER_CAPTURE: config.quarantineMaxPerCapture,
  });
  // Each setting is honoured when set.
  expect(loadConfig({ DVC_PORTAL_MAX_ANSWER_BYTES: '1000', DVC_QUARANTINE_MAX_PER_CAPTURE: '7' })).toMatchObject({ portalMaxAnswerBytes: 1000, quarantineMaxPerCapture: 7 });
});

it('states that immutability covers UPDATE, DELETE and TRUNCATE', () => {
  expect(doc).toMatch(/refuse `UPDATE`, `DELETE` and `TRUNCATE` on `snapshots`, `snapshot_rows` and `snapshot_inputs`/);
  expect(doc).toContain('## Đầu vào / Input');
});
