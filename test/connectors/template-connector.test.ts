// The template connector through the Connector contract: describe, check, capture, parse.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UnreadableSourceError, type ArchivedCapture, type ParseEvent, type RawCapture } from '../../src/core/connector-contract.js';
import { templateConnector } from '../../connectors/template/template-connector.js';
import { parsePeriod } from '../../src/core/period.js';
import { metricVocabulary } from '../../src/core/metric-vocabulary.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';
import { EXAMPLE_CSV } from '../support/example-month.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-template-connector-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const period = parsePeriod('2023-09');
const context = { period, registry: loadUnitRegistry() };

async function collect(events: AsyncIterable<ParseEvent>): Promise<ParseEvent[]> {
  const out: ParseEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe('templateConnector', () => {
  it('describes itself as the template source emitting vocabulary keys', () => {
    const description = templateConnector.describe();
    expect(description.source).toBe('template');
    expect(description.metrics).toEqual(metricVocabulary().metrics.map((m) => m.key));
    expect(description.configSchema.safeParse({ path: '' }).success).toBe(false);
    expect(description.configSchema.safeParse({ path: 'a.xlsx' }).success).toBe(true);
  });

  it('checks a readable template, and explains a missing or foreign file', async () => {
    expect(await templateConnector.check({ path: EXAMPLE_CSV })).toMatchObject({ ok: true });
    const missing = await templateConnector.check({ path: join(dir, 'nope.xlsx') });
    expect(missing.ok).toBe(false);
    expect(missing.message).toContain('nope.xlsx');
    const foreign = join(dir, 'foreign.csv');
    writeFileSync(foreign, 'a,b\n1,2\n');
    expect(await templateConnector.check({ path: foreign })).toMatchObject({ ok: false, message: expect.stringContaining('Mã đơn vị') });
  });

  it('captures the file by path, and parses the same from archived bytes', async () => {
    const captures: RawCapture[] = [];
    for await (const capture of templateConnector.capture({ period, config: { path: EXAMPLE_CSV } })) captures.push(capture);
    expect(captures).toHaveLength(1);
    const [capture] = captures;
    expect(capture).toMatchObject({ source: 'template', period: '2023-09', fileName: 'so-lieu-2023-09.csv', mediaType: 'text/csv' });
    expect(capture!.content).toEqual({ kind: 'file', path: EXAMPLE_CSV });

    const fromFile = await collect(templateConnector.parse(capture!, context));
    const archived: ArchivedCapture = {
      ...capture!,
      content: { kind: 'bytes', bytes: new Uint8Array(readFileSync(EXAMPLE_CSV)) },
      id: 41,
      sha256: 'x',
      capturedAt: new Date(0),
    };
    const fromBytes = await collect(templateConnector.parse(archived, context));
    expect(fromFile).toHaveLength(12 * 18);
    expect(fromBytes).toEqual(fromFile);
  });

  it('refuses a missing file at capture and an Excel 97-2003 file at parse', async () => {
    const missing = templateConnector.capture({ period, config: { path: join(dir, 'missing.xlsx') } })[Symbol.asyncIterator]();
    await expect(missing.next()).rejects.toBeInstanceOf(UnreadableSourceError);

    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const capture: RawCapture = { source: 'template', period, scope: null, fileName: 'old.xls', mediaType: 'application/vnd.ms-excel', content: { kind: 'file', path: xls }, metadata: {} };
    await expect(collect(templateConnector.parse(capture, context))).rejects.toThrow(/old\.xls.*\.xlsx/);
  });

  it('refuses a wide CSV row split by an unquoted decimal comma instead of reading shifted numbers', async () => {
    const path = join(dir, 'split.csv');
    writeFileSync(path, ['Mã đơn vị,Tên đơn vị,Hồ sơ từ kỳ trước chuyển qua [carried_over],Hồ sơ đã giải quyết trước hạn [resolved_early]', '03124,Noong Bua,9,8,117', '03127,Him Lam,10,185'].join('\n'));
    const capture: RawCapture = { source: 'template', period, scope: null, fileName: 'split.csv', mediaType: 'text/csv', content: { kind: 'file', path }, metadata: {} };
    const events = await collect(templateConnector.parse(capture, context));
    const metrics = events.flatMap((e) => (e.kind === 'metric' ? [[e.row.unitCode, e.row.metric, e.row.value]] : []));
    const problems = events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : []));
    expect(metrics).toEqual([
      ['03127', 'carried_over', 10],
      ['03127', 'resolved_early', 185],
    ]);
    expect(problems).toEqual([expect.objectContaining({ location: { file: 'split.csv', row: 2 }, found: '117' })]);
  });

  it('stops when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const capture: RawCapture = { source: 'template', period, scope: null, fileName: 'so-lieu-2023-09.csv', mediaType: 'text/csv', content: { kind: 'file', path: EXAMPLE_CSV }, metadata: {} };
    await expect(collect(templateConnector.parse(capture, { ...context, signal: controller.signal }))).rejects.toMatchObject({ name: 'AbortError' });
  });
});
