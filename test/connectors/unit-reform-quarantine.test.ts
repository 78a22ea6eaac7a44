// Files of the wrong side of the 1/7/2025 reorganisation: an old commune's name in a 2026 export and a
// new commune's name in a 2023 one are quarantined with what the unit became or came from.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOneDoorConnector } from '../../connectors/one-door/index.js';
import { parseTemplateFile } from '../../connectors/template/template-connector.js';
import type { ParseEvent, RawCapture } from '../../src/core/connector-contract.js';
import { parsePeriod } from '../../src/core/period.js';
import { loadUnitRegistry } from '../../src/units/unit-registry.js';

const dir = mkdtempSync(join(tmpdir(), 'dvc-reform-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const registry = loadUnitRegistry();

describe('units of another period in a source file', () => {
  it('quarantines an old name in a 2026 long template with its successor, and the old name next to the reused code', async () => {
    const path = join(dir, 'long-2026.csv');
    writeFileSync(
      path,
      [
        'period,unit_code,unit_name,metric,value',
        '2026-10,03127,Phường Điện Biên Phủ,received_online,7',
        '2026-10,,Phường Him Lam,received_online,5',
        '2026-10,03127,UBND phường Him Lam,received_offline,4',
        '2026-10,,Xã Nà Tấu,received_online,3',
        '2026-10,,Phường Noong Bua,received_online,2',
      ].join('\n') + '\n',
    );
    const { metrics, problems } = await parseTemplateFile(path, { period: parsePeriod('2026-10'), registry });
    expect(metrics.map((m) => [m.unitCode, m.metric, m.value])).toEqual([
      ['03127', 'received_online', 7],
      ['03316', 'received_online', 3],
    ]);
    expect(problems.map((p) => p.location.row)).toEqual([3, 4, 6]);
    expect(problems[0]!.reason).toContain('Phường Him Lam → nay thuộc Phường Điện Biên Phủ (03127)');
    expect(problems[1]!.reason).toContain('Phường Him Lam → nay thuộc Phường Điện Biên Phủ (03127)');
    expect(problems[2]!.reason).toContain('Phường Noong Bua → nay thuộc Phường Mường Thanh (03334)');
    expect(problems[2]!.expected).toContain('UBND phường Mường Thanh (03334)');
  });

  it('quarantines a new name in a 2023 file with its predecessors', async () => {
    const path = join(dir, 'long-2023.csv');
    writeFileSync(path, ['period,unit_code,unit_name,metric,value', '2023-09,,Xã Mường Phăng,received_online,1', '2023-09,,Phường Điện Biên Phủ,received_online,9'].join('\n') + '\n');
    const { metrics, problems } = await parseTemplateFile(path, { period: parsePeriod('2023-09'), registry });
    expect(metrics.map((m) => m.unitCode)).toEqual(['03325']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.reason).toMatch(/chưa tồn tại \(có hiệu lực từ 01\/07\/2025\): Phường Điện Biên Phủ ← trước đây là Phường Him Lam \(03127\), Phường Thanh Bình \(03130\)/);
  });

  it('quarantines an old commune row of a one-door II.06a export for 2026, keeping the other rows', async () => {
    const example = readFileSync(new URL('../../examples/dien-bien-2026-10/mot-cua/2026-10/bieu-ii06a-thang-10.csv', import.meta.url), 'utf8');
    const path = join(dir, 'bieu-ii06a-2026-10.csv');
    writeFileSync(path, example.replace('1,UBND phường Điện Biên Phủ,03127,', '1,UBND phường Him Lam,,'));
    const connector = createOneDoorConnector();
    const captures: RawCapture[] = [];
    for await (const capture of connector.capture({ period: parsePeriod('2026-10'), config: { path } })) captures.push(capture);
    const events: ParseEvent[] = [];
    for await (const event of connector.parse(captures[0]!, { period: parsePeriod('2026-10'), registry })) events.push(event);
    const problems = events.flatMap((e) => (e.kind === 'problem' ? [e.problem] : []));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ found: 'UBND phường Him Lam', location: { row: 7 } });
    expect(problems[0]!.reason).toContain('Phường Him Lam → nay thuộc Phường Điện Biên Phủ (03127)');
    const units = new Set(events.flatMap((e) => (e.kind === 'metric' ? [e.row.unitCode] : [])));
    expect(units.size).toBe(44);
    expect(units.has('03127')).toBe(false);
  });
});
